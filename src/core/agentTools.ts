/**
 * The image tools agents call, the same in VS Code (language model tools) and over MCP: their names, what a model
 * is told about them, and their inputs, derived from the model catalogue. Paths are relative to the workspace (or
 * the MCP client's roots) and are checked against it before anything is read or written.
 */
import { z } from 'zod';
import { describeFailure, PLATFORM_LINKS, type Failure } from './failure';
import { COMPLEXITIES, modelEntry, OUTPUT_FORMATS, QUALITIES, type ModelEntry, type OutputFormat } from './modelCatalogue';
import { lifecycleOn, offeredModels, successorOf, type LearnedShutdowns } from './modelLifecycle';
import { formatUsd } from './pricing';
import { LIMITS } from './problems';
import type { Settings } from './settings';
import type { Translate } from './translate';

/** The offered models (aliases, not dated snapshots) that can do something, as a model reads them in a description. */
function modelsThat(can: (entry: ModelEntry) => boolean): string {
  return offeredModels()
    .map((id) => modelEntry(id))
    .filter((entry): entry is ModelEntry => entry !== undefined && entry.snapshotOf === undefined && can(entry))
    .map((entry) => entry.id)
    .join(', ');
}

const relativePath = z.string().min(1).max(1000);

/** Options every image tool takes; omitted ones come from the user's settings (or the defaults). */
export const imageOptions = {
  model: z
    .enum(offeredModels() as [string, ...string[]])
    .optional()
    .describe('Image model. Omit to use the user’s choice.'),
  size: z
    .string()
    .regex(/^(auto|[1-9]\d{2,3}x[1-9]\d{2,3})$/)
    .optional()
    .describe(
      `auto, 1024x1024, 1536x1024 (landscape), 1024x1536 (portrait), or WxH with both edges multiples of 16 (only ${modelsThat((entry) => entry.sizes.kind === 'free')}).`,
    ),
  quality: z
    .enum(QUALITIES)
    .optional()
    .describe(`low is fastest and cheapest; high for final assets; xhigh and max only on ${modelsThat((entry) => entry.qualities.includes('xhigh'))}.`),
  background: z.enum(['auto', 'transparent', 'opaque']).optional().describe('transparent needs png or webp output.'),
  format: z.enum(OUTPUT_FORMATS).optional().describe('Output format; by default the one the path’s extension names, else png.'),
  count: z.number().int().min(1).max(10).optional().describe('How many images (default 1).'),
  complexity: z.enum(COMPLEXITIES).optional().describe('Planning effort for intricate images; costs tokens.'),
};

export const generateImageInput = {
  prompt: z.string().min(1).max(LIMITS.promptChars).describe('What the image shows, in detail.'),
  path: relativePath.describe(
    'Where to write, relative to the workspace: a file (assets/hero.png) or a folder ending in / (assets/). Never overwrites: a taken name gets -1, -2...',
  ),
  ...imageOptions,
};

export const editImageInput = {
  images: z
    .array(relativePath)
    .min(1)
    .max(LIMITS.images)
    .describe('Images to edit, relative to the workspace; the first is the one a mask or markup applies to.'),
  prompt: z.string().min(1).max(LIMITS.promptChars).describe('What to change.'),
  mask: relativePath.optional().describe('A PNG the size of the first image, fully transparent where it may change.'),
  markup: relativePath
    .optional()
    .describe(
      `A transparent PNG overlay the size of the first image with arrows, boxes and notes (only ${modelsThat((entry) => entry.markup)}; not with a mask).`,
    ),
  path: relativePath.optional().describe('Where to write, as for generate_image; by default <first image>-edit beside it.'),
  ...imageOptions,
};

export const findImagesInput = {
  query: z.string().max(200).optional().describe('Words to look for in prompts, models and file names; omit to list the newest.'),
  folder: relativePath.optional().describe('Only images under this folder, relative to the workspace.'),
  limit: z.number().int().min(1).max(100).optional().describe('At most this many results (default 20).'),
};

export const generateImageSchema = z.object(generateImageInput);
export const findImagesSchema = z.object(findImagesInput);
export type FindImagesInput = z.infer<typeof findImagesSchema>;
export const editImageSchema = z.object(editImageInput);
export type GenerateImageInput = z.infer<typeof generateImageSchema>;
export type EditImageInput = z.infer<typeof editImageSchema>;

export const AGENT_TOOL_DESCRIPTIONS = {
  generate:
    'Generates images with OpenAI’s image models and saves them in the workspace at the path given. Use it when the user asks for an image, icon, illustration, diagram-like picture or asset to be made. Returns the files written (workspace-relative), the actual cost, and the image so you can check it. Costs money: ask for low quality while iterating.',
  edit: 'Edits existing workspace images with a prompt, optionally where a mask is transparent or as a markup overlay shows, and saves the result beside the first image (never over it). Returns the files written, the cost, and the image.',
  find: 'Finds images this extension made (their prompts, models and files are recorded inside each PNG), newest first. Use it before generating to reuse or edit an existing image.',
} as const;

/** The user's settings with what a tool call asked for. */
export function settingsForCall(base: Settings, input: z.infer<z.ZodObject<typeof imageOptions>>, pathFormat: OutputFormat | undefined): Settings {
  return {
    ...base,
    model: input.model ?? base.model,
    size: input.size ?? base.size,
    quality: input.quality ?? base.quality,
    background: input.background ?? base.background,
    outputFormat: input.format ?? pathFormat ?? base.outputFormat,
    count: input.count ?? 1,
    complexity: input.complexity ?? base.complexity,
  };
}

/** What a finished tool call tells the model, the same over MCP and in VS Code. */
export interface AgentToolSuccess {
  readonly files: readonly string[];
  readonly costUsd: number;
  readonly model: string;
  readonly size: string;
  readonly quality: string;
  /** Something the user should hear about, such as a model's coming shutdown. */
  readonly note?: string;
}

export function agentSuccessText(success: AgentToolSuccess): string {
  return JSON.stringify({ ...success, costUsd: Number(success.costUsd.toFixed(4)) });
}

/**
 * Why nothing was made, so the model can act on it: a retired model names the one to use instead, a 403 for an
 * unverified organization says where the user verifies it.
 */
const ABSOLUTE_PATH = /(?:\b[A-Za-z]:)?[\\/](?:[^\s'"\\/]+[\\/])+[^\s'",]+/g;

/** The last part of a path: a model is told file names, never how the user's disk is laid out. */
function fileName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

export function agentFailureText(failure: Failure, model: string, t: Translate, today: string): string {
  // Paths in a failure are absolute (the user's recovery folder, the folder that could not be written).
  const shown: Failure = {
    ...failure,
    ...(failure.path ? { path: fileName(failure.path) } : {}),
    ...(failure.recovered ? { recovered: failure.recovered.map(fileName) } : {}),
    ...(failure.detail ? { detail: failure.detail.replace(ABSOLUTE_PATH, (file) => fileName(file)) } : {}),
  };
  const { message } = describeFailure(shown, t);
  const successor = failure.kind === 'model-retired' ? successorOf(model, today) : undefined;
  const parts = [
    message,
    successor ? t('Use {0} instead (the model option).', successor) : '',
    failure.kind === 'verification' ? t('The user verifies the organization at {0}.', PLATFORM_LINKS.verification) : '',
    failure.requestId ? t('(request id {0})', failure.requestId) : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The refusal when a call would pass the spending limit for agents. */
export function agentSpendRefusal(estimateUsd: number, spentUsd: number, limitUsd: number, howToRaise: string, t: Translate): string {
  return t(
    'Not sent: this request may cost {0}, and tool calls have spent {1} of the {2} they may spend. Tell the user: they can raise the limit ({3}) or make the image themselves.',
    formatUsd(estimateUsd),
    formatUsd(spentUsd),
    formatUsd(limitUsd),
    howToRaise,
  );
}

/** Before sending: the refusal for a model that is shut down (naming its successor), else undefined. */
export function agentShutDownRefusal(model: string, today: string, t: Translate, learned?: LearnedShutdowns): string | undefined {
  const lifecycle = lifecycleOn(model, today, learned);
  if (lifecycle.state !== 'shut-down') return undefined;
  return t('{0} was shut down on {1}, so nothing was sent. Use {2} instead (the model option).', model, lifecycle.shutdown, lifecycle.successor);
}

/** After a call with a model whose shutdown is announced: what to tell the user. */
export function agentDeprecationNote(model: string, today: string, t: Translate, learned?: LearnedShutdowns): string | undefined {
  const lifecycle = lifecycleOn(model, today, learned);
  if (lifecycle.state !== 'deprecated') return undefined;
  return t('{0} shuts down on {1}; use {2} from now on.', model, lifecycle.shutdown, lifecycle.successor);
}
