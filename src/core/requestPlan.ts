/**
 * Builds the exact request body for the Images API from a prompt, input images and settings,
 * refusing before anything is sent what the API would refuse, and leaving out what a model does not take.
 */
import { capabilitiesOf, checkSize, type ModelId } from './models';
import { FILE_EXTENSIONS, MIME_TYPES, isComplete, readImageInfo, type ImageFormat } from './imageBytes';
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
  quality: Settings['quality'];
  background: Settings['background'];
  output_format: ImageFormat;
  output_compression?: number;
}

export interface GenerateBody extends CommonBody {
  moderation: Settings['moderation'];
}

export interface EditBody extends CommonBody {
  image: UploadImage[];
  mask?: UploadImage;
  input_fidelity?: 'low' | 'high';
}

export type Plan<T> = { ok: true; body: T } | { ok: false; problems: Problem[] };

export type PlannedRequest = { readonly kind: 'generate'; readonly body: GenerateBody } | { readonly kind: 'edit'; readonly body: EditBody };

export type RequestInput =
  | { readonly kind: 'generate'; readonly prompt: string; readonly settings: Settings }
  | { readonly kind: 'edit'; readonly prompt: string; readonly settings: Settings; readonly images: readonly InputImage[]; readonly mask?: InputImage };

/** Text selected in a binary file (NUL bytes, or mostly control characters) is no prompt. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const control = text.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return control > Math.max(2, text.length * 0.1);
}

export function checkPrompt(prompt: string): Problem[] {
  const trimmed = prompt.trim();
  if (trimmed === '') return [{ code: 'prompt-empty' }];
  if (trimmed.length > LIMITS.promptChars) return [{ code: 'prompt-too-long', length: trimmed.length, max: LIMITS.promptChars }];
  if (looksBinary(trimmed)) return [{ code: 'prompt-binary' }];
  return [];
}

function checkOutputSettings(settings: Settings): Problem[] {
  const problems: Problem[] = [];
  const size = checkSize(settings.model, settings.size);
  if (!size.ok) {
    problems.push(
      size.reason === 'not-offered'
        ? { code: 'size-not-offered', size: settings.size, model: settings.model }
        : { code: 'size-invalid', size: settings.size, model: settings.model, reason: size.reason ?? 'not-offered' },
    );
  }
  if (settings.background === 'transparent' && settings.outputFormat === 'jpeg') problems.push({ code: 'transparent-jpeg' });
  if (settings.outputCompression !== null && settings.outputFormat === 'png') problems.push({ code: 'compression-png' });
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
  return body;
}

export function planGenerate(prompt: string, settings: Settings): Plan<GenerateBody> {
  const problems = [...checkPrompt(prompt), ...checkOutputSettings(settings)];
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

export function planEdit(prompt: string, images: readonly InputImage[], mask: InputImage | undefined, settings: Settings): Plan<EditBody> {
  const problems: Problem[] = [...checkPrompt(prompt), ...checkOutputSettings(settings)];
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

  const capabilities = capabilitiesOf(settings.model);
  if (settings.inputFidelity === 'high' && capabilities.inputFidelity === 'unsupported') {
    problems.push({ code: 'fidelity-unsupported', model: settings.model });
  }
  if (problems.length > 0) return { ok: false, problems };

  const body: EditBody = { ...commonBody(prompt, settings), image: uploads };
  if (maskUpload) body.mask = maskUpload;
  // `low` is the API's default, so it is only sent where the model takes the parameter at all.
  if (capabilities.inputFidelity === 'supported') body.input_fidelity = settings.inputFidelity;
  return { ok: true, body };
}

/** Either kind of request, checked and built. */
export function planRequest(input: RequestInput): { ok: true; request: PlannedRequest } | { ok: false; problems: Problem[] } {
  if (input.kind === 'generate') {
    const plan = planGenerate(input.prompt, input.settings);
    return plan.ok ? { ok: true, request: { kind: 'generate', body: plan.body } } : plan;
  }
  const plan = planEdit(input.prompt, input.images, input.mask, input.settings);
  return plan.ok ? { ok: true, request: { kind: 'edit', body: plan.body } } : plan;
}
