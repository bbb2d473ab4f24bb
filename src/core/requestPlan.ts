/**
 * Builds the exact request body for the Images API from a prompt, input images and settings,
 * refusing before anything is sent what the API would refuse, and leaving out what a model does not take.
 */
import { capabilitiesOf, checkSize, type ModelId } from './models';
import type { Complexity, OutputFormat, Quality } from './modelCatalogue';
import { FILE_EXTENSIONS, MIME_TYPES, isComplete, orientedSize, readImageInfo, type ImageFormat } from './imageBytes';
import { LIMITS, type Problem } from './problems';
import type { Settings } from './settings';

export interface InputImage {
  /** The file's name, shown in messages and sent as the part's file name. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** An input image checked and ready to upload, with the MIME type its bytes (not its name) show. */
export interface UploadImage {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

interface CommonBody {
  model: ModelId;
  prompt: string;
  n: number;
  size: string;
  quality: Quality;
  background: Settings['background'];
  output_format: OutputFormat;
  output_compression?: number;
  /** Left out for `auto`: the model's own default. */
  complexity?: Exclude<Complexity, 'auto'>;
  /** GIF output only. */
  frame_count?: number;
  frame_duration_ms?: number;
}

export interface GenerateBody extends CommonBody {
  moderation: Settings['moderation'];
}

export interface EditBody extends CommonBody {
  image: UploadImage[];
  mask?: UploadImage;
  /** A transparent PNG drawn over the first image to say where and what to change (GPT Image 2.5). */
  markup?: UploadImage;
  input_fidelity?: 'low' | 'high';
}

export type Plan<T> = { ok: true; body: T } | { ok: false; problems: Problem[] };

export type PlannedRequest = { readonly kind: 'generate'; readonly body: GenerateBody } | { readonly kind: 'edit'; readonly body: EditBody };

export type RequestInput =
  | { readonly kind: 'generate'; readonly prompt: string; readonly settings: Settings }
  | {
      readonly kind: 'edit';
      readonly prompt: string;
      readonly settings: Settings;
      readonly images: readonly InputImage[];
      readonly mask?: InputImage;
      readonly markup?: InputImage;
    };

/** Text selected in a binary file (NUL bytes, or mostly control characters) is no prompt. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  // C0 controls other than whitespace (tab to carriage return), DEL, and the replacement character.
  const control = [...text].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f || code === 0xfffd;
  }).length;
  return control > Math.max(2, text.length * 0.1);
}

export function checkPrompt(prompt: string): Problem[] {
  const trimmed = prompt.trim();
  if (trimmed === '') return [{ code: 'prompt-empty' }];
  if (trimmed.length > LIMITS.promptChars) return [{ code: 'prompt-too-long', length: trimmed.length, max: LIMITS.promptChars }];
  if (looksBinary(trimmed)) return [{ code: 'prompt-binary' }];
  return [];
}

/** What an edit adds to a request, as far as the settings' rules are concerned. */
export interface EditExtras {
  readonly mask?: boolean;
  readonly markup?: boolean;
}

/**
 * The rules a model and an output format set on the settings, from the model catalogue: every refusal here is
 * one the API would answer with a 400, named with the setting to change.
 */
export function checkRequestSettings(settings: Settings, edit?: EditExtras): Problem[] {
  const problems: Problem[] = [];
  const model = capabilitiesOf(settings.model);
  const size = checkSize(settings.model, settings.size);
  if (!size.ok) {
    problems.push(
      size.reason === 'not-offered'
        ? { code: 'size-not-offered', size: settings.size, model: settings.model }
        : { code: 'size-invalid', size: settings.size, model: settings.model, reason: size.reason ?? 'not-offered' },
    );
  }
  const format = settings.outputFormat;
  if (!model.qualities.includes(settings.quality)) {
    problems.push({ code: 'quality-unsupported', model: settings.model, quality: settings.quality, offered: model.qualities.join(', ') });
  }
  if (settings.complexity !== 'auto' && !model.complexity) problems.push({ code: 'complexity-unsupported', model: settings.model });
  if (!model.outputFormats.includes(format)) {
    problems.push({ code: 'format-unsupported', model: settings.model, format, offered: model.outputFormats.map((f) => f.toUpperCase()).join(', ') });
  }
  if (settings.background === 'transparent') {
    if (model.transparency === 'no') problems.push({ code: 'transparent-unsupported', model: settings.model });
    else if (format !== 'png' && format !== 'webp') problems.push({ code: 'transparent-format', format });
  }
  if (settings.outputCompression !== null && format !== 'jpeg' && format !== 'webp') problems.push({ code: 'compression-format', format });
  if (format === 'svg' && settings.count !== 1) problems.push({ code: 'svg-count', count: settings.count });
  if (format === 'gif' && edit?.mask) problems.push({ code: 'gif-mask' });
  if (edit?.markup) {
    if (!model.markup) problems.push({ code: 'markup-unsupported', model: settings.model });
    if (edit.mask) problems.push({ code: 'markup-with-mask' });
  }
  if (edit && settings.inputFidelity === 'high' && Array.isArray(model.inputFidelity) && !model.inputFidelity.includes('high')) {
    problems.push({ code: 'fidelity-unsupported', model: settings.model });
  }
  return problems;
}

function commonBody(prompt: string, settings: Settings): CommonBody {
  const body: CommonBody = {
    model: settings.model,
    prompt: prompt.trim(),
    n: settings.count,
    size: settings.size,
    quality: settings.quality,
    background: settings.background,
    output_format: settings.outputFormat,
  };
  if (settings.outputCompression !== null) body.output_compression = settings.outputCompression;
  if (settings.complexity !== 'auto') body.complexity = settings.complexity;
  if (settings.outputFormat === 'gif') {
    body.frame_count = settings.gifFrameCount;
    body.frame_duration_ms = settings.gifFrameDurationMs;
  }
  return body;
}

export function planGenerate(prompt: string, settings: Settings): Plan<GenerateBody> {
  const problems = [...checkPrompt(prompt), ...checkRequestSettings(settings)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, body: { ...commonBody(prompt, settings), moderation: settings.moderation } };
}

const MEGABYTE = 1024 * 1024;
const megabytes = (bytes: number) => Math.round((bytes / MEGABYTE) * 10) / 10;

function checkImage(image: InputImage): { problem?: Problem; upload?: UploadImage; info?: ReturnType<typeof readImageInfo> } {
  if (image.bytes.length === 0) return { problem: { code: 'image-empty', name: image.name } };
  if (image.bytes.length >= LIMITS.imageBytes) {
    return { problem: { code: 'image-too-large', name: image.name, megabytes: megabytes(image.bytes.length), maxMegabytes: LIMITS.imageBytes / MEGABYTE } };
  }
  const info = readImageInfo(image.bytes);
  if (!info) return { problem: { code: 'image-unsupported', name: image.name } };
  if (!isComplete(image.bytes, info.format)) return { problem: { code: 'image-truncated', name: image.name } };
  return { info, upload: { fileName: uploadName(image.name, info.format), mimeType: MIME_TYPES[info.format], bytes: image.bytes } };
}

/** The part's file name must agree with its bytes, or the API may guess the type from the name. */
function uploadName(name: string, format: ImageFormat): string {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return `${base}.${FILE_EXTENSIONS[format]}`;
}

function checkMask(mask: InputImage, first: ReturnType<typeof readImageInfo>): { problem?: Problem; upload?: UploadImage } {
  const checked = checkImage(mask);
  if (checked.problem || !checked.info || !checked.upload) return checked;
  const info = checked.info;
  if (info.format !== 'png') return { problem: { code: 'mask-not-png', name: mask.name } };
  if (mask.bytes.length >= LIMITS.maskBytes) {
    return { problem: { code: 'mask-too-large', name: mask.name, megabytes: megabytes(mask.bytes.length), maxMegabytes: LIMITS.maskBytes / MEGABYTE } };
  }
  if (first && (first.width !== info.width || first.height !== info.height)) {
    return { problem: { code: 'mask-dimensions', name: mask.name, mask: `${info.width}x${info.height}`, image: `${first.width}x${first.height}` } };
  }
  if (!info.hasAlpha) return { problem: { code: 'mask-no-alpha', name: mask.name } };
  return { upload: checked.upload };
}

/** A markup overlay: a PNG the size of the first image, transparent but for the drawing. */
function checkMarkup(markup: InputImage, first: { readonly width: number; readonly height: number } | undefined): { problem?: Problem; upload?: UploadImage } {
  const checked = checkImage(markup);
  if (checked.problem || !checked.info || !checked.upload) return checked;
  const info = checked.info;
  if (info.format !== 'png') return { problem: { code: 'markup-not-png', name: markup.name } };
  if (first && (first.width !== info.width || first.height !== info.height)) {
    return { problem: { code: 'markup-dimensions', name: markup.name, markup: `${info.width}x${info.height}`, image: `${first.width}x${first.height}` } };
  }
  if (!info.hasAlpha) return { problem: { code: 'markup-no-alpha', name: markup.name } };
  return { upload: checked.upload };
}

export function planEdit(prompt: string, images: readonly InputImage[], mask: InputImage | undefined, settings: Settings, markup?: InputImage): Plan<EditBody> {
  const problems: Problem[] = [...checkPrompt(prompt), ...checkRequestSettings(settings, { mask: mask !== undefined, markup: markup !== undefined })];
  if (images.length === 0) problems.push({ code: 'no-images' });
  if (images.length > LIMITS.images) problems.push({ code: 'too-many-images', count: images.length, max: LIMITS.images });

  const uploads: UploadImage[] = [];
  const infos: Array<ReturnType<typeof readImageInfo>> = [];
  for (const image of images.slice(0, LIMITS.images)) {
    const checked = checkImage(image);
    if (checked.problem) problems.push(checked.problem);
    if (checked.upload) uploads.push(checked.upload);
    infos.push(checked.info);
  }

  let maskUpload: UploadImage | undefined;
  if (mask) {
    const first = infos[0];
    // The SDK wants a PNG mask and the guide wants the mask in the image's format: only PNG satisfies both.
    if (first && first.format !== 'png') {
      problems.push({ code: 'mask-image-not-png', name: images[0]?.name ?? '' });
    } else {
      const checked = checkMask(mask, first);
      if (checked.problem) problems.push(checked.problem);
      maskUpload = checked.upload;
    }
  }

  let markupUpload: UploadImage | undefined;
  if (markup) {
    const first = infos[0];
    // The API compares the overlay with the image "after orientation": a phone photo's quarter turn counts.
    const checked = checkMarkup(markup, first && images[0] ? orientedSize(images[0].bytes, first) : undefined);
    if (checked.problem) problems.push(checked.problem);
    markupUpload = checked.upload;
  }
  if (problems.length > 0) return { ok: false, problems };

  const body: EditBody = { ...commonBody(prompt, settings), image: uploads };
  if (maskUpload) body.mask = maskUpload;
  if (markupUpload) body.markup = markupUpload;
  // Sent only where the model takes the parameter at all (GPT Image 2 and later refuse it).
  if (Array.isArray(capabilitiesOf(settings.model).inputFidelity)) body.input_fidelity = settings.inputFidelity;
  return { ok: true, body };
}

/** Either kind of request, checked and built. */
export function planRequest(input: RequestInput): { ok: true; request: PlannedRequest } | { ok: false; problems: Problem[] } {
  if (input.kind === 'generate') {
    const plan = planGenerate(input.prompt, input.settings);
    return plan.ok ? { ok: true, request: { kind: 'generate', body: plan.body } } : plan;
  }
  const plan = planEdit(input.prompt, input.images, input.mask, input.settings, input.markup);
  return plan.ok ? { ok: true, request: { kind: 'edit', body: plan.body } } : plan;
}
