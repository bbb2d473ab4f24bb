/** The whole pipeline, from a planned request to files on disk, against the fake Images API. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from '../../src/api/imagesClient';
import { planEdit, planGenerate, type PlannedRequest } from '../../src/core/requestPlan';
import { withoutTextChunk } from '../../src/core/pngText';
import { RECIPE_KEYWORD, embedRecipe, readRecipe, type Recipe } from '../../src/core/recipe';
import type { ContentCredentialsChoice } from '../../src/core/credentials/imagePlacement';
import { describeFailure } from '../../src/core/failure';
import { englishTranslate } from '../../src/core/translate';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { RecipeRegistries, type RecipeSink } from '../../src/pipeline/recipeRegistryFile';
import { discardRecovered, listRecovered, nodeRecovery, type Recovery } from '../../src/pipeline/recovery';
import sharp from 'sharp';
import { credentialsReader } from '../support/credentials';
import { recipeOnDisk } from '../support/recipes';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runImageJob, type JobOutcome } from '../../src/pipeline/runImageJob';
import type { TargetFolder } from '../../src/pipeline/targetFolder';
import { FAKE_API_KEY, FAKE_TODAY, errorBody, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { lifecycleOn } from '../../src/core/modelLifecycle';
import { collectingLog } from '../support/collectingLog';
import { jpegImage, pngImage, webpImage } from '../support/images';
import fc from 'fast-check';
import { settingsArbitrary } from '../support/arbitraries';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('image pipeline against the fake Images API', function () {
  this.timeout(30_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const connection = (overrides: Partial<Connection> = {}): Connection => ({
    apiKey: FAKE_API_KEY,
    baseUrl: server.baseUrl,
    organization: '',
    project: '',
    timeoutSeconds: 20,
    maxRetries: 0,
    ...overrides,
  });
  const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });

  function generate(prompt: string, overrides: Partial<Settings> = {}): PlannedRequest {
    const plan = planGenerate(prompt, settings(overrides));
    assert.ok(plan.ok, 'plan');
    return { kind: 'generate', body: plan.body };
  }

  async function run(
    request: PlannedRequest,
    options: {
      stem?: string;
      connection?: Partial<Connection>;
      signal?: AbortSignal;
      folder?: TargetFolder;
      recipe?: Recipe;
      recipes?: RecipeSink;
      credentials?: ContentCredentialsChoice;
      recovery?: Recovery;
      partialImages?: number;
    } = {},
  ) {
    const log = collectingLog();
    const outcome = await runImageJob({
      request,
      connection: connection(options.connection),
      folder: options.folder ?? nodeTargetFolder(dir),
      stem: options.stem ?? 'fox',
      signal: options.signal ?? new AbortController().signal,
      log,
      recipe: options.recipe,
      recipes: options.recipes,
      credentials: options.credentials,
      recovery: options.recovery,
      partialImages: options.partialImages,
    });
    return { outcome, log };
  }

  const files = async () => (await fs.readdir(dir)).sort();
  const failureKind = (outcome: JobOutcome) => (outcome.ok ? 'ok' : outcome.failure.kind);

  it("generates: writes the server's bytes and sends the settings", async () => {
    const { outcome, log } = await run(generate('a red fox', { quality: 'high', size: '1536x1024' }));
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.files, ['fox.png']);
    assert.deepEqual(await files(), ['fox.png']);
    const request = server.requests[0]!;
    assert.equal(request.path, '/v1/images/generations');
    assert.equal(request.headers.authorization, `Bearer ${FAKE_API_KEY}`);
    assert.deepEqual(request.fields, {
      model: 'gpt-image-2.6-sunburst',
      prompt: 'a red fox',
      n: 1,
      size: '1536x1024',
      quality: 'high',
      background: 'auto',
      output_format: 'png',
      moderation: 'auto',
      stream: false,
    });
    assert.equal(sha256(await fs.readFile(path.join(dir, 'fox.png'))), request.returned[0]);
    assert.equal(outcome.requestId, 'req_fake_1');
    assert.equal(outcome.usage?.output_tokens, 6240, 'high quality, landscape: the documented token count');
    assert.ok(
      log.lines.some((line) => line.includes('request_id=req_fake_1')),
      'the request id is logged',
    );
    assert.ok(!log.lines.join('\n').includes(FAKE_API_KEY), 'the key is never logged');
  });

  it('takes no headers from the environment: OPENAI_CUSTOM_HEADERS cannot replace the key or add a header', async () => {
    process.env.OPENAI_CUSTOM_HEADERS = 'Authorization: Bearer sk-attacker\nX-Forward-To: attacker.example\nOpenAI-Organization: org-attacker';
    try {
      const { outcome } = await run(generate('a red fox'));
      assert.ok(outcome.ok);
    } finally {
      delete process.env.OPENAI_CUSTOM_HEADERS;
    }
    const request = server.requests[0]!;
    assert.equal(request.headers.authorization, `Bearer ${FAKE_API_KEY}`);
    assert.equal(request.headers['x-forward-to'], undefined);
    assert.equal(request.headers['openai-organization'], undefined);
  });

  const recipe: Recipe = {
    version: 1,
    kind: 'generate',
    prompt: 'a red fox',
    model: 'gpt-image-2.6-sunburst',
    size: 'auto',
    quality: 'medium',
    background: 'auto',
    createdAt: '2026-11-22T00:00:00Z',
    sources: [],
  };
  const registry = () => new RecipeRegistries().sinkFor(nodeAssetFiles, dir, dir);

  it('writes a signed answer byte for byte, its Content Credentials intact, and its recipe into the registry', async () => {
    const png = await run(generate('a red fox'), { recipe, recipes: registry() });
    assert.ok(png.outcome.ok, JSON.stringify(!png.outcome.ok && png.outcome.failure));
    assert.deepEqual(png.outcome.manifests, ['kept']);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    assert.equal(sha256(written), server.requests[0]!.returned[0], 'the file is exactly what the API sent');
    assert.equal(readRecipe(written), undefined, 'no text chunk was added');
    assert.deepEqual(recipeOnDisk(dir, written), recipe, 'the registry has the recipe under the file hash');
    const trusted = await credentialsReader(server.signerRootPem).read(written);
    assert.equal(trusted.state, 'intact');
    assert.equal(trusted.signer, server.signerName);
    assert.ok(trusted.aiGenerated && trusted.actions.includes('c2pa.created'));
    // The same file against the real trust list only: signed by an issuer nobody trusts, which is not "altered".
    assert.equal((await credentialsReader().read(written)).state, 'untrusted');

    const jpeg = await run(generate('a red fox', { outputFormat: 'jpeg' }), { recipe, recipes: registry() });
    assert.ok(jpeg.outcome.ok);
    const jpg = await fs.readFile(path.join(dir, 'fox.jpg'));
    assert.equal(sha256(jpg), server.requests[1]!.returned[0]);
    assert.equal((await credentialsReader(server.signerRootPem).read(jpg)).state, 'intact');
    assert.deepEqual(recipeOnDisk(dir, jpg), recipe, 'a JPEG has a recipe now too');
  });

  it('never writes the registry through a link out of the workspace: the image is written, the recipe stays in the history', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-outside-'));
    try {
      await fs.symlink(outside, path.join(dir, '.openai-images'));
      const { outcome, log } = await run(generate('a red fox'), { recipe, recipes: registry() });
      assert.ok(outcome.ok);
      assert.deepEqual(await fs.readdir(outside), [], 'nothing was written where the link points');
      assert.ok(
        log.lines.some((line) => line.includes('recipe registry not updated')),
        log.lines.join('\n'),
      );
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('streams a signed final image and writes it byte for byte', async () => {
    const { outcome } = await run(generate('a red fox'), { recipe, recipes: registry(), partialImages: 2 });
    assert.ok(outcome.ok);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    assert.equal(sha256(written), server.requests[0]!.returned[0]);
    assert.equal((await credentialsReader(server.signerRootPem).read(written)).state, 'intact');
  });

  it('strip removes the manifest whole: no credentials, the same pixels, and the recipe inside the PNG', async () => {
    const { outcome } = await run(generate('a red fox'), { recipe, recipes: registry(), credentials: 'strip' });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.manifests, ['stripped']);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    assert.equal((await credentialsReader(server.signerRootPem).read(written)).state, 'none', 'no manifest, and no tampered leftovers');
    assert.deepEqual(readRecipe(written), recipe);
    assert.deepEqual(recipeOnDisk(dir, written), recipe);
    const served = server.requests[0]!.returned[0];
    assert.notEqual(sha256(written), served);
    const pixels = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer()).toString('base64');
    assert.equal(await pixels(written), await pixels(server.requests[0]!.returnedBytes[0]!), 'only the manifest went');
  });

  it('an answer without Content Credentials (a compatible endpoint) carries its recipe inside the PNG', async () => {
    server.signImages = false;
    const { outcome } = await run(generate('a red fox'), { recipe, recipes: registry() });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.manifests, ['none']);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    assert.deepEqual(readRecipe(written), recipe);
    assert.equal(sha256(withoutTextChunk(written, RECIPE_KEYWORD)), server.requests[0]!.returned[0], 'the image itself is the one served');
    assert.equal((await credentialsReader().read(written)).state, 'none');
  });

  it('a PNG whose recipe chunk was added after signing reads as altered', async () => {
    const { outcome } = await run(generate('a red fox'), { recipe, recipes: registry() });
    assert.ok(outcome.ok);
    const written = await fs.readFile(path.join(dir, 'fox.png'));
    const tampered = embedRecipe(written, recipe);
    const report = await credentialsReader(server.signerRootPem).read(tampered);
    assert.equal(report.state, 'altered');
    assert.ok(
      report.problems.some((code) => code.includes('mismatch')),
      report.problems.join(','),
    );
  });

  it('writes a valid image whose accounting does not parse, with the cost unknown and the field named in the log', async () => {
    server.script({ svgUsageWithoutModel: true });
    const svg = await run(generate('a red fox', { outputFormat: 'svg', model: 'gpt-image-2.6-sunburst' }), { recipe });
    assert.ok(svg.outcome.ok, JSON.stringify(!svg.outcome.ok && svg.outcome.failure));
    assert.deepEqual(await files(), ['fox.svg']);
    assert.equal(svg.outcome.usage, undefined, 'no cost is made up from half the accounting');
    assert.ok(
      svg.log.lines.some((line) => line.includes('svg_usage.model') && line.includes('cost is unknown')),
      svg.log.lines.join('\n'),
    );
  });

  it('keeps a paid image in recovery when its folder cannot take it, and says where', async () => {
    const recoveryDir = path.join(dir, 'recovery');
    const broken: TargetFolder = { ...nodeTargetFolder(dir, 'images'), write: async () => Promise.reject(new Error('ENOSPC: no space left on device')) };
    const { outcome } = await run(generate('a red fox'), { recipe, folder: broken, recovery: nodeRecovery(recoveryDir) });
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'write-failed');
    assert.ok(outcome.paid, 'the answer counts as paid');
    const [kept] = outcome.failure.recovered ?? [];
    assert.ok(kept, 'a recovered file is named');
    assert.equal(sha256(await fs.readFile(kept)), server.requests[0]!.returned[0], 'byte for byte as signed');
    const listed = await listRecovered(recoveryDir);
    assert.deepEqual(
      listed.map((image) => [image.file, image.intended, image.recipe?.prompt]),
      [[kept, 'images/fox.png', 'a red fox']],
    );
    assert.match(describeFailure(outcome.failure, englishTranslate).message, /kept in recovery/);
    await discardRecovered(kept);
    assert.deepEqual(await listRecovered(recoveryDir), []);
  });

  it('names the parameter a 400 refused, so the refusal can be learned for the model', async () => {
    server.script({
      status: 400,
      body: errorBody("Invalid value: 'xhigh'. Supported values are: 'low', 'medium', 'high'.", 'invalid_value', 'invalid_request_error', { param: 'quality' }),
    });
    const { outcome } = await run(generate('a red fox'));
    assert.ok(!outcome.ok);
    assert.deepEqual([outcome.failure.kind, outcome.failure.param], ['invalid-request', 'quality']);
  });

  it('writes count images as name, name-1, name-2 and never over an existing file', async () => {
    await fs.writeFile(path.join(dir, 'fox.png'), 'mine');
    const { outcome } = await run(generate('a red fox', { count: 3 }));
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.files, ['fox-1.png', 'fox-2.png', 'fox-3.png']);
    assert.equal(await fs.readFile(path.join(dir, 'fox.png'), 'utf8'), 'mine', 'the existing file is untouched');
    assert.deepEqual(await files(), ['fox-1.png', 'fox-2.png', 'fox-3.png', 'fox.png']);
    for (const [i, name] of outcome.files.entries()) assert.equal(sha256(await fs.readFile(path.join(dir, name))), server.requests[0]!.returned[i]);
  });

  it('writes jpeg and webp with their extension and compression', async () => {
    const jpeg = await run(generate('x', { outputFormat: 'jpeg', outputCompression: 60 }));
    assert.ok(jpeg.outcome.ok);
    assert.deepEqual(jpeg.outcome.files, ['fox.jpg']);
    assert.equal(server.requests[0]!.fields.output_compression, 60);
    const webp = await run(generate('x', { outputFormat: 'webp', model: 'gpt-image-2.6-flare', quality: 'low' }));
    assert.ok(webp.outcome.ok);
    assert.deepEqual(webp.outcome.files, ['fox.webp']);
    assert.equal(server.requests[1]!.fields.model, 'gpt-image-2.6-flare');
    const bytes = await fs.readFile(path.join(dir, 'fox.webp'));
    assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
  });

  it('edits: sends every image and the mask as file parts with their MIME types', async () => {
    const image = await pngImage(64, 64);
    const second = await jpegImage();
    const mask = await pngImage(64, 64, true);
    const plan = planEdit(
      'add a hat',
      [
        { name: 'cat.png', bytes: image },
        { name: 'hat.jpg', bytes: second },
      ],
      { name: 'cat.mask.png', bytes: mask },
      settings({ inputFidelity: 'high' }),
    );
    assert.ok(plan.ok);
    const { outcome } = await run({ kind: 'edit', body: plan.body }, { stem: 'cat-edit' });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.files, ['cat-edit.png']);
    const request = server.requests[0]!;
    assert.equal(request.path, '/v1/images/edits');
    assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
    const parts = (field: string) => request.files.filter((file) => file.field === field).map((file) => [file.filename, file.type, file.sha256]);
    assert.deepEqual(parts('image[]'), [
      ['cat.png', 'image/png', sha256(image)],
      ['hat.jpg', 'image/jpeg', sha256(second)],
    ]);
    assert.deepEqual(parts('mask'), [['cat.mask.png', 'image/png', sha256(mask)]]);
    assert.ok(!('input_fidelity' in request.fields), 'GPT Image 2 and later refuse input_fidelity: never sent');
    assert.equal(request.fields.prompt, 'add a hat');
    assert.equal(request.fields.model, 'gpt-image-2.6-sunburst');
    assert.ok(!('moderation' in request.fields));
  });

  it('the fake API refuses a mask of another size, or one without alpha, as the API does (nothing written)', async () => {
    const plan = planEdit(
      'add a hat',
      [{ name: 'cat.png', bytes: await pngImage(64, 64) }],
      { name: 'cat.mask.png', bytes: await pngImage(64, 64, true) },
      settings(),
    );
    assert.ok(plan.ok && plan.body.mask);
    const refusal = async (mask: Buffer) => {
      const { outcome } = await run({ kind: 'edit', body: { ...plan.body, mask: { ...plan.body.mask!, bytes: mask } } }, { stem: 'cat-edit' });
      assert.ok(!outcome.ok);
      assert.deepEqual(await fs.readdir(dir), []);
      return outcome.failure.detail ?? '';
    };
    assert.match(await refusal(await pngImage(32, 64, true)), /mask size does not match image size/);
    assert.match(await refusal(await pngImage(64, 64, false)), /alpha channel/);
  });

  it('edits a single WebP as one `image` part', async () => {
    const plan = planEdit('x', [{ name: 'a.webp', bytes: await webpImage() }], undefined, settings({ model: 'gpt-image-2.6-flare' }));
    assert.ok(plan.ok);
    const { outcome } = await run({ kind: 'edit', body: plan.body }, { stem: 'a-edit' });
    assert.ok(outcome.ok);
    assert.deepEqual(
      server.requests[0]!.files.map((file) => [file.field, file.type]),
      [['image', 'image/webp']],
    );
    assert.ok(!('input_fidelity' in server.requests[0]!.fields));
  });

  const failures: Array<[string, object, string]> = [
    ['401', { status: 401, body: errorBody(`Incorrect API key provided: ${FAKE_API_KEY}.`, 'invalid_api_key') }, 'auth'],
    ['403 verification', { status: 403, body: errorBody('Your organization must be verified to use the model `gpt-image-2.6-sunburst`.') }, 'verification'],
    ['403 region', { status: 403, body: errorBody('Country, region, or territory not supported', 'unsupported_country_region_territory') }, 'region'],
    ['404 model', { status: 404, body: errorBody('The model does not exist.', 'model_not_found') }, 'model-not-found'],
    ['429 quota', { status: 429, body: errorBody('You exceeded your current quota.', 'insufficient_quota', 'insufficient_quota') }, 'quota'],
    [
      '400 moderation',
      {
        status: 400,
        body: errorBody('Rejected by the safety system.', 'moderation_blocked', 'image_generation_user_error', {
          moderation_details: { moderation_stage: 'input', categories: ['self-harm'] },
        }),
      },
      'moderation',
    ],
    ['malformed JSON', { status: 200, raw: '{"data": [' }, 'unexpected-output'],
    ['no data', { status: 200, body: { created: 1 } }, 'unexpected-output'],
    ['not an image', { status: 200, body: { created: 1, data: [{ b64_json: Buffer.from('<html>hello</html>').toString('base64') }] } }, 'unexpected-output'],
  ];
  for (const [name, reply, kind] of failures) {
    it(`${name}: reports ${kind} and writes nothing`, async () => {
      server.script(reply);
      const { outcome, log } = await run(generate('a fox'));
      assert.equal(failureKind(outcome), kind);
      assert.deepEqual(await files(), []);
      assert.equal(server.requests.length, 1);
      assert.ok(!log.lines.join('\n').includes(FAKE_API_KEY));
      if (!outcome.ok && kind !== 'unexpected-output') assert.equal(outcome.failure.requestId, 'req_fake_1');
    });
  }

  it('a real wrong key: the fake answers 401 like the API', async () => {
    const { outcome } = await run(generate('a fox'), { connection: { apiKey: 'sk-wrong-key-123456' } });
    assert.equal(failureKind(outcome), 'auth');
  });

  it('writes every whole image of a paid answer: one cut short does not cost the others', async () => {
    const [whole, other] = [await pngImage(), await pngImage(32, 32)];
    const cut = other.subarray(0, other.length - 20);
    server.script({ status: 200, body: { created: 1, data: [{ b64_json: cut.toString('base64') }, { b64_json: whole.toString('base64') }] } });
    const { outcome, log } = await run(generate('x', { count: 2 }));
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    assert.deepEqual(await files(), ['fox.png']);
    assert.ok(Buffer.from(await fs.readFile(path.join(dir, 'fox.png'))).equals(whole));
    assert.ok(
      log.lines.some((line) => line.includes('image 1:') && line.includes('not written')),
      log.lines.join('\n'),
    );
  });

  it('returns a png when jpeg was asked: refuses to write it', async () => {
    const png = await pngImage();
    server.script({ status: 200, body: { created: 1, data: [{ b64_json: png.toString('base64') }] } });
    const { outcome } = await run(generate('x', { outputFormat: 'jpeg' }));
    assert.equal(failureKind(outcome), 'unexpected-output');
    assert.deepEqual(await files(), []);
  });

  it('retries 500s up to maxRetries, then reports a server error', async () => {
    const fail = { status: 500, body: errorBody('The server had an error.', 'server_error', 'server_error'), headers: { 'retry-after-ms': '10' } };
    server.script(fail, fail, fail);
    const { outcome } = await run(generate('x'), { connection: { maxRetries: 2 } });
    assert.equal(failureKind(outcome), 'server');
    assert.equal(server.requests.length, 3);
  });

  const neverRetried: Array<[string, object, string]> = [
    ['429 insufficient_quota', { status: 429, body: errorBody('You exceeded your current quota.', 'insufficient_quota', 'insufficient_quota') }, 'quota'],
    [
      '400 moderation_blocked',
      { status: 400, body: errorBody('Rejected by the safety system.', 'moderation_blocked', 'image_generation_user_error') },
      'moderation',
    ],
    ['401', { status: 401, body: errorBody('Incorrect API key provided.', 'invalid_api_key') }, 'auth'],
    ['403 verification', { status: 403, body: errorBody('Your organization must be verified to use the model `gpt-image-2.6-sunburst`.') }, 'verification'],
    ['400 invalid value', { status: 400, body: errorBody("Invalid value: 'x'.", 'invalid_value') }, 'invalid-request'],
  ];
  for (const [name, reply, kind] of neverRetried) {
    it(`${name} is never retried: exactly one request`, async () => {
      server.script(reply, reply, reply);
      const { outcome } = await run(generate('x'), { connection: { maxRetries: 3 } });
      assert.equal(failureKind(outcome), kind);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(await files(), []);
    });
  }

  it('does not wait out a retry-after longer than a minute', async () => {
    server.script({ status: 429, body: errorBody('Rate limit reached.', 'rate_limit_exceeded'), headers: { 'retry-after': '600' } });
    const started = Date.now();
    const { outcome } = await run(generate('x'), { connection: { maxRetries: 2 } });
    assert.equal(failureKind(outcome), 'rate-limit');
    assert.equal(server.requests.length, 1);
    assert.ok(Date.now() - started < 5_000);
  });

  it('cancel during the wait before a retry: no further request, nothing written', async () => {
    server.script({ status: 503, body: errorBody('overloaded', 'server_is_overloaded', 'server_error'), headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const running = run(generate('x'), { signal: controller.signal, connection: { maxRetries: 2 } });
    await waitFor(() => server.requests.length === 1 && server.requests[0]!.status === 503, 'the first answer');
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const { outcome } = await running;
    assert.equal(failureKind(outcome), 'cancelled');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(await files(), []);
  });

  it('edits are retried with the same files', async () => {
    const image = await pngImage(32, 32);
    const plan = planEdit('x', [{ name: 'a.png', bytes: image }], undefined, settings());
    assert.ok(plan.ok);
    server.script({ status: 500, body: errorBody('boom', 'server_error', 'server_error'), headers: { 'retry-after-ms': '10' } });
    const { outcome } = await run({ kind: 'edit', body: plan.body }, { stem: 'a-edit', connection: { maxRetries: 1 } });
    assert.ok(outcome.ok);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(
      server.requests.map((request) => request.files.map((file) => [file.type, file.sha256])),
      [[['image/png', sha256(image)]], [['image/png', sha256(image)]]],
    );
  });

  it('waits out a 429 with retry-after, then succeeds', async () => {
    server.script({ status: 429, body: errorBody('Rate limit reached.', 'rate_limit_exceeded', 'requests'), headers: { 'retry-after-ms': '50' } });
    const { outcome } = await run(generate('x'), { connection: { maxRetries: 2 } });
    assert.ok(outcome.ok);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(await files(), ['fox.png']);
  });

  it('cancel mid-request aborts the HTTP request and writes nothing', async () => {
    server.delayMs = 5_000;
    const controller = new AbortController();
    const arrived = server.nextRequest();
    const running = run(generate('x'), { signal: controller.signal });
    await arrived;
    controller.abort();
    const { outcome } = await running;
    assert.equal(failureKind(outcome), 'cancelled');
    await waitFor(() => server.requests[0]!.aborted, 'the server to see the request aborted');
    assert.deepEqual(await files(), [], 'no file and no temp file');
  });

  it('a server that never answers: the timeout fires', async () => {
    server.script({ hang: true });
    const { outcome } = await run(generate('x'), { connection: { timeoutSeconds: 1 } });
    assert.equal(failureKind(outcome), 'timeout');
    assert.deepEqual(await files(), []);
  });

  it('connection refused: offline, naming the host', async () => {
    const closed = await startFakeImagesServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const { outcome } = await run(generate('x'), { connection: { baseUrl } });
    assert.equal(failureKind(outcome), 'offline');
    assert.ok(!outcome.ok && outcome.failure.host === new URL(baseUrl).host);
  });

  it('a dropped connection is retried, then reported offline', async () => {
    server.script({ drop: true }, { drop: true });
    const { outcome } = await run(generate('x'), { connection: { maxRetries: 1 } });
    assert.equal(failureKind(outcome), 'offline');
    assert.equal(server.requests.length, 2);
  });

  it('two generations into one folder at once: two files, none overwritten', async () => {
    server.delayMs = 100;
    const [a, b] = await Promise.all([run(generate('fox one')), run(generate('fox two'))]);
    assert.ok(a.outcome.ok && b.outcome.ok);
    assert.deepEqual([...a.outcome.files, ...b.outcome.files].sort(), ['fox-1.png', 'fox.png']);
    const written = await Promise.all(['fox.png', 'fox-1.png'].map(async (name) => sha256(await fs.readFile(path.join(dir, name)))));
    assert.deepEqual(written.sort(), server.requests.flatMap((request) => request.returned).sort());
  });

  it('property: every request the builder accepts, the API accepts too (the controls sources disagree about aside)', async function () {
    // 40 requests, some for 4K images the fake server encodes: a hang guard for a busy machine, not a speed goal.
    this.timeout(180_000);
    // Offered on purpose though the SDK's wording may not cover them (ModelEntry.disputed); the next test covers them.
    server.takeDisputed = true;
    await fc.assert(
      fc.asyncProperty(
        settingsArbitrary.map((picked) => ({ ...picked, count: Math.min(picked.count, 2) })),
        async (picked) => {
          const plan = planGenerate('a small test', picked);
          fc.pre(plan.ok);
          if (!plan.ok) return;
          const before = server.requests.length;
          const { outcome } = await run({ kind: 'generate', body: plan.body }, { stem: `p${before}` });
          // A shut-down model is stopped before the plan by the runner; sent anyway, the API calls it deprecated.
          if (lifecycleOn(picked.model, FAKE_TODAY).state === 'shut-down') {
            assert.equal(server.requests[before]?.status, 404);
            assert.equal(failureKind(outcome), 'model-retired');
            return;
          }
          assert.equal(server.requests[before]?.status, 200, JSON.stringify(server.requests[before]?.fields));
          assert.ok(outcome.ok);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a failing disk write leaves no temp file behind', async () => {
    const real = nodeTargetFolder(dir);
    const failing: TargetFolder = { ...real, renameNoOverwrite: async () => Promise.reject(new Error('EACCES: permission denied')) };
    const { outcome } = await run(generate('x'), { folder: failing });
    assert.equal(failureKind(outcome), 'write-failed');
    assert.deepEqual(await files(), []);
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fake Images API control routes', () => {
  it('takes scripted replies and reports its record over HTTP', async () => {
    const server = await startFakeImagesServer();
    try {
      const origin = server.baseUrl.replace(/\/v1$/, '');
      const scripted = await fetch(`${origin}/__fake/script`, {
        method: 'POST',
        body: JSON.stringify([{ status: 503, body: errorBody('overloaded', 'server_is_overloaded') }]),
      });
      assert.equal(scripted.status, 204);
      const reply = await fetch(`${server.baseUrl}/images/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${FAKE_API_KEY}` },
        body: JSON.stringify({ model: 'gpt-image-2.6-sunburst', prompt: 'x' }),
      });
      assert.equal(reply.status, 503);
      const record = (await (await fetch(`${origin}/__fake/requests`)).json()) as Array<{ path: string; status: number }>;
      assert.deepEqual(
        record.map((request) => [request.path, request.status]),
        [['/v1/images/generations', 503]],
      );
    } finally {
      await server.close();
    }
  });
});
