/**
 * A compatible server from the command line and the MCP server: `--compatible-model` and `--compatible-models`
 * (JSON or @FILE) make a manifest's assets and an agent's images with only the declared fields, the lock records
 * which server model made each, an undeclared price is "cost unknown" (never $0.00 as if free), and a declaration
 * the server's models cannot meet is a manifest problem before anything is sent.
 */
import * as assert from 'node:assert/strict';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { endpointFromFlags } from '../../src/core/compatibleFlags';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';
import { fakeCompatible } from '../fakeServer/fakeCompatible';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { callMcpTool, connectMcpServer } from '../support/mcpProcess';

describe('a compatible server from the command line and the MCP server', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer({ compatible: fakeCompatible() });
    dir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-compatible-runs-')));
    // What an OpenAI manifest asks for: a size, a quality and a format the server knows nothing of.
    await fs.writeFile(
      path.join(dir, 'art.images.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'high' }, assets: [{ out: 'fox.png', prompt: 'a fox', size: '512x512' }] }),
    );
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAssetsCli(['art.images.json', '--base-url', server.baseUrl, ...args], {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env: { OPENAI_API_KEY: FAKE_API_KEY },
      cwd: dir,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('the command line sends only the declared fields, says the cost is unknown, and locks which model made it', async () => {
    await fs.writeFile(path.join(dir, 'models.json'), JSON.stringify({ 'flux-schnell': { sizes: ['512x512'] } }));
    const flags = ['--compatible-model', 'flux-schnell', '--compatible-models', '@models.json'];
    const planned = await cli([...flags, '--dry-run']);
    assert.equal(planned.code, 0, planned.err);
    assert.match(planned.out, /1 to make \(estimated cost unknown\)/);
    assert.equal(server.requests.length, 0);

    const made = await cli(flags);
    assert.equal(made.code, 0, made.err);
    assert.deepEqual(server.requests[0]!.fields, { model: 'flux-schnell', prompt: 'a fox', n: 1, size: '512x512', response_format: 'b64_json' });
    assert.ok((await fs.readdir(dir)).includes('fox.png'));
    assert.equal((await cli([...flags, '--check'])).code, 0, 'up to date against the same server');
    // Without the server, the same manifest is OpenAI's again: gpt-image-2 makes no 512x512, and the check says so.
    const errors: string[] = [];
    assert.equal(await runAssetsCli(['art.images.json', '--check'], { stdout: () => {}, stderr: (line) => errors.push(line), env: {}, cwd: dir }), 2);
    assert.match(errors.join('\n'), /512x512/);
  });

  it('a declared price is the estimate; a size the declaration lacks is refused before sending', async () => {
    const priced = await cli(['--compatible-model', 'flux-schnell', '--compatible-models', '{"flux-schnell": {"priceUsd": 0.01}}', '--dry-run']);
    assert.equal(priced.code, 0, priced.err);
    assert.match(priced.out, /estimated \$0\.010?\)/);
    const refused = await cli(['--compatible-model', 'flux-schnell', '--compatible-models', '{"flux-schnell": {"sizes": ["1024x1024"]}}']);
    assert.notEqual(refused.code, 0);
    assert.match(`${refused.out}\n${refused.err}`, /flux-schnell is declared in openaiImages.compatibleModels with the sizes 1024x1024, not 512x512/);
    assert.equal(server.requests.length, 0);
  });

  it('wrong flags are refused with what is wrong', async () => {
    assert.match((await cli(['--compatible-models', '{"flux": {"sizes": "big"}}'])).err, /--compatible-models: flux\.sizes/);
    assert.match((await cli(['--compatible-models', 'not json'])).err, /must be a JSON object/);
    assert.match((await cli(['--compatible-models', '@missing.json'])).err, /missing\.json cannot be read/);
    const openai = await runAssetsCli(['art.images.json', '--compatible-model', 'flux'], { stdout: () => {}, stderr: () => {}, env: {}, cwd: dir });
    assert.equal(openai, 2);
    assert.deepEqual(endpointFromFlags('https://api.openai.com/v1', {}), {});
  });

  it('a manifest parsed for a compatible server is checked against its declaration, not the catalogue', () => {
    const text = JSON.stringify({ assets: [{ out: 'a.png', prompt: 'a fox', model: 'gpt-image-2', size: '512x512' }] });
    const context = { manifestDir: dir, rootDir: dir, t: englishTranslate, today: '2026-12-06' };
    const openai = parseManifest(text, context);
    assert.ok(
      openai.diagnostics.some((problem) => problem.severity === 'error'),
      'OpenAI has no 512x512 for gpt-image-2',
    );
    const endpoint = {
      provider: 'openai' as const,
      baseUrl: server.baseUrl,
      compatibleModel: 'flux-schnell',
      compatibleModels: { 'flux-schnell': { sizes: ['512x512'] } },
    };
    const compatible = parseManifest(text, { ...context, endpoint });
    assert.deepEqual(
      compatible.diagnostics.filter((problem) => problem.severity === 'error'),
      [],
    );
  });

  it('the MCP server with --compatible-model sends its model only the basics', async () => {
    const client = await connectMcpServer(['--root', dir, '--base-url', server.baseUrl, '--compatible-model', 'flux-schnell'], {
      OPENAI_API_KEY: FAKE_API_KEY,
    });
    try {
      const result = await callMcpTool(client, 'generate_image', { prompt: 'a kite', path: 'kite.png', quality: 'high' });
      assert.ok(!result.isError, JSON.stringify(result.content));
      assert.deepEqual(server.requests[0]!.fields, { model: 'flux-schnell', prompt: 'a kite', n: 1, response_format: 'b64_json' });
      assert.ok((await fs.readdir(dir)).includes('kite.png'));
    } finally {
      await client.close();
    }
  });
});
