/**
 * A compatible server that is not OpenAI (the fake playing one: its own models, only the fields it knows, a link
 * unless b64_json is asked for): a declared model gets only what is declared, an undeclared one only the basics,
 * refusals come before sending, and Check Setup reads the server's own model list.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from '../../src/api/imagesClient';
import { probeCompatibleImage, probeCompatibleModels } from '../../src/api/setupProbe';
import { describeCompatibleSetup } from '../../src/core/compatibleSetup';
import { compatibleTargetOf, type CompatibleModels } from '../../src/core/compatibleModels';
import { describeFailure } from '../../src/core/failure';
import { planRequest, type RequestInput } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { englishTranslate as t } from '../../src/core/translate';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../../src/pipeline/runImageJob';
import { fakeCompatible } from '../fakeServer/fakeCompatible';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { collectingLog } from '../support/collectingLog';
import { pngImage } from '../support/images';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a compatible server that is not OpenAI', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer({ compatible: fakeCompatible() });
    dir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-compatible-')));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const connection = (): Connection => ({ apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: 0 });
  // Settings an OpenAI user would have: a dear size and quality, transparency, WebP, streaming. None of it is this server's.
  const settings = (compatibleModels: CompatibleModels = {}, overrides: Partial<Settings> = {}): Settings => ({
    ...DEFAULT_SETTINGS,
    baseUrl: server.baseUrl,
    compatibleModel: 'flux-schnell',
    compatibleModels,
    size: '1536x1024',
    quality: 'high',
    background: 'transparent',
    outputFormat: 'png',
    outputCompression: null,
    complexity: 'high',
    ...overrides,
  });
  async function run(input: RequestInput) {
    const plan = planRequest(input);
    assert.ok(plan.ok, JSON.stringify(!plan.ok && plan.problems));
    return runImageJob({
      request: plan.request,
      connection: connection(),
      folder: nodeTargetFolder(dir),
      stem: 'fox',
      signal: new AbortController().signal,
      log: collectingLog(),
    });
  }

  it('sends an undeclared model only the model, the prompt and the count, and asks for the image itself, not a link', async () => {
    const outcome = await run({ kind: 'generate', prompt: 'a fox in the snow', settings: settings() });
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.deepEqual(request!.fields, { model: 'flux-schnell', prompt: 'a fox in the snow', n: 1, response_format: 'b64_json' });
    const written = await fs.readFile(path.join(dir, outcome.files[0]!));
    assert.equal(sha256(written), request!.returned[0], 'the answer is written byte for byte');
    assert.equal(path.extname(outcome.files[0]!), '.png');
  });

  it('sends a declared model exactly what is declared and chosen', async () => {
    server.compatible = fakeCompatible({ fields: ['model', 'prompt', 'n', 'size', 'quality', 'response_format'], sizes: ['512x512', '1024x1024'] });
    const declared = { 'flux-schnell': { sizes: ['512x512', '1024x1024'], qualities: ['low' as const, 'high' as const], priceUsd: 0 } };
    const outcome = await run({ kind: 'generate', prompt: 'a fox', settings: settings(declared, { size: '1024x1024' }) });
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    assert.deepEqual(server.requests[0]!.fields, {
      model: 'flux-schnell',
      prompt: 'a fox',
      n: 1,
      size: '1024x1024',
      quality: 'high',
      response_format: 'b64_json',
    });
  });

  it('refuses before sending what the declaration says the model does not take', () => {
    const declared: CompatibleModels = { 'flux-schnell': { sizes: ['512x512'], formats: ['png'], edit: true, mask: false } };
    const size = planRequest({ kind: 'generate', prompt: 'a fox', settings: settings(declared, { size: '1024x1024' }) });
    assert.ok(!size.ok);
    assert.deepEqual(
      size.problems.map((problem) => problem.code),
      ['compatible-not-declared'],
    );
    const format = planRequest({ kind: 'generate', prompt: 'a fox', settings: settings(declared, { size: 'auto', outputFormat: 'webp' }) });
    assert.ok(!format.ok);
    assert.equal(format.problems[0]!.code, 'compatible-not-declared');
    assert.equal(server.requests.length, 0);
  });

  it('edits with the image and the mask as multipart, and only the basic fields besides', async () => {
    const images = [{ name: 'cat.png', bytes: await pngImage(64, 64) }];
    const mask = { name: 'cat.mask.png', bytes: await pngImage(64, 64, true) };
    const outcome = await run({ kind: 'edit', prompt: 'add a hat', settings: settings(), images, mask });
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.path, '/v1/images/edits');
    assert.deepEqual(
      request!.files.map((file) => file.field),
      ['image', 'mask'],
    );
    assert.deepEqual(Object.keys(request!.fields).sort(), ['model', 'n', 'prompt', 'response_format']);
  });

  it('refuses an edit, a mask or markup where the declaration or the server cannot take it', async () => {
    const images = [{ name: 'cat.png', bytes: await pngImage(64, 64) }];
    const mask = { name: 'cat.mask.png', bytes: await pngImage(64, 64, true) };
    const noEdit = planRequest({ kind: 'edit', prompt: 'a hat', settings: settings({ 'flux-schnell': { edit: false } }), images });
    assert.ok(!noEdit.ok);
    assert.match(describeFailure({ kind: 'invalid-input', problems: noEdit.problems }, t).message, /not taking edits/);
    const noMask = planRequest({ kind: 'edit', prompt: 'a hat', settings: settings({ 'flux-schnell': { mask: false } }), images, mask });
    assert.ok(!noMask.ok);
    assert.match(describeFailure({ kind: 'invalid-input', problems: noMask.problems }, t).message, /not taking a mask/);
    const markup = planRequest({ kind: 'edit', prompt: 'a hat', settings: settings(), images, markup: mask });
    assert.ok(!markup.ok);
    assert.equal(markup.problems[0]!.code, 'compatible-cannot');
  });

  it("shows the server's own refusal when a declaration promises a field the server does not take", async () => {
    const outcome = await run({ kind: 'generate', prompt: 'a fox', settings: settings({ 'flux-schnell': { formats: ['png'] } }) });
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.status, 400);
    assert.match(describeFailure(outcome.failure, t).message, /Unknown parameter: 'output_format'/);
  });

  it("takes a catalogue model behind a gateway for OpenAI's own, unless it is declared", () => {
    const gateway = { ...settings(), compatibleModel: '', model: 'gpt-image-2' };
    assert.equal(compatibleTargetOf(gateway), undefined);
    assert.deepEqual(compatibleTargetOf({ ...gateway, compatibleModels: { 'gpt-image-2': { priceUsd: 0.01 } } }), {
      id: 'gpt-image-2',
      declared: { priceUsd: 0.01 },
    });
    assert.equal(compatibleTargetOf({ ...gateway, compatibleModel: 'flux-schnell', baseUrl: '' }), undefined, "OpenAI's own API is never a compatible server");
  });

  it("Check Setup reads the server's model list and says plainly when the model is not on it", async () => {
    const target = compatibleTargetOf(settings({}, { compatibleModel: 'sdxl-turbo' }))!;
    const models = await probeCompatibleModels(connection(), target.id, new AbortController().signal);
    assert.deepEqual(models, { ok: true, listed: ['flux-schnell'] });
    const report = describeCompatibleSetup({ keySource: 'storage', target, host: '127.0.0.1', models }, t);
    assert.equal(report.ok, false);
    assert.match(report.lines.join('\n'), /does not list sdxl-turbo\. It lists: flux-schnell\. Set openaiImages\.compatibleModel/);
    assert.deepEqual(report.actions, ['openSettings']);
  });

  it('Check Setup on a server without a model list lets the test image tell, with the basics only', async () => {
    server.compatible = fakeCompatible({ listsModels: false });
    const target = compatibleTargetOf(settings())!;
    const models = await probeCompatibleModels(connection(), target.id, new AbortController().signal);
    assert.deepEqual(models, { ok: true });
    const imageProbe = await probeCompatibleImage(connection(), target.id, new AbortController().signal);
    assert.deepEqual(imageProbe, { ok: true });
    assert.deepEqual(server.requests.at(-1)!.fields, { model: 'flux-schnell', prompt: 'A plain grey square.', n: 1, response_format: 'b64_json' });
    const report = describeCompatibleSetup({ keySource: 'storage', target, host: '127.0.0.1', models, imageProbe }, t);
    assert.equal(report.ok, true);
    assert.match(report.lines.join('\n'), /keeps no model list/);
    assert.match(
      report.lines.join('\n'),
      /not declared in openaiImages\.compatibleModels: only the model, the prompt and the count are sent, and the cost is unknown/,
    );
  });
});
