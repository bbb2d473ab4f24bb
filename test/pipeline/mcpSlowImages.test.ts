/**
 * Slow images and agents that give up: the real MCP server process over stdio, the SDK's own client with a short
 * timeout, and the fake Images API made slow (minutes compressed to seconds).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, CreateTaskResultSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';

const repository = path.join(__dirname, '..', '..');
const CLIENT_TIMEOUT_MS = 8000;

describe('MCP server: slow images, progress, and calls that are never paid twice', function () {
  this.timeout(90_000);
  let server: FakeImagesServer;
  let root: string;
  let client: Client;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'openai-images-mcp-slow-')));
    client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), '--base-url', server.baseUrl, '--root', root],
        env: { OPENAI_API_KEY: FAKE_API_KEY, PATH: process.env.PATH ?? '' },
        cwd: repository,
        stderr: 'pipe',
      }),
    );
  });
  afterEach(async () => {
    await client.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const imageRequests = () => server.requests.filter((request) => request.path.startsWith('/v1/images/'));
  const pngs = () => readdirSync(root).filter((name) => name.endsWith('.png'));
  const args = { prompt: 'a lighthouse in a storm', path: 'storm.png', quality: 'high' };

  it('a call that outlasts the client timeout succeeds when progress resets it: notifications at each partial image and every 5 s', async () => {
    // 6 s before the first event, then 3 s between events (two partial images and the final one): 15 s in all.
    server.delayMs = 6000;
    server.eventDelayMs = 3000;
    const progress: Progress[] = [];
    const started = Date.now();
    const result = (await client.callTool({ name: 'generate_image', arguments: args }, undefined, {
      timeout: CLIENT_TIMEOUT_MS,
      resetTimeoutOnProgress: true,
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    assert.equal(result.isError, false, JSON.stringify(result.content));
    assert.ok(Date.now() - started > CLIENT_TIMEOUT_MS, 'it took longer than the client would have waited');
    assert.deepEqual(pngs(), ['storm.png']);
    assert.equal(imageRequests()[0]!.fields.stream, true, 'streamed, for partial images to report');
    const messages = progress.map((update) => update.message ?? '');
    assert.ok(
      messages.some((message) => /^rendering, partial image 1 of 2, \d+ s$/.test(message)),
      messages.join(' | '),
    );
    assert.ok(
      messages.some((message) => /^rendering, partial image 2 of 2, \d+ s$/.test(message)),
      messages.join(' | '),
    );
    assert.ok(progress.length >= 4, 'at once, at each partial image, and every 5 s');
    assert.deepEqual(
      progress.map((update) => update.progress),
      progress.map((_, index) => index + 1),
      'progress grows with every notification',
    );
  });

  it('without progress the client times out, the file still lands, and repeats return it with no second request', async () => {
    server.delayMs = 12_000;
    await assert.rejects(client.callTool({ name: 'generate_image', arguments: args }, undefined, { timeout: CLIENT_TIMEOUT_MS }), /timed out/i);
    assert.deepEqual(pngs(), [], 'not written yet when the client gave up');

    // The agent calls again while the first is still running: it waits for that one instead of paying again.
    const again = (await client.callTool({ name: 'generate_image', arguments: { ...args } }, undefined, { timeout: 30_000 })) as CallToolResult;
    assert.equal(again.isError, false, JSON.stringify(again.content));
    const text = again.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    assert.match(
      text,
      /The same call \(same arguments, same folder\) started \d+ s ago and was still running: this is its result\. Nothing was sent to OpenAI again\./,
    );
    assert.deepEqual(pngs(), ['storm.png']);

    // Once more after it finished: the same file, still one request.
    const third = (await client.callTool({ name: 'generate_image', arguments: args })) as CallToolResult;
    assert.match(JSON.stringify(third.content), /finished \d+ s ago: this is its result, the same file/);
    assert.equal(imageRequests().length, 1, 'one request for three calls');
    assert.deepEqual(pngs(), ['storm.png']);

    // Other arguments are another call.
    server.delayMs = 0;
    const other = (await client.callTool({ name: 'generate_image', arguments: { ...args, prompt: 'a calm sea' } })) as CallToolResult;
    assert.equal(other.isError, false);
    assert.equal(imageRequests().length, 2);
  });

  /** A task-augmented tools/call: the task comes back at once. */
  async function startTask(arguments_: Record<string, unknown>) {
    const created = await client.request(
      { method: 'tools/call', params: { name: 'generate_image', arguments: arguments_, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    return created.task;
  }

  it('a task is started at once, polled while it works, and collected with the image', async () => {
    server.delayMs = 3000;
    const started = Date.now();
    const task = await startTask(args);
    assert.ok(Date.now() - started < 2000, 'the task comes back before the image');
    assert.equal(task.status, 'working');
    assert.equal((await client.experimental.tasks.getTask(task.taskId)).status, 'working');
    let status: string = task.status;
    for (let polls = 0; status === 'working' && polls < 200; polls++) {
      await new Promise((resolve) => setTimeout(resolve, task.pollInterval ?? 250));
      status = (await client.experimental.tasks.getTask(task.taskId)).status;
    }
    assert.equal(status, 'completed');
    const result = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    assert.equal(result.isError, false, JSON.stringify(result.content));
    assert.match(JSON.stringify(result.content), /storm\.png/);
    assert.deepEqual(pngs(), ['storm.png']);
  });

  it('a cancelled task aborts its request and writes nothing', async () => {
    server.delayMs = 10_000;
    const task = await startTask({ ...args, path: 'cancelled.png' });
    await waitFor(() => imageRequests().length === 1);
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    assert.equal(cancelled.status, 'cancelled');
    await waitFor(() => imageRequests()[0]!.aborted);
    assert.deepEqual(pngs(), [], 'nothing written');
    assert.equal((await client.experimental.tasks.getTask(task.taskId)).status, 'cancelled');
    assert.equal(imageRequests().length, 1, 'nothing sent again');
  });
});

/** Polls a condition a test can observe (a request arrived, a connection dropped), for at most 15 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting');
}
