/** Streamed requests: partial images as they arrive, the file only from the completed event, and the fallback. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { actualCost, estimateCost } from '../../src/core/pricing';
import { planEdit, planGenerate, type PlannedRequest } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { detectFormat } from '../../src/core/imageBytes';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../../src/pipeline/runImageJob';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { collectingLog } from '../support/collectingLog';
import { pngImage } from '../support/images';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('streamed requests against the fake Images API', function () {
  this.timeout(30_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-stream-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, size: '1024x1024', ...overrides });
  function generate(overrides: Partial<Settings> = {}): PlannedRequest {
    const plan = planGenerate('a lighthouse at dusk', settings(overrides));
    assert.ok(plan.ok);
    return { kind: 'generate', body: plan.body };
  }

  interface Seen {
    readonly index: number;
    readonly sha256: string;
    readonly at: number;
    readonly format: string | undefined;
  }

  async function run(request: PlannedRequest, partialImages: number | undefined, signal = new AbortController().signal, maxRetries = 0) {
    const log = collectingLog();
    const partials: Seen[] = [];
    let refused = 0;
    const outcome = await runImageJob({
      request,
      connection: { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries },
      folder: nodeTargetFolder(dir),
      stem: 'lighthouse',
      signal,
      log,
      partialImages,
      onPartial: (image, index) => partials.push({ index, sha256: sha256(image), at: Date.now(), format: detectFormat(image) }),
      onStreamingRefused: () => (refused += 1),
    });
    return { outcome, log, partials, refused, finishedAt: Date.now() };
  }

  it('hands over each partial image as it arrives, well before the final one, and writes only the final image', async () => {
    server.eventDelayMs = 300;
    const { outcome, partials, finishedAt } = await run(generate(), 2);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const request = server.requests[0]!;
    assert.equal(request.fields.stream, true);
    assert.equal(request.fields.partial_images, 2);
    assert.deepEqual(
      request.events.map((event) => event.type),
      ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed'],
    );
    assert.deepEqual(
      partials.map((partial) => partial.index),
      [0, 1],
    );
    assert.deepEqual(
      partials.map((partial) => partial.sha256),
      request.events.slice(0, 2).map((event) => event.sha256),
    );
    assert.ok(partials.every((partial) => partial.format === 'png'));
    // The first partial arrived two event pauses before the request finished, not at the end.
    assert.ok(finishedAt - partials[0]!.at >= 400, `first partial only ${finishedAt - partials[0]!.at} ms before the end`);
    assert.deepEqual(await fs.readdir(dir), ['lighthouse.png']);
    const written = await fs.readFile(path.join(dir, 'lighthouse.png'));
    assert.equal(sha256(written), request.returned[0]);
    assert.ok(!partials.some((partial) => partial.sha256 === sha256(written)), 'a partial was written as the file');
  });

  it('never hands over a partial image that is not a whole file of its format', async () => {
    server.script({ brokenPartial: 0 });
    const { outcome, partials, log } = await run(generate(), 2);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.deepEqual(
      partials.map((partial) => partial.index),
      [1],
      'the broken first partial was dropped, the second drawn',
    );
    assert.ok(
      log.lines.some((line) => line.includes('partial image 0 dropped')),
      log.lines.join('\n'),
    );
  });

  it('reports the usage of the completed event, so the actual cost includes the partial images', async () => {
    const { outcome } = await run(generate({ quality: 'low' }), 3);
    assert.ok(outcome.ok);
    assert.equal(outcome.usage?.output_tokens, 272 + 300, 'low quality, square: 272 tokens, and 100 per partial image');
    const estimate = estimateCost({ model: 'gpt-image-1.5', size: '1024x1024', quality: 'low', n: 1, partialImages: 3 });
    assert.ok(Math.abs(actualCost('gpt-image-1.5', outcome.usage!) - (20 * 5 + 572 * 32) / 1e6) < 1e-12);
    assert.ok(Math.abs(estimate.usd - (0.009 + (300 * 32) / 1e6)) < 1e-12);
  });

  it('streams edits too, with multipart stream fields', async () => {
    const plan = planEdit('add a boat', [{ name: 'sea.png', bytes: await pngImage(32, 32) }], undefined, settings());
    assert.ok(plan.ok);
    const { outcome, partials } = await run({ kind: 'edit', body: plan.body }, 1);
    assert.ok(outcome.ok);
    const request = server.requests[0]!;
    assert.equal(request.fields.stream, 'true');
    assert.equal(request.fields.partial_images, 1);
    assert.deepEqual(
      request.events.map((event) => event.type),
      ['image_edit.partial_image', 'image_edit.completed'],
    );
    assert.equal(partials.length, 1);
  });

  it('falls back to one plain request when the organization may not stream, and says so', async () => {
    server.refuseStreaming = true;
    const { outcome, refused, partials, log } = await run(generate(), 2);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(refused, 1);
    assert.equal(partials.length, 0);
    assert.deepEqual(
      server.requests.map((request) => request.fields.stream),
      [true, false],
    );
    assert.ok(!('partial_images' in server.requests[1]!.fields));
    assert.ok(log.lines.some((line) => line.includes('streaming refused')));
    assert.deepEqual(await fs.readdir(dir), ['lighthouse.png']);
  });

  it('writes nothing when the stream breaks off with an error event, and retries it as a server error', async () => {
    server.script({ streamErrorAfter: 1 });
    const failed = await run(generate(), 2);
    assert.ok(!failed.outcome.ok);
    assert.equal(failed.outcome.failure.kind, 'server');
    assert.equal(failed.partials.length, 1);
    assert.deepEqual(await fs.readdir(dir), []);

    server.script({ streamErrorAfter: 0 });
    const retried = await run(generate(), 2, undefined, 1);
    assert.ok(retried.outcome.ok);
    assert.equal(server.requests.length, 3);
  });

  it('writes nothing when the stream ends without a completed event', async () => {
    server.script({ streamTruncated: true });
    const { outcome } = await run(generate(), 2);
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'unexpected-output');
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('cancel in the middle of a stream stops it: the server sees the abort and no file is written', async () => {
    server.eventDelayMs = 400;
    const controller = new AbortController();
    const running = run(generate(), 3, controller.signal);
    const started = Date.now();
    while (server.requests[0]?.events.length !== 1 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const { outcome } = await running;
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.ok(server.requests[0]!.aborted, 'the server did not see the cancel');
    assert.ok(!server.requests[0]!.events.some((event) => event.type.endsWith('completed')));
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
