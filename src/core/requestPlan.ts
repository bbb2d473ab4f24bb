/**
 * Builds the exact request body for the Images API from a prompt, input images and settings,
 * refusing before anything is sent what the API would refuse, and leaving out what a model does not take.
 */
import { capabilitiesOf, checkSize, type ModelId } from './models';
import type { Complexity, OutputFormat, Quality } from './modelCatalogue';
import { checkEditImages, type InputImage, type UploadImage } from './editImageChecks';
import { LIMITS, type Problem } from './problems';
import type { Settings } from './settings';
import { compatibleFields, compatibleProblems, compatibleTargetOf, type CompatibleTarget } from './compatibleModels';

export type { InputImage, UploadImage } from './editImageChecks';

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

/** A request to a compatible server: the model asked for, and the only body fields that go on the wire. */
export interface CompatibleWire {
  readonly target: CompatibleTarget;
  readonly fields: readonly string[];
}

export type PlannedRequest = ({ readonly kind: 'generate'; readonly body: GenerateBody } | { readonly kind: 'edit'; readonly body: EditBody }) & {
  readonly compatible?: CompatibleWire;
};

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

export function planEdit(prompt: string, images: readonly InputImage[], mask: InputImage | undefined, settings: Settings, markup?: InputImage): Plan<EditBody> {
  const checked = checkEditImages(images, mask, markup);
  const problems: Problem[] = [
    ...checkPrompt(prompt),
    ...checkRequestSettings(settings, { mask: mask !== undefined, markup: markup !== undefined }),
    ...checked.problems,
  ];
  if (problems.length > 0) return { ok: false, problems };

  const body: EditBody = { ...commonBody(prompt, settings), image: checked.uploads };
  if (checked.mask) body.mask = checked.mask;
  if (checked.markup) body.markup = checked.markup;
  // Sent only where the model takes the parameter at all (GPT Image 2 and later refuse it).
  if (Array.isArray(capabilitiesOf(settings.model).inputFidelity)) body.input_fidelity = settings.inputFidelity;
  return { ok: true, body };
}

/** Either kind of request, checked and built. */
export function planRequest(input: RequestInput): { ok: true; request: PlannedRequest } | { ok: false; problems: Problem[] } {
  const target = compatibleTargetOf(input.settings);
  if (target) return planCompatible(input, target);
  if (input.kind === 'generate') {
    const plan = planGenerate(input.prompt, input.settings);
    return plan.ok ? { ok: true, request: { kind: 'generate', body: plan.body } } : plan;
  }
  const plan = planEdit(input.prompt, input.images, input.mask, input.settings, input.markup);
  return plan.ok ? { ok: true, request: { kind: 'edit', body: plan.body } } : plan;
}

/**
 * A compatible server's model: the catalogue's rules are not its rules, so only the declared ones are checked; the
 * images are checked as for any edit (a broken file is broken everywhere). What was not declared is not sent.
 */
function planCompatible(input: RequestInput, target: CompatibleTarget): { ok: true; request: PlannedRequest } | { ok: false; problems: Problem[] } {
  // The declared model's own rules, not the catalogue's: settings the catalogue would refuse (a size, a format) are
  // checked against the declaration, and what a catalogue check adds besides is not this server's.
  const settings: Settings = { ...input.settings, model: target.id, complexity: 'auto', outputCompression: null, background: 'auto' };
  const edit = input.kind === 'edit' ? { mask: input.mask !== undefined, markup: input.markup !== undefined } : undefined;
  const problems = [...checkPrompt(input.prompt), ...compatibleProblems(target, settings, edit)];
  const fields = compatibleFields(target, settings, input.kind);
  if (input.kind === 'generate') {
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      request: { kind: 'generate', body: { ...commonBody(input.prompt, settings), moderation: settings.moderation }, compatible: { target, fields } },
    };
  }
  const images = checkEditImages(input.images, input.mask, undefined);
  problems.push(...images.problems);
  if (problems.length > 0) return { ok: false, problems };
  const body: EditBody = { ...commonBody(input.prompt, settings), image: images.uploads };
  if (images.mask) body.mask = images.mask;
  return { ok: true, request: { kind: 'edit', body, compatible: { target, fields } } };
}
