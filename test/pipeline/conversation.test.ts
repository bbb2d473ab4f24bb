/**
 * Conversation turns through the Responses API against the fake server: the request each turn sends, the chain of
 * `previous_response_id`, streamed partial images, the files and recipes written, what each turn costs, and every
 * way a turn can end without an image.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { actualTurnCost, estimateTurn } from '../../src/core/conversation/turnCost';
import { planTurn, TURN_INSTRUCTIONS, type TurnBody, type TurnInput } from '../../src/core/conversation/turnRequest';
import { mainlineRates } from '../../src/core/conversation/mainlineModels';
import { modelOrDefault } from '../../src/core/modelCatalogue';
import type { Recipe } from '../../src/core/recipe';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { RecipeRegistries } from '../../src/pipeline/recipeRegistryFile';
import { credentialsReader } from '../support/credentials';
import { recipeOnDisk } from '../support/recipes';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runConversationTurn, type TurnOutcome } from '../../src/pipeline/runConversationTurn';
import { deleteResponses } from '../../src/api/responsesClient';
import { errorBody, FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { collectingLog } from '../support/collectingLog';
import { pngImage } from '../support/images';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('conversation turns against the fake Responses API', function () {
  this.timeout(30_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-conversation-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, size: '1024x1024', quality: 'low', ...overrides });

  function body(input: Partial<TurnInput> & { prompt: string }): TurnBody {
    const plan = planTurn({ conversationModel: 'gpt-6.1-sol', settings: settings(), partialImages: 2, chain: { kind: 'stored' }, ...input });
    assert.ok(plan.ok, JSON.stringify(!plan.ok && plan.problems));
    return plan.body;
  }

  async function turn(turnBody: TurnBody, options: { signal?: AbortSignal; maxRetries?: number; turnNumber?: number } = {}) {
    const log = collectingLog();
    const partials: string[] = [];
    const outcome = await runConversationTurn({
      body: turnBody,
      connection: { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: options.maxRetries ?? 0 },
      folder: nodeTargetFolder(dir),
      stem: 'park',
      signal: options.signal ?? new AbortController().signal,
      log,
      recipe: (responseId): Recipe => ({
        version: 1,
        kind: 'generate',
        prompt: promptOf(turnBody),
        model: turnBody.tools[0].model,
        size: turnBody.tools[0].size,
        quality: turnBody.tools[0].quality,
        background: turnBody.tools[0].background,
        createdAt: new Date().toISOString(),
        sources: [],
        conversation: { id: 'conv-1', turn: options.turnNumber ?? 1, responseId, model: turnBody.model },
      }),
      recipes: new RecipeRegistries().sinkFor(nodeAssetFiles, dir, dir),
      onPartial: (image) => partials.push(sha256(image)),
    });
    return { outcome, partials, log };
  }

  const responses = () => server.requests.filter((request) => request.path === '/v1/responses');

  it('chains three turns: each names the one before, streams partial images and writes a numbered file with its recipe', async () => {
    const first = await turn(body({ prompt: 'draw a park' }), { turnNumber: 1 });
    assert.ok(first.outcome.ok && first.outcome.kind === 'image', JSON.stringify(first.outcome));
    const second = await turn(body({ prompt: 'now add a fountain', chain: { kind: 'stored', previousResponseId: first.outcome.responseId } }), {
      turnNumber: 2,
    });
    assert.ok(second.outcome.ok && second.outcome.kind === 'image');
    const third = await turn(
      body({ prompt: 'go back to the first one, but at dusk', chain: { kind: 'stored', previousResponseId: second.outcome.responseId } }),
      { turnNumber: 3 },
    );
    assert.ok(third.outcome.ok && third.outcome.kind === 'image');

    const sent = responses();
    assert.equal(sent.length, 3);
    assert.equal(sent[0]!.fields.previous_response_id, undefined);
    assert.equal(sent[1]!.fields.previous_response_id, sent[0]!.responseId);
    assert.equal(sent[2]!.fields.previous_response_id, sent[1]!.responseId);
    assert.equal(third.outcome.responseId, sent[2]!.responseId);
    // The model kept the whole conversation: its prompt for the image tool carries every turn's words.
    assert.equal(third.outcome.revisedPrompt, 'draw a park; then now add a fountain; then go back to the first one, but at dusk');

    assert.deepEqual(
      [first, second, third].map(({ outcome }) => outcome.ok && outcome.kind === 'image' && outcome.files),
      [['park.png'], ['park-1.png'], ['park-2.png']],
    );
    for (const [index, { partials }] of [first, second, third].entries()) {
      const events = sent[index]!.events.filter((event) => event.type === 'response.image_generation_call.partial_image');
      assert.deepEqual(
        partials,
        events.map((event) => event.sha256),
        'each partial image reaches the thread as sent',
      );
      assert.equal(partials.length, 2);
    }
    const written = await fs.readFile(path.join(dir, 'park-2.png'));
    // The bytes are the tool's signed image, unchanged; the recipe is in the folder's registry.
    assert.equal(sha256(written), sent[2]!.returned[0]);
    assert.equal((await credentialsReader(server.signerRootPem).read(written)).state, 'intact');
    const recipe = recipeOnDisk(dir, written);
    assert.deepEqual(recipe?.conversation, { id: 'conv-1', turn: 3, responseId: sent[2]!.responseId, model: 'gpt-6.1-sol' });
    assert.equal(recipe?.prompt, 'go back to the first one, but at dusk');
  });

  it('sends exactly the fields of the SDK types, with the tool configured from the settings', async () => {
    const source = await pngImage(96, 64);
    const turnBody = planTurn({
      conversationModel: 'gpt-6-astra',
      prompt: 'make the sky stormy',
      settings: settings({
        model: 'gpt-image-2.5-sunburst',
        size: '1536x1024',
        quality: 'high',
        complexity: 'high',
        outputFormat: 'webp',
        outputCompression: 80,
        background: 'opaque',
      }),
      image: { name: 'photo.png', bytes: source },
      partialImages: 1,
      chain: { kind: 'stored' },
    });
    assert.ok(turnBody.ok);
    const { outcome } = await turn(turnBody.body);
    assert.ok(outcome.ok && outcome.kind === 'image', JSON.stringify(outcome));
    const fields = responses()[0]!.fields;
    assert.deepEqual(Object.keys(fields).sort(), ['input', 'instructions', 'model', 'store', 'stream', 'tools']);
    assert.equal(fields.model, 'gpt-6-astra');
    assert.equal(fields.instructions, TURN_INSTRUCTIONS);
    assert.equal(fields.store, true);
    assert.equal(fields.stream, true);
    assert.deepEqual(fields.tools, [
      {
        type: 'image_generation',
        model: 'gpt-image-2.5-sunburst',
        size: '1536x1024',
        quality: 'high',
        background: 'opaque',
        output_format: 'webp',
        moderation: 'auto',
        partial_images: 1,
        output_compression: 80,
        complexity: 'high',
      },
    ]);
    // The image it started from goes with the first turn, as a data URL of its own type.
    assert.deepEqual(fields.input, [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'make the sky stormy' },
          { type: 'input_image', image_url: `data:image/png;base64,${source.toString('base64')}`, detail: 'auto' },
        ],
      },
    ]);
    assert.deepEqual(outcome.files, ['park.webp']);
  });

  it('refuses what the API refuses: unknown fields, a previous response it never gave, a bad tool option', async () => {
    const client = new OpenAI({ apiKey: FAKE_API_KEY, baseURL: server.baseUrl, maxRetries: 0 });
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => assert.fail('accepted'),
        (error: unknown) => error as { status: number; error: { message: string; param: string } },
      );
    const base = body({ prompt: 'draw a park' });
    const unknown = await refusal(client.responses.create({ ...base, stream: false, colour: 'red' } as never));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.error.message, "Unknown parameter: 'colour'.");
    const toolField = await refusal(client.responses.create({ ...base, stream: false, tools: [{ ...base.tools[0], n: 2 }] } as never));
    assert.equal(toolField.error.param, 'tools[0].n');
    const stranger = await refusal(client.responses.create({ ...base, stream: false, previous_response_id: 'resp_someone_else' }));
    assert.equal(stranger.error.param, 'previous_response_id');
    const quality = await refusal(client.responses.create({ ...base, stream: false, tools: [{ ...base.tools[0], quality: 'max', model: 'gpt-image-2' }] }));
    assert.equal(quality.error.param, 'tools[0].quality');
    const partialGif = await refusal(client.responses.create({ ...base, stream: false, tools: [{ ...base.tools[0], output_format: 'gif' }] }));
    assert.equal(partialGif.error.param, 'tools[0].partial_images');

    // Through the pipeline, the refusal is a failure that quotes the API.
    const { outcome } = await turn(body({ prompt: 'now add a fountain', chain: { kind: 'stored', previousResponseId: 'resp_forgotten' } }));
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'invalid-request');
    assert.match(outcome.failure.detail ?? '', /Previous response with id 'resp_forgotten' not found/);
  });

  it('counts each turn as the mainline tokens plus the image tool, and the estimate grows with the conversation', async () => {
    const first = await turn(body({ prompt: 'draw a park' }));
    assert.ok(first.outcome.ok);
    const second = await turn(body({ prompt: 'now add a fountain', chain: { kind: 'stored', previousResponseId: first.outcome.responseId } }));
    assert.ok(second.outcome.ok && second.outcome.usage && second.outcome.imageUsage);
    const { usage, imageUsage } = second.outcome;
    const cost = actualTurnCost('gpt-6.1-sol', DEFAULT_SETTINGS.model, usage, imageUsage);
    const rates = mainlineRates('gpt-6.1-sol').rates;
    const cached = usage.input_tokens_details?.cached_tokens ?? 0;
    assert.ok(cached > 0, 'the fake reports the earlier turn as cached');
    const mainline = ((usage.input_tokens - cached) * rates.input + cached * rates.cachedInput + usage.output_tokens * rates.output) / 1e6;
    const image = modelOrDefault(DEFAULT_SETTINGS.model).pricing.tokens;
    const imageUsd =
      ((imageUsage.input_tokens_details?.text_tokens ?? 0) * image.textIn +
        (imageUsage.input_tokens_details?.image_tokens ?? 0) * image.imageIn +
        (imageUsage.output_tokens_details?.image_tokens ?? 0) * image.imageOut) /
      1e6;
    assert.ok(Math.abs(cost.mainlineUsd - mainline) < 1e-12);
    assert.ok(Math.abs(cost.imageUsd - imageUsd) < 1e-12);
    assert.ok(cost.imageUsd > 0 && cost.mainlineUsd > 0);

    const estimate = (contextTokens: number) =>
      estimateTurn({
        conversationModel: 'gpt-6.1-sol',
        imageModel: DEFAULT_SETTINGS.model,
        size: '1024x1024',
        quality: 'low',
        partialImages: 2,
        prompt: 'now add a fountain',
        contextTokens,
        inputImage: { width: 1024, height: 1024 },
      });
    const firstUsage = first.outcome.ok ? first.outcome.usage! : assert.fail();
    const later = estimate(firstUsage.input_tokens + firstUsage.output_tokens);
    assert.ok(later.usd > estimate(0).usd, 'a longer conversation costs more to read again');
    assert.ok(later.usd >= cost.usd, `the estimate (${later.usd}) is not below what the turn cost (${cost.usd})`);
    assert.equal(later.approximate, true);
  });

  it('a turn answered in words is a text answer, not a failure; a failed or blocked tool call is explained', async () => {
    server.textOnlyPrompts = ['the other one'];
    server.failingToolPrompts = ['melt'];
    server.blockedPrompts = ['forbidden'];
    const words = await turn(body({ prompt: 'change the other one' }));
    assert.ok(words.outcome.ok && words.outcome.kind === 'text');
    assert.match(words.outcome.text, /Which of the images do you mean/);
    assert.deepEqual(await fs.readdir(dir), [], 'no file for a text answer');

    const failed = await turn(body({ prompt: 'melt the fountain', chain: { kind: 'stored', previousResponseId: words.outcome.responseId } }));
    assert.ok(!failed.outcome.ok);
    assert.equal(failed.outcome.failure.kind, 'image-call-failed');
    assert.equal(failed.outcome.failure.detail, 'The image generation failed.');

    const blocked = await turn(body({ prompt: 'something forbidden' }));
    assert.ok(!blocked.outcome.ok);
    assert.equal(blocked.outcome.failure.kind, 'moderation');
    assert.deepEqual(blocked.outcome.failure.moderation, { stage: 'input', categories: ['violence'] });
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('explains 403 verification, 429 and a shut-down image model like the Images route, and a stream that breaks', async () => {
    server.script({
      status: 403,
      body: errorBody(
        'Your organization must be verified to use the model `gpt-image-2.6-sunburst`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
      ),
    });
    const verification = await turn(body({ prompt: 'draw a park' }));
    assert.ok(!verification.outcome.ok);
    assert.equal(verification.outcome.failure.kind, 'verification');

    server.script({
      status: 429,
      body: errorBody('Rate limit reached for images per minute.', 'rate_limit_exceeded', 'requests'),
      headers: { 'retry-after-ms': '10' },
    });
    const limited = await turn(body({ prompt: 'draw a park' }), { maxRetries: 1 });
    assert.ok(limited.outcome.ok, 'retried once after the rate limit, then answered');
    assert.match(limited.log.lines.join('\n'), /rate-limit status=429: retry 1 of 1/);

    const retired = planTurn({
      conversationModel: 'gpt-6.1-sol',
      prompt: 'draw a park',
      settings: settings({ model: 'gpt-image-1' }),
      partialImages: 0,
      chain: { kind: 'stored' },
    });
    assert.ok(retired.ok);
    const shutDown = await turn(retired.body);
    assert.ok(!shutDown.outcome.ok);
    assert.equal(shutDown.outcome.failure.kind, 'model-retired');
    assert.equal(shutDown.outcome.failure.model, 'gpt-image-1', 'the image model is named, not the mainline model');

    server.script({ streamErrorAfter: 1 });
    const broken = await turn(body({ prompt: 'draw a park' }));
    assert.ok(!broken.outcome.ok);
    assert.equal(broken.outcome.failure.kind, 'server');
    assert.equal(broken.partials.length, 1, 'the partial image before the break was shown');
  });

  it('kept only here: nothing stored, each turn sends the earlier words and answers and the latest image again', async () => {
    server.textOnlyPrompts = ['which one'];
    const first = await turn(body({ prompt: 'draw a park', chain: { kind: 'local', earlier: [] } }));
    assert.ok(first.outcome.ok && first.outcome.kind === 'image');
    const latest = await fs.readFile(path.join(dir, 'park.png'));
    const second = await turn(
      body({ prompt: 'change which one', chain: { kind: 'local', earlier: [{ prompt: 'draw a park' }] }, image: { name: 'park.png', bytes: latest } }),
    );
    assert.ok(second.outcome.ok && second.outcome.kind === 'text');
    const third = await turn(
      body({
        prompt: 'the fountain, make it bigger',
        chain: { kind: 'local', earlier: [{ prompt: 'draw a park' }, { prompt: 'change which one', answer: second.outcome.text }] },
        image: { name: 'park.png', bytes: latest },
      }),
    );
    assert.ok(third.outcome.ok && third.outcome.kind === 'image');
    const sent = responses();
    for (const request of sent) {
      assert.equal(request.fields.store, false);
      assert.equal(request.fields.previous_response_id, undefined);
    }
    assert.deepEqual(sent[2]!.fields.input, [
      { role: 'user', content: [{ type: 'input_text', text: 'draw a park' }] },
      { role: 'user', content: [{ type: 'input_text', text: 'change which one' }] },
      { role: 'assistant', content: 'Which of the images do you mean: the first or the second?' },
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'the fountain, make it bigger' },
          { type: 'input_image', image_url: `data:image/png;base64,${latest.toString('base64')}`, detail: 'auto' },
        ],
      },
    ]);
    // The model still had the whole conversation: it was sent, not stored.
    assert.equal(third.outcome.revisedPrompt, 'draw a park; then change which one; then the fountain, make it bigger');
    // And a response OpenAI did not keep cannot be named by a later turn.
    const named = await turn(body({ prompt: 'again', chain: { kind: 'stored', previousResponseId: first.outcome.responseId } }));
    assert.ok(!named.outcome.ok);
    assert.match(named.outcome.failure.detail ?? '', /Previous response with id '.*' not found/);
  });

  it('deletes stored responses at OpenAI: one already gone counts as gone, and a deleted one cannot be continued', async () => {
    const first = await turn(body({ prompt: 'draw a park' }));
    assert.ok(first.outcome.ok);
    const second = await turn(body({ prompt: 'now add a fountain', chain: { kind: 'stored', previousResponseId: first.outcome.responseId } }));
    assert.ok(second.outcome.ok);
    const connection = { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: 0 };
    const done = await deleteResponses(connection, [first.outcome.responseId, second.outcome.responseId, 'resp_long_gone'], new AbortController().signal);
    assert.deepEqual(done, { deleted: 2, alreadyGone: 1 });
    assert.deepEqual(
      server.requests.filter((request) => request.method === 'DELETE').map((request) => request.path),
      [`/v1/responses/${first.outcome.responseId}`, `/v1/responses/${second.outcome.responseId}`, '/v1/responses/resp_long_gone'],
    );
    const after = await turn(body({ prompt: 'at dusk', chain: { kind: 'stored', previousResponseId: second.outcome.responseId } }));
    assert.ok(!after.outcome.ok);
    assert.equal(after.outcome.failure.kind, 'invalid-request');
    await assert.rejects(deleteResponses({ ...connection, apiKey: 'sk-wrong' }, ['resp_x'], new AbortController().signal), /401/);
  });

  it('cancelling mid-stream writes nothing', async () => {
    server.eventDelayMs = 200;
    const controller = new AbortController();
    const running = turn(body({ prompt: 'draw a park' }), { signal: controller.signal });
    const request = await server.nextRequest();
    await waitUntil(() => request.events.some((event) => event.type === 'response.image_generation_call.partial_image'));
    controller.abort();
    const { outcome } = await running;
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'cancelled');
    assert.deepEqual(
      (await fs.readdir(dir)).filter((name) => !name.startsWith('.')),
      [],
    );
  });
});

function promptOf(body: TurnBody): string {
  const last = body.input.at(-1);
  const text = last?.role === 'user' ? last.content.find((part) => part.type === 'input_text') : undefined;
  return text?.type === 'input_text' ? text.text : 'x';
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type { TurnOutcome };
