/**
 * An image conversation as the extension keeps it: its turns (the user's words, then the image or the words that
 * came back), the response each turn got (the next turn names it), and where its images go. Saved per workspace
 * and read back as untrusted data: a damaged conversation is dropped, not half-shown.
 */
import { z } from 'zod';
import type { TurnChain } from './turnRequest';

const uri = z.string().max(4096);

/**
 * Words from the API (or an error about them) kept at most `max` characters: a longer one is cut, not a reason to
 * drop the conversation (and with it the response ids needed to delete it at OpenAI).
 */
const clipped = (max: number) => z.string().transform((text) => (text.length > max ? `${text.slice(0, max - 1)}…` : text));

export const turnSchema = z.object({
  id: z.string().max(100),
  prompt: z.string().min(1).max(32_000),
  /** `text`: the model answered in words and made no image. */
  status: z.enum(['running', 'done', 'text', 'failed', 'cancelled']),
  startedAt: z.number(),
  /** The Responses API's id for this turn; the next turn continues from it. */
  responseId: z.string().max(200).optional(),
  /** The history entry of this turn's image. */
  entryId: z.string().max(100).optional(),
  /** The image written, as a URI. */
  file: uri.optional(),
  /** The model's words. */
  text: clipped(20_000).optional(),
  /** The prompt the image tool was given, after the mainline model rewrote it. */
  revisedPrompt: clipped(40_000).optional(),
  error: clipped(10_000).optional(),
  estimateUsd: z.number().optional(),
  costUsd: z.number().optional(),
  /** The mainline model's share of `costUsd`; the rest is the image tool's. */
  mainlineUsd: z.number().optional(),
  /** Tokens the mainline model read and wrote on this turn: what the next turn reads again. */
  contextTokens: z.number().int().min(0).optional(),
});

export type Turn = z.infer<typeof turnSchema>;

export const conversationSchema = z.object({
  id: z.string().max(100),
  title: clipped(200),
  createdAt: z.number(),
  /** The mainline model it was started with; kept for the whole conversation. */
  model: z.string().max(100),
  /**
   * Where the conversation is kept between turns, chosen when it starts: `openai` (responses stored, each turn
   * names the one before) or `local` (nothing stored; each turn sends the earlier words and the latest image).
   */
  storage: z.enum(['openai', 'local']).default('openai'),
  /** The folder its images are written to (beside the image it started from). */
  folder: uri,
  /** The file name its images take, numbered `-1`, `-2`... when taken. */
  stem: z.string().max(300),
  /** The image it started from, sent with the first turn. */
  source: uri.optional(),
  turns: z.array(turnSchema).max(500),
});

export type Conversation = z.infer<typeof conversationSchema>;

export const MAX_CONVERSATIONS = 100;

/** A conversation with no turns yet; its title and (without a start image) its file name come from the first words. */
export function newConversation(
  start: Pick<Conversation, 'id' | 'model' | 'storage' | 'folder' | 'source'> & { readonly stem?: string; readonly now: number },
): Conversation {
  return {
    id: start.id,
    title: '',
    createdAt: start.now,
    model: start.model,
    storage: start.storage,
    folder: start.folder,
    stem: start.stem ?? '',
    ...(start.source ? { source: start.source } : {}),
    turns: [],
  };
}

/** Saved conversations, one by one: a damaged one is dropped; turns left running by a closed window end as cancelled. */
export function parseConversations(raw: unknown): Conversation[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = conversationSchema.safeParse(item);
    if (!parsed.success) return [];
    const turns = parsed.data.turns.map((turn): Turn => (turn.status === 'running' ? { ...turn, status: 'cancelled' } : turn));
    return [{ ...parsed.data, turns }];
  });
}

/** The turns that got an answer the API keeps: the chain the next turn continues. */
function answered(conversation: Conversation): Turn[] {
  return conversation.turns.filter((turn) => (turn.status === 'done' || turn.status === 'text') && turn.responseId !== undefined);
}

/** The response the next turn continues from; undefined before the first answer. */
export function previousResponseId(conversation: Conversation): string | undefined {
  return answered(conversation).at(-1)?.responseId;
}

/** How the next turn reaches the conversation so far. */
export function turnChain(conversation: Conversation): TurnChain {
  if (conversation.storage === 'openai') return { kind: 'stored', previousResponseId: previousResponseId(conversation) };
  return { kind: 'local', earlier: answered(conversation).map((turn) => ({ prompt: turn.prompt, answer: turn.text })) };
}

/**
 * The image the next turn sends: kept by OpenAI, the start image with the first turn only (later turns see it in
 * the stored conversation); kept here, the latest image with every turn.
 */
export function imageToSend(conversation: Conversation): string | undefined {
  if (conversation.storage === 'local') return latestImage(conversation);
  return previousResponseId(conversation) === undefined ? conversation.source : undefined;
}

/** What the mainline model will read again on the next turn (the last answered turn's input and output). */
export function contextTokens(conversation: Conversation): number {
  return answered(conversation).at(-1)?.contextTokens ?? 0;
}

/** The image the next turn is most likely to edit: the latest made, else the one it started from. */
export function latestImage(conversation: Conversation): string | undefined {
  return conversation.turns.filter((turn) => turn.file !== undefined).at(-1)?.file ?? conversation.source;
}

/** The history entry of the latest image, which the next image's entry refines. */
export function latestEntryId(conversation: Conversation): string | undefined {
  return conversation.turns.filter((turn) => turn.entryId !== undefined && turn.status === 'done').at(-1)?.entryId;
}

/** The responses OpenAI keeps of a conversation (stored ones only): what deleting it at OpenAI deletes. */
export function storedResponseIds(conversation: Conversation): string[] {
  if (conversation.storage !== 'openai') return [];
  return conversation.turns.flatMap((turn) => (turn.responseId ? [turn.responseId] : []));
}

export function totalCost(conversation: Conversation): number {
  return conversation.turns.reduce((sum, turn) => sum + (turn.costUsd ?? 0), 0);
}

/** A title from the first words asked, on one line. */
export function titleFrom(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** The conversation with `turn` added, or replacing the turn of the same id. */
export function withTurn(conversation: Conversation, turn: Turn): Conversation {
  const known = conversation.turns.some((each) => each.id === turn.id);
  return { ...conversation, turns: known ? conversation.turns.map((each) => (each.id === turn.id ? turn : each)) : [...conversation.turns, turn] };
}

/** Newest first, at most MAX_CONVERSATIONS, `changed` replacing the saved one of its id. */
export function withConversation(all: readonly Conversation[], changed: Conversation): Conversation[] {
  return [changed, ...all.filter((each) => each.id !== changed.id)].slice(0, MAX_CONVERSATIONS);
}
