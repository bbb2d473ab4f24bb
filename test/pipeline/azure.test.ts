/**
 * Azure OpenAI on a dated API version, through the SDK's own AzureOpenAI client against the fake server's Azure
 * paths (the GA v1 API, the default, is in azureV1.test.ts): the deployment in the path, `api-version` on every
 * request, the `api-key` header or an Entra ID bearer token, and each way Azure refuses, told in words that name
 * the setting that fixes it. Also the command line and the MCP server with `--provider azure`.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from '../../src/api/imagesClient';
import { probeImage, probeModel } from '../../src/api/setupProbe';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { planTurn } from '../../src/core/conversation/turnRequest';
import { describeFailure } from '../../src/core/failure';
import type { AzureRoute } from '../../src/core/providers';
import type { Recipe } from '../../src/core/recipe';
import { planEdit, planGenerate, type PlannedRequest } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { englishTranslate as t } from '../../src/core/translate';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { RecipeRegistries } from '../../src/pipeline/recipeRegistryFile';
import { runConversationTurn } from '../../src/pipeline/runConversationTurn';
import { runImageJob } from '../../src/pipeline/runImageJob';
import { FAKE_AZURE_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { collectingLog } from '../support/collectingLog';
import { pngImage } from '../support/images';
import { callMcpTool, connectMcpServer } from '../support/mcpProcess';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const repository = path.resolve(__dirname, '..', '..');
const ENTRA_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-entra-token.signature';

describe('Azure OpenAI against the fake server', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer({
      azure: { deployments: { 'images-prod': 'gpt-image-2.6-sunburst', chat: 'gpt-6.1-sol' }, bearerTokens: [ENTRA_TOKEN] },
    });
    dir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-azure-')));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const endpoint = () => new URL(server.baseUrl).origin;
  const route = (overrides: Partial<AzureRoute> = {}): AzureRoute => ({
    endpoint: endpoint(),
    apiVersion: '2025-04-01-preview',
    deployments: { 'gpt-image-2.6-sunburst': 'images-prod', 'gpt-6.1-sol': 'chat' },
    authentication: 'apiKey',
    ...overrides,
  });
  const connection = (azure: Partial<AzureRoute> = {}, apiKey = FAKE_AZURE_KEY): Connection => ({
    apiKey,
    baseUrl: '',
    azure: route(azure),
    organization: '',
    project: '',
    timeoutSeconds: 20,
    maxRetries: 0,
  });
  const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, model: 'gpt-image-2.6-sunburst', ...overrides });
  function generate(prompt: string): PlannedRequest {
    const plan = planGenerate(prompt, settings({ size: '1024x1024', quality: 'low' }));
    assert.ok(plan.ok);
    return { kind: 'generate', body: plan.body };
  }
  const run = (request: PlannedRequest, conn: Connection) =>
    runImageJob({ request, connection: conn, folder: nodeTargetFolder(dir), stem: 'fox', signal: new AbortController().signal, log: collectingLog() });

  it('generates through the deployment path with api-version and the api-key header, and keeps the signed bytes', async () => {
    const outcome = await run(generate('a fox'), connection());
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.url, '/openai/deployments/images-prod/images/generations?api-version=2025-04-01-preview');
    assert.equal(request!.headers['api-key'], FAKE_AZURE_KEY);
    assert.equal(request!.headers.authorization, undefined, 'a key goes in api-key, never as a bearer token');
    assert.deepEqual(request!.azure, { deployment: 'images-prod', apiVersion: '2025-04-01-preview', auth: 'api-key' });
    assert.equal(request!.fields.model, 'gpt-image-2.6-sunburst', 'the deployment serves the catalogue model');
    const written = await fs.readFile(path.join(dir, outcome.files[0]!));
    assert.equal(sha256(written), request!.returned[0], 'the answer is written byte for byte');
  });

  it('edits with a mask as multipart through the edits path', async () => {
    const plan = planEdit(
      'add a hat',
      [{ name: 'cat.png', bytes: await pngImage(64, 64) }],
      { name: 'cat.mask.png', bytes: await pngImage(64, 64, true) },
      settings(),
    );
    assert.ok(plan.ok);
    const outcome = await run({ kind: 'edit', body: plan.body }, connection());
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.url, '/openai/deployments/images-prod/images/edits?api-version=2025-04-01-preview');
    assert.deepEqual(
      request!.files.map((file) => [file.field, file.type]),
      [
        ['image', 'image/png'],
        ['mask', 'image/png'],
      ],
    );
  });

  it('with Entra ID sends the token as a bearer token and no api-key header', async () => {
    const outcome = await run(generate('a fox'), connection({ authentication: 'entraId' }, ENTRA_TOKEN));
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.headers.authorization, `Bearer ${ENTRA_TOKEN}`);
    assert.equal(request!.headers['api-key'], undefined);
    assert.equal(request!.azure?.auth, 'bearer');
  });

  it('a model with no deployment in the settings fails before anything is sent, naming the setting', async () => {
    const outcome = await run(generate('a fox'), connection({ deployments: {} }));
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'azure-setup');
    assert.equal(server.requests.length, 0, 'nothing was sent');
    assert.match(
      describeFailure(outcome.failure, t).message,
      /No deployment of your Azure OpenAI resource serves gpt-image-2\.6-sunburst.*openaiImages\.azure\.deployments/,
    );
  });

  it('Azure refusals get their own words: a deployment it lacks, an API version it lacks, a wrong key, a token it refuses', async () => {
    const lacking = await run(generate('a fox'), connection({ deployments: { 'gpt-image-2.6-sunburst': 'images-typo' } }));
    assert.ok(!lacking.ok);
    assert.equal(lacking.failure.kind, 'azure-setup');
    assert.match(
      describeFailure(lacking.failure, t).message,
      /openaiImages\.azure\.deployments.*Azure OpenAI said: The API deployment for this resource does not exist/,
    );

    const version = await run(generate('a fox'), connection({ apiVersion: '2023-01-01' }));
    assert.ok(!version.ok);
    assert.equal(version.failure.azure?.missing, 'resource');
    assert.match(describeFailure(version.failure, t).message, /Resource not found.*API version 2023-01-01 \(openaiImages\.azure\.apiVersion\)/);

    const key = await run(generate('a fox'), connection({}, 'not-the-key-0000000000000000'));
    assert.ok(!key.ok);
    assert.equal(key.failure.kind, 'auth');
    assert.match(describeFailure(key.failure, t).message, /^Azure OpenAI refused the key or the Entra ID token \(401\)/);
    assert.doesNotMatch(JSON.stringify(key.failure), /not-the-key/, 'the key never appears in a failure');

    const token = await run(generate('a fox'), connection({ authentication: 'entraId' }, 'expired-token'));
    assert.ok(!token.ok);
    assert.equal(token.failure.kind, 'auth');
    assert.match(token.failure.detail ?? '', /audience is incorrect/);
  });

  it('Check Setup on Azure: the model list proves endpoint and key, the test image proves the deployment', async () => {
    const probe = await probeModel(connection(), 'gpt-image-2.6-sunburst', new AbortController().signal);
    assert.deepEqual(probe, { ok: true });
    assert.equal(server.requests[0]!.url, '/openai/models?api-version=2025-04-01-preview');
    const image = await probeImage(connection(), 'gpt-image-2.6-sunburst', new AbortController().signal);
    assert.deepEqual(image, { ok: true });
    assert.equal(server.requests[1]!.azure?.deployment, 'images-prod');
    const missing = await probeModel(connection({ deployments: {} }), 'gpt-image-2.6-sunburst', new AbortController().signal);
    assert.equal(missing.failure?.kind, 'azure-setup');
    assert.equal(server.requests.length, 2, 'a missing deployment is found without a request');
  });

  it('a conversation turn goes to /openai/responses with the image deployment header; a version without Responses says so, sending nothing', async () => {
    const plan = planTurn({
      conversationModel: 'gpt-6.1-sol',
      settings: settings({ size: '1024x1024', quality: 'low' }),
      partialImages: 0,
      chain: { kind: 'stored' },
      prompt: 'a lighthouse',
    });
    assert.ok(plan.ok);
    const turn = (conn: Connection) =>
      runConversationTurn({
        body: plan.body,
        connection: conn,
        folder: nodeTargetFolder(dir),
        stem: 'lighthouse',
        signal: new AbortController().signal,
        log: collectingLog(),
        recipe: (responseId): Recipe => ({
          version: 1,
          kind: 'generate',
          prompt: 'a lighthouse',
          model: plan.body.tools[0].model,
          size: plan.body.tools[0].size,
          quality: plan.body.tools[0].quality,
          background: plan.body.tools[0].background,
          createdAt: new Date().toISOString(),
          sources: [],
          conversation: { id: 'conv-1', turn: 1, responseId, model: plan.body.model },
        }),
        recipes: new RecipeRegistries().sinkFor(nodeAssetFiles, dir, dir),
      });
    const outcome = await turn(connection());
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.url, '/openai/responses?api-version=2025-04-01-preview');
    assert.equal(request!.headers['x-ms-oai-image-generation-deployment'], 'images-prod');
    assert.equal(request!.fields.model, 'gpt-6.1-sol', 'the chat deployment serves the mainline model');

    const old = await turn(connection({ apiVersion: '2024-10-21' }));
    assert.ok(!old.ok);
    assert.equal(old.failure.azure?.missing, 'responses');
    assert.match(
      describeFailure(old.failure, t).message,
      /API version 2024-10-21 does not have.*to v1 \(the GA API\) or to a dated version from 2025-03-01-preview on/,
    );
    assert.equal(server.requests.length, 1, 'nothing was sent on the old version');
  });

  it('the command line: --provider azure makes the assets with AZURE_OPENAI_API_KEY, refuses --batch and wrong flags', async () => {
    await fs.writeFile(
      path.join(dir, 'art.images.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'low' }, assets: [{ out: 'fox.png', prompt: 'a fox' }] }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const cli = (args: string[], env: Record<string, string> = { AZURE_OPENAI_API_KEY: FAKE_AZURE_KEY }) =>
      runAssetsCli(['art.images.json', ...args], { stdout: (line) => out.push(line), stderr: (line) => err.push(line), env, cwd: dir });
    const azure = ['--provider', 'azure', '--endpoint', endpoint(), '--deployment', 'gpt-image-2.6-sunburst=images-prod'];

    assert.equal(await cli([...azure, '--batch']), 2);
    assert.match(err.join('\n'), /--batch and --collect are not offered with --provider azure/);
    assert.equal(await cli(['--provider', 'azure', '--deployment', 'gpt-image-2.6-sunburst']), 2);
    assert.equal(await cli(['--endpoint', endpoint()]), 2);
    assert.match(err.join('\n'), /need --provider azure/);
    assert.equal(await cli(azure, { OPENAI_API_KEY: 'sk-the-openai-key-is-not-sent' }), 2);
    assert.match(err.join('\n'), /AZURE_OPENAI_API_KEY is not set/);
    assert.equal(server.requests.length, 0);

    assert.equal(await cli(azure), 0, err.join('\n'));
    assert.equal(server.requests.length, 1);
    // No --api-version: the GA v1 API.
    assert.equal(server.requests[0]!.url, '/openai/v1/images/generations');
    assert.deepEqual(server.requests[0]!.azure, { deployment: 'images-prod', apiVersion: 'v1', auth: 'api-key' });
    const lock = JSON.parse(await fs.readFile(path.join(dir, 'art.images.lock.json'), 'utf8')) as { assets: Record<string, { file: string }> };
    assert.equal(lock.assets['fox.png']?.file, server.requests[0]!.returned[0]);
  });

  it('the MCP server with --provider azure makes an image through the deployment, with the key or with an Entra ID token', async () => {
    const call = async (env: Record<string, string>) => {
      const client = await connectMcpServer(
        ['--root', dir, '--provider', 'azure', '--endpoint', endpoint(), '--deployment', 'gpt-image-2.6-sunburst=images-prod'],
        env,
      );
      try {
        return await callMcpTool(client, 'generate_image', {
          prompt: 'a fox',
          path: `fox-${Object.keys(env)[0]}.png`,
          model: 'gpt-image-2.6-sunburst',
          quality: 'low',
          size: '1024x1024',
        });
      } finally {
        await client.close();
      }
    };
    const withKey = await call({ AZURE_OPENAI_API_KEY: FAKE_AZURE_KEY });
    assert.ok(!withKey.isError, JSON.stringify(withKey.content));
    assert.equal(server.requests.at(-1)!.azure?.auth, 'api-key');
    const withToken = await call({ AZURE_OPENAI_AD_TOKEN: ENTRA_TOKEN });
    assert.ok(!withToken.isError, JSON.stringify(withToken.content));
    assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${ENTRA_TOKEN}`);
    assert.ok((await fs.readdir(dir)).includes('fox-AZURE_OPENAI_API_KEY.png'));
  });

  it('the MCP server refuses --provider azure without an endpoint, or with a key for OpenAI only', async () => {
    const run = promisify(execFile);
    const started = run(process.execPath, ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), '--provider', 'azure'], {
      cwd: repository,
      env: { PATH: process.env.PATH ?? '', AZURE_OPENAI_API_KEY: FAKE_AZURE_KEY },
    });
    await assert.rejects(started, (error: { code?: number; stderr?: string }) => error.code === 2 && /needs --endpoint/.test(error.stderr ?? ''));
    const keyless = run(
      process.execPath,
      ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), '--provider', 'azure', '--endpoint', endpoint()],
      {
        cwd: repository,
        env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: 'sk-not-for-azure' },
      },
    );
    await assert.rejects(keyless, (error: { code?: number; stderr?: string }) => error.code === 2 && /set AZURE_OPENAI_API_KEY/.test(error.stderr ?? ''));
  });
});
