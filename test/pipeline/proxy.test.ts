/**
 * Behind a TLS-inspecting corporate proxy: the command line and the MCP server send through HTTPS_PROXY, trust the
 * proxy's certificate authority only when NODE_EXTRA_CA_CERTS names it, and a proxy that wants credentials (407)
 * or a certificate nobody trusts each get a message naming what fixes it. Real child processes, since Node reads
 * NODE_EXTRA_CA_CERTS only when it starts.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { startMitmProxy, type MitmProxy } from '../support/mitmProxy';

const repository = path.resolve(__dirname, '..', '..');
const HOST = 'api.contoso-gateway.test';
const BASE_URL = `https://${HOST}/v1`;

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), path.join(repository, 'src', 'cli', 'main.ts'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('behind a TLS-inspecting proxy', function () {
  this.timeout(90_000);
  let server: FakeImagesServer;
  let proxy: MitmProxy;
  let dir: string;
  let caFile: string;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-proxy-')));
    await fs.writeFile(
      path.join(dir, 'art.images.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'low' }, assets: [{ out: 'fox.png', prompt: 'a fox' }] }),
    );
  });
  afterEach(async () => {
    await proxy.close();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  const start = async (credentials?: string) => {
    proxy = await startMitmProxy({ host: HOST, upstreamPort: Number(new URL(server.baseUrl).port), credentials });
    caFile = path.join(dir, 'contoso-ca.pem');
    await fs.writeFile(caFile, proxy.caPem);
  };
  const cliArgs = ['art.images.json', '--base-url', BASE_URL];

  it('the command line sends through HTTPS_PROXY and trusts the proxy CA only when NODE_EXTRA_CA_CERTS names it', async () => {
    await start();
    const untrusted = await runCli(cliArgs, { OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: proxy.url }, dir);
    assert.equal(untrusted.code, 1, untrusted.stderr);
    assert.match(untrusted.stderr + untrusted.stdout, /not trusted.*NODE_EXTRA_CA_CERTS/s);
    assert.equal(server.requests.length, 0, 'nothing reached the API over an untrusted connection');
    assert.equal(proxy.connects.length, 1, 'refused once: a certificate problem is not retried');

    const trusted = await runCli(cliArgs, { OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile }, dir);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(proxy.connects.at(-1)?.target, `${HOST}:443`);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.headers.host, HOST);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    assert.ok(server.requests[0]!.returnedBytes[0]!.equals(written), 'the signed answer is written as it came through the proxy');
  });

  it('a proxy that asks for credentials (407) is named with the variable that fixes it; credentials in HTTPS_PROXY pass', async () => {
    await start('alice:s3cret');
    const refused = await runCli(cliArgs, { OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile }, dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr + refused.stdout, /proxy asked for credentials \(407\).*HTTPS_PROXY/s);
    assert.equal(server.requests.length, 0);
    const withCredentials = proxy.url.replace('http://', 'http://alice:s3cret@');
    const passed = await runCli(cliArgs, { OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: withCredentials, NODE_EXTRA_CA_CERTS: caFile }, dir);
    assert.equal(passed.code, 0, passed.stderr);
    assert.equal(proxy.connects.at(-1)?.authorized, true);
    assert.doesNotMatch(passed.stderr + passed.stdout, /s3cret/, 'the proxy password is never printed');
  });

  it('NO_PROXY sends a host around the proxy', async () => {
    await start();
    const direct = await runCli(
      ['art.images.json', '--base-url', server.baseUrl],
      { OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      dir,
    );
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(proxy.connects.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it('the MCP server sends through the proxy with the CA it is told to trust', async () => {
    await start();
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), '--root', dir, '--base-url', BASE_URL],
      env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: FAKE_API_KEY, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile },
      cwd: repository,
      stderr: 'pipe',
    });
    await client.connect(transport);
    try {
      const result = (await client.callTool({
        name: 'generate_image',
        arguments: { prompt: 'a fox', path: 'mcp-fox.png', model: 'gpt-image-2.6-sunburst', quality: 'low', size: '1024x1024' },
      })) as CallToolResult;
      assert.ok(!result.isError, JSON.stringify(result.content));
    } finally {
      await client.close();
    }
    assert.equal(proxy.connects[0]?.target, `${HOST}:443`);
    assert.ok((await fs.readdir(dir)).includes('mcp-fox.png'));
  });
});
