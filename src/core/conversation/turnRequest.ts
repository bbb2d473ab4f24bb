/**
 * One conversation turn as a Responses API request: the user's words, the `image_generation` tool configured
 * from the user's image settings, and the conversation so far. Kept by OpenAI (`store: true`), a turn names the
 * one before by `previous_response_id` and the model reads everything from there; kept only here, a turn sends
 * the earlier words again and the latest image, and OpenAI keeps nothing. The image settings are checked by the
 * same plan as an Images API request, so a conversation refuses what Generate refuses, in the same words.
 */
import type { Problem } from '../problems';
import { planEdit, planGenerate, type GenerateBody, type UploadImage } from '../requestPlan';
import type { Settings } from '../settings';
import type { OutputFormat, Quality } from '../modelCatalogue';

/** The `image_generation` tool as sent (the SDK's `Tool.ImageGeneration`, the fields this extension sets). */
export interface ImageToolConfig {
  type: 'image_generation';
  model: string;
  size: string;
  quality: Quality;
  background: Settings['background'];
  output_format: OutputFormat;
  moderation: Settings['moderation'];
  partial_images: number;
  output_compression?: number;
  complexity?: 'low' | 'medium' | 'high';
  input_fidelity?: 'low' | 'high';
  frame_count?: number;
  frame_duration_ms?: number;
}

export type InputContent = { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string; detail: 'auto' };

export type InputMessage = { role: 'user'; content: InputContent[] } | { role: 'assistant'; content: string };

/** The request body (the SDK's `ResponseCreateParamsStreaming`, the fields this extension sets). */
export interface TurnBody {
  model: string;
  input: InputMessage[];
  instructions: string;
  tools: [ImageToolConfig];
  previous_response_id?: string;
  /** Whether OpenAI keeps the response, so the next turn can name it (see the README on privacy). */
  store: boolean;
  stream: true;
}

/** How a conversation reaches the next turn: named by OpenAI's stored response, or sent again from here. */
export type TurnChain =
  | { readonly kind: 'stored'; readonly previousResponseId?: string }
  | { readonly kind: 'local'; readonly earlier: ReadonlyArray<{ readonly prompt: string; readonly answer?: string }> };

/**
 * Not carried over by `previous_response_id`, so sent with every turn. It keeps the mainline model on images:
 * a text answer is still possible (a question back), and the extension shows it as such.
 */
export const TURN_INSTRUCTIONS =
  'You help a developer make and refine images for a software project, inside their code editor. ' +
  'Answer each request by calling the image_generation tool: edit the latest image unless the user asks for a new one ' +
  'or names an earlier one. Keep any text answer to one or two sentences.';

export interface TurnInput {
  readonly conversationModel: string;
  readonly prompt: string;
  readonly settings: Settings;
  readonly chain: TurnChain;
  /**
   * The image sent with the turn: kept by OpenAI, the image a conversation started from, with its first turn;
   * kept here, the latest image, with every turn.
   */
  readonly image?: { readonly name: string; readonly bytes: Uint8Array };
  /** Partial images to stream (0 for none: GIF and SVG come whole). */
  readonly partialImages: number;
}

export type TurnPlan = { readonly ok: true; readonly body: TurnBody; readonly image: GenerateBody } | { readonly ok: false; readonly problems: Problem[] };

function dataUrl(upload: UploadImage): string {
  return `data:${upload.mimeType};base64,${Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength).toString('base64')}`;
}

export function planTurn(input: TurnInput): TurnPlan {
  // One image per turn: the tool makes one, whatever `count` says.
  const settings: Settings = { ...input.settings, count: 1 };
  const generate = planGenerate(input.prompt, settings);
  if (!generate.ok) return generate;
  let upload: UploadImage | undefined;
  let inputFidelity: 'low' | 'high' | undefined;
  if (input.image) {
    const edit = planEdit(input.prompt, [input.image], undefined, settings);
    if (!edit.ok) return edit;
    upload = edit.body.image[0];
    inputFidelity = edit.body.input_fidelity;
  }
  const image = generate.body;
  const tool: ImageToolConfig = {
    type: 'image_generation',
    model: image.model,
    size: image.size,
    quality: image.quality,
    background: image.background,
    output_format: image.output_format,
    moderation: image.moderation,
    partial_images: input.partialImages,
    ...(image.output_compression !== undefined ? { output_compression: image.output_compression } : {}),
    ...(image.complexity ? { complexity: image.complexity } : {}),
    ...(inputFidelity ? { input_fidelity: inputFidelity } : {}),
    ...(image.frame_count !== undefined ? { frame_count: image.frame_count, frame_duration_ms: image.frame_duration_ms } : {}),
  };
  const content: InputContent[] = [{ type: 'input_text', text: input.prompt }];
  if (upload) content.push({ type: 'input_image', image_url: dataUrl(upload), detail: 'auto' });
  const { chain } = input;
  const earlier: InputMessage[] =
    chain.kind === 'local'
      ? chain.earlier.flatMap((turn): InputMessage[] => [
          { role: 'user', content: [{ type: 'input_text', text: turn.prompt }] },
          ...(turn.answer ? [{ role: 'assistant' as const, content: turn.answer }] : []),
        ])
      : [];
  return {
    ok: true,
    image,
    body: {
      model: input.conversationModel,
      input: [...earlier, { role: 'user', content }],
      instructions: TURN_INSTRUCTIONS,
      tools: [tool],
      ...(chain.kind === 'stored' && chain.previousResponseId ? { previous_response_id: chain.previousResponseId } : {}),
      store: chain.kind === 'stored',
      stream: true,
    },
  };
}
