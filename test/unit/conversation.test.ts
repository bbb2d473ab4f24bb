/** The pure core of image conversations: the turn request, the saved conversation and its chain, turn costs. */
import * as assert from 'node:assert/strict';
import {
  contextTokens,
  imageToSend,
  latestEntryId,
  parseConversations,
  previousResponseId,
  titleFrom,
  totalCost,
  turnChain,
  withTurn,
  type Conversation,
  type Turn,
} from '../../src/core/conversation/conversation';
import { DEFAULT_CONVERSATION_MODEL, MAINLINE_MODELS, mainlineRates } from '../../src/core/conversation/mainlineModels';
import { actualTurnCost, estimateTurn } from '../../src/core/conversation/turnCost';
import { planTurn } from '../../src/core/conversation/turnRequest';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/core/settings';

const turn = (id: string, overrides: Partial<Turn> = {}): Turn => ({ id, prompt: `words ${id}`, status: 'done', startedAt: 1, ...overrides });
const conversation = (turns: Turn[], overrides: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  title: 'a park',
  createdAt: 1,
  model: 'gpt-6.1-sol',
  storage: 'openai',
  folder: 'file:///w',
  stem: 'park',
  turns,
  ...overrides,
});

describe('conversations', () => {
  it('plans a turn with the same checks as Generate, one image, and the tool options of the settings', () => {
    const refused = planTurn({
      conversationModel: 'gpt-6.1-sol',
      prompt: 'a park',
      settings: { ...DEFAULT_SETTINGS, model: 'gpt-image-2', quality: 'max' },
      partialImages: 0,
      chain: { kind: 'stored' },
    });
    assert.ok(!refused.ok);
    assert.deepEqual(
      refused.problems.map((problem) => problem.code),
      ['quality-unsupported'],
    );
    const empty = planTurn({ conversationModel: 'gpt-6.1-sol', prompt: ' ', settings: DEFAULT_SETTINGS, partialImages: 0, chain: { kind: 'stored' } });
    assert.ok(!empty.ok);
    const planned = planTurn({
      conversationModel: 'gpt-6.1-sol',
      prompt: 'a park',
      settings: { ...DEFAULT_SETTINGS, count: 4, outputFormat: 'jpeg', outputCompression: 70 },
      partialImages: 2,
      chain: { kind: 'stored', previousResponseId: 'resp_1' },
    });
    assert.ok(planned.ok);
    assert.equal(planned.image.n, 1, 'one image per turn, whatever count says');
    assert.equal(planned.body.previous_response_id, 'resp_1');
    assert.equal(planned.body.store, true);
    assert.deepEqual(planned.body.tools[0], {
      type: 'image_generation',
      model: DEFAULT_SETTINGS.model,
      size: 'auto',
      quality: 'medium',
      background: 'auto',
      output_format: 'jpeg',
      moderation: 'auto',
      partial_images: 2,
      output_compression: 70,
    });
  });

  it('continues from the last answered turn, skipping failed ones; a text answer counts', () => {
    const chat = conversation([
      turn('1', { responseId: 'resp_1', contextTokens: 500, entryId: 'e1', file: 'file:///w/park.png' }),
      turn('2', { status: 'text', responseId: 'resp_2', contextTokens: 900, text: 'Which one?' }),
      turn('3', { status: 'failed', responseId: 'resp_3', error: 'blocked' }),
      turn('4', { status: 'cancelled' }),
    ]);
    assert.equal(previousResponseId(chat), 'resp_2');
    assert.equal(contextTokens(chat), 900);
    assert.equal(latestEntryId(chat), 'e1');
    assert.deepEqual(turnChain(chat), { kind: 'stored', previousResponseId: 'resp_2' });
    assert.deepEqual(turnChain({ ...chat, storage: 'local' }), {
      kind: 'local',
      earlier: [
        { prompt: 'words 1', answer: undefined },
        { prompt: 'words 2', answer: 'Which one?' },
      ],
    });
  });

  it('sends the start image with the first turn only when OpenAI keeps the conversation, the latest image every turn otherwise', () => {
    const fresh = conversation([], { source: 'file:///w/photo.png' });
    assert.equal(imageToSend(fresh), 'file:///w/photo.png');
    const answered = withTurn(fresh, turn('1', { responseId: 'resp_1', file: 'file:///w/photo-edit.png' }));
    assert.equal(imageToSend(answered), undefined);
    assert.equal(imageToSend({ ...answered, storage: 'local' }), 'file:///w/photo-edit.png');
    assert.equal(imageToSend(conversation([])), undefined);
  });

  it('reads saved conversations back as untrusted: damaged ones dropped, a running turn ends as cancelled, old ones stored at OpenAI', () => {
    const { storage: _storage, ...old } = conversation([turn('1', { status: 'running' })]);
    const parsed = parseConversations([old, { id: 'bad', turns: 'nope' }, 'junk']);
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0]!.turns[0]!.status, 'cancelled');
    assert.equal(parsed[0]!.storage, 'openai');
    assert.deepEqual(parseConversations({ not: 'a list' }), []);
  });

  it('keeps a conversation whose words or error are over-long, cutting them: its response ids are not lost', () => {
    const long = conversation([turn('1', { status: 'text', responseId: 'resp_1', text: 'w'.repeat(25_000), error: 'e'.repeat(12_000) })]);
    const [kept] = parseConversations([{ ...long, title: 't'.repeat(500) }]);
    assert.ok(kept, 'kept');
    assert.equal(kept.turns[0]!.responseId, 'resp_1');
    assert.equal(kept.turns[0]!.text!.length, 20_000);
    assert.ok(kept.turns[0]!.text!.endsWith('…'));
    assert.equal(kept.turns[0]!.error!.length, 10_000);
    assert.equal(kept.title.length, 200);
  });

  it('adds and replaces turns by id, totals costs, and titles from the first words', () => {
    let chat = withTurn(conversation([]), turn('1', { status: 'running' }));
    chat = withTurn(chat, turn('1', { costUsd: 0.05 }));
    chat = withTurn(chat, turn('2', { costUsd: 0.02 }));
    assert.deepEqual(
      chat.turns.map((each) => each.id),
      ['1', '2'],
    );
    assert.ok(Math.abs(totalCost(chat) - 0.07) < 1e-12);
    assert.equal(titleFrom('  draw\na   park  '), 'draw a park');
    assert.equal(titleFrom('x'.repeat(100)).length, 60);
  });

  it('prices the mainline model from its table, and a model it does not know at the dearest rates', () => {
    assert.ok(MAINLINE_MODELS.some((entry) => entry.id === DEFAULT_CONVERSATION_MODEL));
    assert.equal(mainlineRates('gpt-6.1-sol').known, true);
    const unknown = mainlineRates('gpt-7-nova');
    assert.equal(unknown.known, false);
    assert.equal(unknown.rates.output, Math.max(...MAINLINE_MODELS.map((entry) => entry.rates.output)));
    const estimate = (conversationModel: string) =>
      estimateTurn({
        conversationModel,
        imageModel: DEFAULT_SETTINGS.model,
        size: '1024x1024',
        quality: 'low',
        partialImages: 0,
        prompt: 'a park',
        contextTokens: 0,
      });
    assert.ok(estimate('gpt-7-nova').mainlineUsd >= estimate('gpt-6-astra').mainlineUsd);
    assert.ok(estimate('gpt-6-astra').mainlineUsd > estimate('gpt-6.1-sol').mainlineUsd);
    // Cached input is billed at the cached rate.
    const cached = actualTurnCost(
      'gpt-6.1-sol',
      DEFAULT_SETTINGS.model,
      { input_tokens: 1000, output_tokens: 0, input_tokens_details: { cached_tokens: 1000 } },
      undefined,
    );
    assert.ok(Math.abs(cached.mainlineUsd - (1000 * 0.1) / 1e6) < 1e-12);
    assert.equal(cached.imageUsd, 0);
  });

  it('takes any model id for conversationModel, and nothing that is not one', () => {
    assert.equal(parseSettings({ conversationModel: 'gpt-6.2-astra' }).settings.conversationModel, 'gpt-6.2-astra');
    const bad = parseSettings({ conversationModel: 'gpt 6; rm -rf' });
    assert.deepEqual(bad.invalid, ['conversationModel']);
    assert.equal(bad.settings.conversationModel, DEFAULT_CONVERSATION_MODEL);
  });
});
