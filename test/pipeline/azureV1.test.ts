/**
 * Azure's GA v1 API, the default: OpenAI's own paths under `/openai/v1` with no dated `api-version`, the deployment
 * named in the request's `model` (JSON or multipart), the key in `api-key` (never also as a bearer token) or an
 * Entra ID token as a bearer token, conversations on `/openai/v1/responses`, and Azure's refusals in its words.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from '../../src/api/imagesClient';
import { probeModel } from '../../src/api/setupProbe';
import { planTurn } from '../../src/core/conversation/turnRequest';
import { describeFailure } from '../../src/core/failure';
import { AZURE_DEFAULT_API_VERSION, type AzureRoute } from '../../src/core/providers';
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
import { connectLedger, LEDGER_ENV, serveLedger } from '../../src/pipeline/ledgerChannel';
import { SpendingLimit } from '../../src/core/spendingLimit';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ENTRA_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-v1-entra-token.signature';

describe('Azure OpenAI on the GA v1 API against the fake server', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer({
      azure: { deployments: { 'images-prod': 'gpt-image-2.6-sunburst', chat: 'gpt-6.1-sol' }, bearerTokens: [ENTRA_TOKEN] },
    });
    dir = realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-azure-v1-')));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const route = (overrides: Partial<AzureRoute> = {}): AzureRoute => ({
    endpoint: new URL(server.baseUrl).origin,
    apiVersion: AZURE_DEFAULT_API_VERSION,
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

  it('is the default, and generates on /openai/v1 with the deployment as the model and the key in api-key alone', async () => {
    assert.equal(AZURE_DEFAULT_API_VERSION, 'v1');
    const outcome = await run(generate('a fox'), connection());
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.url, '/openai/v1/images/generations', 'no dated api-version on the v1 API');
    assert.equal(request!.headers['api-key'], FAKE_AZURE_KEY);
    assert.equal(request!.headers.authorization, undefined, 'the key is not also sent as a bearer token');
    assert.deepEqual(request!.azure, { deployment: 'images-prod', apiVersion: 'v1', auth: 'api-key' });
    assert.equal(request!.fields.model, 'gpt-image-2.6-sunburst', 'the named deployment served the catalogue model');
    const written = await fs.readFile(path.join(dir, outcome.files[0]!));
    assert.equal(sha256(written), request!.returned[0], 'the signed answer is written byte for byte');
  });

  it('edits with a mask as multipart on /openai/v1/images/edits, the deployment in the model field', async () => {
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
    assert.equal(request!.url, '/openai/v1/images/edits');
    assert.equal(request!.azure?.deployment, 'images-prod');
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
    assert.deepEqual(request!.azure, { deployment: 'images-prod', apiVersion: 'v1', auth: 'bearer' });
  });

  it('refusals: a deployment the resource lacks names the setting; a wrong key is an Azure 401 that never shows the key', async () => {
    const lacking = await run(generate('a fox'), connection({ deployments: { 'gpt-image-2.6-sunburst': 'images-typo' } }));
    assert.ok(!lacking.ok);
    assert.equal(lacking.failure.kind, 'azure-setup');
    assert.match(
      describeFailure(lacking.failure, t).message,
      /openaiImages\.azure\.deployments.*Azure OpenAI said: The API deployment for this resource does not exist/,
    );
    const key = await run(generate('a fox'), connection({}, 'not-the-key-0000000000000000'));
    assert.ok(!key.ok);
    assert.equal(key.failure.kind, 'auth');
    assert.match(describeFailure(key.failure, t).message, /^Azure OpenAI refused the key or the Entra ID token \(401\)/);
    assert.doesNotMatch(JSON.stringify(key.failure), /not-the-key/);
  });

  it('a redirect is not followed, so the api-key header cannot be carried elsewhere', async () => {
    // Followed, the 307 would post again to the server's OpenAI path, where it would be recorded.
    server.script({ status: 307, headers: { location: new URL('/v1/images/generations', server.baseUrl).toString() }, body: {} });
    const outcome = await run(generate('a fox'), connection());
    assert.ok(!outcome.ok);
    assert.equal(server.requests.length, 1, 'nothing followed the redirect');
  });

  it('Check Setup reads /openai/v1/models', async () => {
    assert.deepEqual(await probeModel(connection(), 'gpt-image-2.6-sunburst', new AbortController().signal), { ok: true });
    assert.equal(server.requests[0]!.url, '/openai/v1/models');
  });

  it('a conversation turn goes to /openai/v1/responses with the image deployment header', async () => {
    const plan = planTurn({
      conversationModel: 'gpt-6.1-sol',
      settings: settings({ size: '1024x1024', quality: 'low' }),
      partialImages: 0,
      chain: { kind: 'stored' },
      prompt: 'a lighthouse',
    });
    assert.ok(plan.ok);
    const outcome = await runConversationTurn({
      body: plan.body,
      connection: connection(),
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
    assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.failure));
    const [request] = server.requests;
    assert.equal(request!.url, '/openai/v1/responses');
    assert.equal(request!.headers['x-ms-oai-image-generation-deployment'], 'images-prod');
    assert.equal(request!.fields.model, 'gpt-6.1-sol', 'the chat deployment serves the mainline model');
  });

  it('the MCP server VS Code starts with Entra ID asks the window for a fresh token before each call (the one it started with expires)', async () => {
    const issued = ['fresh-token-one-0000000000000000', 'fresh-token-two-0000000000000000'];
    server.azure.bearerTokens.splice(0, Infinity, ...issued);
    let asked = 0;
    const window = await serveLedger(new SpendingLimit(() => 5), async () => issued[asked++]);
    const client = await connectMcpServer(
      ['--root', dir, '--provider', 'azure', '--endpoint', route().endpoint, '--deployment', 'gpt-image-2.6-sunburst=images-prod'],
      // What VS Code put in the environment when it started the server, long since expired.
      { AZURE_OPENAI_AD_TOKEN: 'expired-start-up-token', [LEDGER_ENV.path]: window.address.path, [LEDGER_ENV.token]: window.address.token },
    );
    try {
      for (const name of ['one', 'two']) {
        const result = await callMcpTool(client, 'generate_image', {
          prompt: `a fox ${name}`,
          path: `fox-${name}.png`,
          model: 'gpt-image-2.6-sunburst',
          quality: 'low',
          size: '1024x1024',
        });
        assert.ok(!result.isError, JSON.stringify(result.content));
      }
      assert.deepEqual(
        server.requests.map((request) => request.headers.authorization),
        issued.map((token) => `Bearer ${token}`),
      );
      // Only a client with the channel's own token is given one.
      const forged = await connectLedger({ path: window.address.path, token: 'not-the-channel-token' });
      assert.equal(await forged.credential(), undefined);
      assert.equal(asked, 2);
    } finally {
      await client.close();
      await window.close();
    }
  });
});
