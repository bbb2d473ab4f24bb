/**
 * The Responses API's `/v1/responses` with the `image_generation` tool, for the fake server. Strict after the
 * `openai` SDK 7.57 types (resources/responses/responses.d.ts): unknown fields are refused at every level this
 * extension sends, `previous_response_id` must name a stored response this server gave, the tool's options are
 * checked against the model catalogue on the server's "today", and a streamed answer sends the events the API
 * sends, in its order, with sequence numbers; it throws `ApiError` for what the API refuses. What the "mainline model" does is decided by the words it is
 * given, so tests can ask for a text answer, a failed tool call or a moderation block.
 */
import type { ImagePicture } from './fakeImagesServer';
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import type { OutputFormat } from '../../src/core/modelCatalogue';
import { modelEntry } from '../../src/core/modelCatalogue';
import { lifecycleOn } from '../../src/core/modelLifecycle';
import { checkSize } from '../../src/core/models';
import { ApiError } from './apiError';
import { answerText } from './fakeTextResponses';

/** `ResponseCreateParamsBase`'s fields (SDK 7.57). */
const RESPONSE_PARAMS = new Set([
  'access_programs',
  'background',
  'context_management',
  'conversation',
  'image',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'moderation',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
]);
/** `Tool.ImageGeneration`'s fields. */
const IMAGE_TOOL_PARAMS = new Set([
  'type',
  'action',
  'background',
  'complexity',
  'frame_count',
  'frame_duration_ms',
  'input_fidelity',
  'input_image_mask',
  'model',
  'moderation',
  'output_compression',
  'output_format',
  'partial_images',
  'quality',
  'size',
  'svg',
]);
const MESSAGE_PARAMS = new Set(['role', 'content', 'type', 'phase']);
const INPUT_TEXT_PARAMS = new Set(['type', 'text', 'prompt_cache_breakpoint']);
const INPUT_IMAGE_PARAMS = new Set(['type', 'detail', 'file_id', 'image_url', 'prompt_cache_breakpoint']);
/** Mainline models of the SDK's `ChatModel` list that take hosted tools. */
export const FAKE_MAINLINE_MODELS = [
  'gpt-6-astra',
  'gpt-6.1-sol',
  'gpt-6.1-terra',
  'gpt-6-sol',
  'gpt-6-luna',
  'gpt-5.6-sol',
  'gpt-5.6-terra',
  'gpt-5.6-luna',
  'gpt-5.5',
  'gpt-5.4',
  'gpt-5.4-mini',
  'gpt-5.2',
  'gpt-5.1',
  'gpt-5',
  'gpt-4.1',
  'gpt-4o',
  'o3',
];
const FORMATS = ['png', 'jpeg', 'webp', 'gif', 'svg'];

/** What the route needs of the server it is part of. */
export interface ResponsesRouteDeps {
  readonly today: () => string;
  readonly eventDelayMs: () => number;
  readonly blockedPrompts: () => readonly string[];
  /** Prompts the "mainline model" answers in words, calling no tool. */
  readonly textOnlyPrompts: () => readonly string[];
  /** Prompts whose image tool call fails (status failed, a server error). */
  readonly failingToolPrompts: () => readonly string[];
  readonly makeImage: (size: string, format: OutputFormat, transparent: boolean, seed: number, picture?: ImagePicture) => Promise<Buffer>;
  readonly outputTokens: (quality: string, size: string) => number;
  /** What a request without tools (the prompt and alt text writer) is answered, in order. */
  readonly textAnswers: () => readonly string[];
}

export interface ResponseRecord {
  /** The id this server gave the response. */
  responseId?: string;
  readonly returned: string[];
  readonly returnedBytes: Buffer[];
  readonly events: Array<{ readonly type: string; readonly at: number; readonly sha256: string }>;
  status?: number;
}

interface StoredResponse {
  readonly id: string;
  /** The user's words of this response and every one before it, oldest first. */
  readonly userTexts: readonly string[];
  /** Images made along the chain. */
  readonly images: number;
  readonly inputTokens: number;
}

const unknownParameter = (name: string) => new ApiError(400, `Unknown parameter: '${name}'.`, name, 'unknown_parameter');

function strictKeys(value: Record<string, unknown>, allowed: Set<string>, prefix: string): void {
  for (const key of Object.keys(value)) if (!allowed.has(key)) throw unknownParameter(`${prefix}${key}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ParsedInput {
  /** The user's words, message by message. */
  readonly texts: string[];
  /** The words of the last user message: what this turn asks. */
  readonly latest: string;
  readonly images: number;
}

function parseInput(input: unknown): ParsedInput {
  if (typeof input === 'string') return { texts: [input], latest: input, images: 0 };
  if (!Array.isArray(input) || input.length === 0) throw new ApiError(400, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const texts: string[] = [];
  let latest = '';
  let images = 0;
  input.forEach((item, index) => {
    const at = `input[${index}]`;
    if (!isObject(item)) throw new ApiError(400, `Invalid type for '${at}': expected an object.`, at, 'invalid_type');
    strictKeys(item, MESSAGE_PARAMS, `${at}.`);
    if (!['user', 'assistant', 'system', 'developer'].includes(String(item.role)))
      throw new ApiError(
        400,
        `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`,
        `${at}.role`,
        'invalid_value',
      );
    if (typeof item.content === 'string') {
      if (item.role === 'user') {
        texts.push(item.content);
        latest = item.content;
      }
      return;
    }
    const words: string[] = [];
    if (!Array.isArray(item.content)) throw new ApiError(400, `Invalid type for '${at}.content'.`, `${at}.content`, 'invalid_type');
    item.content.forEach((part, partIndex) => {
      const where = `${at}.content[${partIndex}]`;
      if (!isObject(part)) throw new ApiError(400, `Invalid type for '${where}'.`, where, 'invalid_type');
      if (part.type === 'input_text') {
        strictKeys(part, INPUT_TEXT_PARAMS, `${where}.`);
        if (typeof part.text !== 'string')
          throw new ApiError(400, `Missing required parameter: '${where}.text'.`, `${where}.text`, 'missing_required_parameter');
        words.push(part.text);
      } else if (part.type === 'input_image') {
        strictKeys(part, INPUT_IMAGE_PARAMS, `${where}.`);
        if (!['low', 'high', 'auto', 'original'].includes(String(part.detail)))
          throw new ApiError(
            400,
            `Invalid value: '${String(part.detail)}'. Supported values are: 'low', 'high', 'auto', and 'original'.`,
            `${where}.detail`,
            'invalid_value',
          );
        const url = String(part.image_url ?? '');
        if (!/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/.test(url))
          throw new ApiError(
            400,
            `Invalid '${where}.image_url': expected a base64-encoded data URL with an image MIME type.`,
            `${where}.image_url`,
            'invalid_value',
          );
        images += 1;
      } else {
        throw new ApiError(400, `Invalid value: '${String(part.type)}'.`, `${where}.type`, 'invalid_value');
      }
    });
    if (item.role === 'user' && words.length > 0) {
      texts.push(words.join(' '));
      latest = words.join(' ');
    }
  });
  return { texts, latest, images };
}

function checkImageTool(tool: Record<string, unknown>, today: string) {
  strictKeys(tool, IMAGE_TOOL_PARAMS, 'tools[0].');
  const model = String(tool.model ?? 'gpt-image-2.6-sunburst');
  const entry = modelEntry(model);
  if (!entry)
    throw new ApiError(400, `Invalid value: '${model}'. This fake serves the GPT image models of the model catalogue only.`, 'tools[0].model', 'invalid_value');
  if (lifecycleOn(model, today).state === 'shut-down')
    throw new ApiError(
      404,
      `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
      'tools[0].model',
      'model_not_found',
    );
  const size = String(tool.size ?? 'auto');
  if (!checkSize(model, size).ok) throw new ApiError(400, `Invalid size '${size}' for the image_generation tool.`, 'tools[0].size', 'invalid_value');
  const quality = String(tool.quality ?? 'auto');
  // Qualities sources disagree about (ModelEntry.disputed) are refused, as the SDK's wording has it.
  const qualities = entry.qualities.filter((each) => !(entry.disputed ?? []).includes(each as never));
  if (!qualities.includes(quality as never))
    throw new ApiError(
      400,
      `Invalid value: '${quality}'. Supported values are: ${qualities.map((each) => `'${each}'`).join(', ')}.`,
      'tools[0].quality',
      'invalid_value',
    );
  const format = String(tool.output_format ?? 'png');
  if (!FORMATS.includes(format) || !entry.outputFormats.includes(format as OutputFormat))
    throw new ApiError(400, `output_format '${format}' is not supported for model '${model}'.`, 'tools[0].output_format', 'invalid_value');
  if (tool.background === 'transparent' && format !== 'png' && format !== 'webp')
    throw new ApiError(400, `Transparent background is not supported for ${format} output format.`, 'tools[0].background', 'invalid_value');
  if (tool.output_compression !== undefined && format !== 'jpeg' && format !== 'webp')
    throw new ApiError(400, 'Compression is only supported for jpeg and webp output formats.', 'tools[0].output_compression', 'invalid_value');
  const partials = Number(tool.partial_images ?? 0);
  if (!Number.isInteger(partials) || partials < 0 || partials > 3)
    throw new ApiError(
      400,
      `Invalid value: ${String(tool.partial_images)}. partial_images must be between 0 and 3.`,
      'tools[0].partial_images',
      'invalid_value',
    );
  if ((format === 'gif' || format === 'svg') && partials > 0)
    throw new ApiError(400, `${format.toUpperCase()} output does not support partial images.`, 'tools[0].partial_images', 'invalid_value');
  if (tool.complexity !== undefined && (!entry.complexity || !['low', 'medium', 'high'].includes(String(tool.complexity))))
    throw new ApiError(400, `complexity '${String(tool.complexity)}' is not supported for model '${model}'.`, 'tools[0].complexity', 'invalid_value');
  const fidelity = entry.inputFidelity;
  if (tool.input_fidelity !== undefined && (fidelity === 'omit' || !fidelity.includes(tool.input_fidelity as 'low' | 'high')))
    throw new ApiError(400, `Invalid value: 'input_fidelity' is not supported for model '${model}'.`, 'tools[0].input_fidelity', 'invalid_value');
  if (!['auto', 'low', undefined].includes(tool.moderation as string | undefined))
    throw new ApiError(400, `Invalid value: '${String(tool.moderation)}'.`, 'tools[0].moderation', 'invalid_value');
  return {
    model,
    size: size === 'auto' ? '1024x1024' : size,
    quality,
    format: format as OutputFormat,
    partials,
    transparent: tool.background === 'transparent',
  };
}

export function createResponsesRoute(deps: ResponsesRouteDeps) {
  const stored = new Map<string, StoredResponse>();
  let responses = 0;
  let textServed = 0;

  /** Answers POST /v1/responses. */
  async function handle(
    fields: Record<string, unknown>,
    record: ResponseRecord,
    res: http.ServerResponse,
    headers: Record<string, string>,
    streamErrorAfter?: number,
  ): Promise<void> {
    strictKeys(fields, RESPONSE_PARAMS, '');
    const model = fields.model;
    if (typeof model !== 'string' || model === '') throw new ApiError(400, "Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    if (!FAKE_MAINLINE_MODELS.includes(model)) throw new ApiError(400, `The requested model '${model}' does not exist.`, 'model', 'model_not_found');
    if (fields.conversation !== undefined && fields.previous_response_id !== undefined)
      throw new ApiError(400, 'previous_response_id cannot be used together with conversation.', 'previous_response_id', 'invalid_value');
    let previous: StoredResponse | undefined;
    if (fields.previous_response_id !== undefined) {
      const id = String(fields.previous_response_id);
      previous = stored.get(id);
      if (!previous) throw new ApiError(400, `Previous response with id '${id}' not found.`, 'previous_response_id', 'previous_response_not_found');
    }
    const input = parseInput(fields.input);
    if (fields.instructions !== undefined && typeof fields.instructions !== 'string')
      throw new ApiError(400, "Invalid type for 'instructions': expected a string.", 'instructions', 'invalid_type');
    if (fields.tools === undefined && previous === undefined) {
      responses += 1;
      record.responseId = `resp_fake_${responses}`;
      record.status = 200;
      answerText(
        { model, fields, latest: input.latest, images: input.images, responseId: record.responseId, answers: deps.textAnswers(), served: textServed++ },
        res,
        headers,
      );
      return;
    }
    if (!Array.isArray(fields.tools) || fields.tools.length !== 1 || !isObject(fields.tools[0]) || fields.tools[0].type !== 'image_generation')
      throw new ApiError(400, 'This fake serves requests with exactly one image_generation tool.', 'tools', 'invalid_value');
    const toolFields = fields.tools[0];
    const tool = checkImageTool(toolFields, deps.today());
    if (fields.store !== undefined && typeof fields.store !== 'boolean') throw new ApiError(400, "Invalid type for 'store'.", 'store', 'invalid_type');
    const stream = fields.stream === true;

    responses += 1;
    const responseId = `resp_fake_${responses}`;
    record.responseId = responseId;
    const userTexts = [...(previous?.userTexts ?? []), ...input.texts];
    const latest = input.latest;
    const blocked = deps.blockedPrompts().some((word) => latest.includes(word));
    const textOnly = deps.textOnlyPrompts().some((word) => latest.includes(word));
    const toolFails = deps.failingToolPrompts().some((word) => latest.includes(word));
    const editing = (previous?.images ?? 0) > 0 || input.images > 0;
    const callId = `ig_fake_${responses}`;
    const revisedPrompt = userTexts.join('; then ');
    const imageTokens = deps.outputTokens(tool.quality, tool.size) + 100 * tool.partials;
    const made = !blocked && !textOnly && !toolFails;
    const image = made ? await deps.makeImage(tool.size, tool.format, tool.transparent, responses, { prompt: revisedPrompt }) : undefined;
    if (image) {
      record.returned.push(createHash('sha256').update(image).digest('hex'));
      record.returnedBytes.push(image);
    }
    // The mainline model reads the whole chain again: earlier words and images count as input each turn.
    const inputTokens = 300 + Math.ceil(userTexts.join(' ').length / 4) + 1000 * ((previous?.images ?? 0) + input.images);
    const words = textOnly ? 'Which of the images do you mean: the first or the second?' : made ? 'Here is the updated image.' : '';
    const call = textOnly
      ? undefined
      : {
          type: 'image_generation_call',
          id: callId,
          status: made ? 'completed' : 'failed',
          result: image ? image.toString('base64') : null,
          action: editing ? 'edit' : 'generate',
          background: tool.transparent ? 'transparent' : 'opaque',
          output_format: tool.format,
          quality: tool.quality === 'auto' ? 'medium' : tool.quality,
          size: tool.size,
          revised_prompt: revisedPrompt,
          ...(blocked
            ? {
                error: {
                  code: 'moderation_blocked',
                  message: 'Your request was rejected by the safety system.',
                  param: null,
                  type: 'image_generation_user_error',
                  moderation_details: { moderation_stage: 'input', categories: ['violence'] },
                },
              }
            : toolFails
              ? { error: { code: 'server_error', message: 'The image generation failed.', param: null, type: 'server_error' } }
              : {}),
        };
    const message = words
      ? {
          type: 'message',
          id: `msg_fake_${responses}`,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: words, annotations: [], logprobs: [] }],
        }
      : undefined;
    const output = [call, message].filter((item) => item !== undefined);
    const response = (status: string, items: unknown[]) => ({
      id: responseId,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status,
      error: null,
      incomplete_details: null,
      instructions: fields.instructions ?? null,
      metadata: {},
      model,
      output: items,
      parallel_tool_calls: true,
      previous_response_id: fields.previous_response_id ?? null,
      store: fields.store !== false,
      temperature: 1,
      tool_choice: 'auto',
      tools: [{ ...toolFields }],
      top_p: 1,
      truncation: 'disabled',
      ...(status === 'completed'
        ? {
            usage: {
              input_tokens: inputTokens,
              input_tokens_details: { cached_tokens: previous?.inputTokens ?? 0, cache_write_tokens: 0 },
              output_tokens: 120,
              output_tokens_details: { reasoning_tokens: 64 },
              total_tokens: inputTokens + 120,
            },
            tool_usage: {
              image_gen: made
                ? {
                    input_tokens: 50 + (editing ? 1000 : 0),
                    input_tokens_details: { image_tokens: editing ? 1000 : 0, text_tokens: 50 },
                    output_tokens: imageTokens,
                    output_tokens_details: { image_tokens: imageTokens, text_tokens: 0 },
                    total_tokens: 50 + (editing ? 1000 : 0) + imageTokens,
                  }
                : { input_tokens: 0, input_tokens_details: { image_tokens: 0, text_tokens: 0 }, output_tokens: 0, total_tokens: 0 },
              web_search: { num_requests: 0 },
            },
          }
        : {}),
    });
    if (fields.store !== false)
      stored.set(responseId, { id: responseId, userTexts, images: (previous?.images ?? 0) + input.images + (made ? 1 : 0), inputTokens });

    if (!stream) {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(response('completed', output)));
      return;
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
    let sequence = 0;
    const emit = async (payload: Record<string, unknown>, bytes?: Buffer) => {
      const pause = deps.eventDelayMs();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      if (res.destroyed) return false;
      const type = String(payload.type);
      record.events.push({ type, at: Date.now(), sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : '' });
      res.write(`event: ${type}\ndata: ${JSON.stringify({ ...payload, sequence_number: sequence++ })}\n\n`);
      return true;
    };
    if (!(await emit({ type: 'response.created', response: response('in_progress', []) }))) return;
    if (!(await emit({ type: 'response.in_progress', response: response('in_progress', []) }))) return;
    if (call) {
      const outputIndex = 0;
      const common = { item_id: callId, output_index: outputIndex };
      if (!(await emit({ type: 'response.output_item.added', output_index: outputIndex, item: { ...call, status: 'in_progress', result: null } }))) return;
      if (!(await emit({ type: 'response.image_generation_call.in_progress', ...common }))) return;
      if (!(await emit({ type: 'response.image_generation_call.generating', ...common }))) return;
      for (let partial = 0; made && partial < tool.partials; partial++) {
        if (streamErrorAfter === partial) {
          await emit({ type: 'error', code: 'server_error', message: 'The server had an error while processing your request.', param: null });
          res.end();
          return;
        }
        const bytes = await deps.makeImage(tool.size, tool.format, tool.transparent, responses * 10 + partial + 1, {
          prompt: String(call.revised_prompt ?? ''),
          blur: 24 / (partial + 1),
          seed: responses,
        });
        const payload = {
          type: 'response.image_generation_call.partial_image',
          ...common,
          partial_image_b64: bytes.toString('base64'),
          partial_image_index: partial,
          background: call.background,
          output_format: tool.format,
          quality: call.quality,
          size: tool.size,
        };
        if (!(await emit(payload, bytes))) return;
      }
      if (made && !(await emit({ type: 'response.image_generation_call.completed', ...common }))) return;
      if (!(await emit({ type: 'response.output_item.done', output_index: outputIndex, item: call }, image))) return;
    }
    if (message) {
      const outputIndex = call ? 1 : 0;
      const text = message.content[0]!.text;
      if (!(await emit({ type: 'response.output_item.added', output_index: outputIndex, item: { ...message, status: 'in_progress', content: [] } }))) return;
      const part = { item_id: message.id, output_index: outputIndex, content_index: 0 };
      if (!(await emit({ type: 'response.output_text.delta', ...part, delta: text, logprobs: [] }))) return;
      if (!(await emit({ type: 'response.output_text.done', ...part, text, logprobs: [] }))) return;
      if (!(await emit({ type: 'response.output_item.done', output_index: outputIndex, item: message }))) return;
    }
    await emit({ type: 'response.completed', response: response('completed', output) });
    res.end();
  }

  /** DELETE /v1/responses/{id}: false when there is no such stored response. */
  function remove(id: string): boolean {
    return stored.delete(id);
  }

  return { handle, remove };
}
