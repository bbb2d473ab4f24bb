/**
 * What the image tools do for an agent outside VS Code: plan with the same checks as the extension, keep to the
 * spending limit, write through the same no-overwrite pipeline (the recipe in the root's registry, the image as signed), and answer with what
 * a model can act on: the files, the cost, the image itself, or why nothing was made.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Connection } from '../api/imagesClient';
import type { SvgUsage, Usage } from '../api/imagesResponse';
import type { Ledger } from '../core/spendingLimit';
import {
  agentDeprecationNote,
  agentFailureText,
  agentShutDownRefusal,
  agentSpendRefusal,
  agentSuccessText,
  settingsForCall,
  type EditImageInput,
  type FindImagesInput,
  type GenerateImageInput,
} from '../core/agentTools';
import { editStem, sanitizeStem, slugFromPrompt } from '../core/fileNaming';
import { isoDay } from '../core/modelLifecycle';
import { actualCost, compatibleEstimate, estimateCost } from '../core/pricing';
import { describeProblem } from '../core/problemMessages';
import { recordableInputs, type Recipe } from '../core/recipe';
import { recipeOfImage, type RecipeRegistry } from '../core/credentials/recipeRegistry';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';
import type { RecipeRegistries } from '../pipeline/recipeRegistryFile';
import type { Recovery } from '../pipeline/recovery';
import { planRequest, type PlannedRequest } from '../core/requestPlan';
import { readImageInfo } from '../core/imageBytes';
import { LIMITS } from '../core/problems';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { englishTranslate } from '../core/translate';
import { nodeTargetFolder } from '../pipeline/nodeTargetFolder';
import { runImageJob, type JobLog } from '../pipeline/runImageJob';
import { outputTarget, readInput, RefusedPath, shownPath, type OutputTarget } from './agentWorkspace';
import type { CallProgress } from './callProgress';
import { toolImages, type ImageContentChoice, type ToolImage, type ToolLink } from './toolImages';
import { partialImagesFor } from '../core/streaming';

export interface ToolAnswer {
  readonly text: string;
  readonly images: readonly ToolImage[];
  /** A `resource_link` to each file made. */
  readonly links?: readonly ToolLink[];
  readonly isError: boolean;
}

export interface CallContext {
  readonly roots: readonly string[];
  readonly connection: Connection;
  readonly signal: AbortSignal;
  readonly log: JobLog;
  /** Spending so far in this server's life, and the most it may reach. */
  /** The process's ledger (or, started by VS Code, the window's). */
  readonly spend: Ledger;
  readonly settings?: Settings;
  /** The recipe registries of the roots (one per server, so its writes wait their turn). */
  readonly recipes: RecipeRegistries;
  /** Where paid images go when their folder cannot take them. */
  readonly recovery: Recovery;
  /** The call asked for progress: partial images are streamed and each is reported. */
  readonly progress?: CallProgress;
  /** What of the images the result carries (default: a thumbnail and a link). */
  readonly imageContent?: ImageContentChoice;
}

/** Partial images streamed for a call that asked for progress: enough to show it moving. */
const PROGRESS_PARTIAL_IMAGES = 2;

const fail = (text: string): ToolAnswer => ({ text, images: [], isError: true });

export async function generateImage(input: GenerateImageInput, context: CallContext): Promise<ToolAnswer> {
  return answerFor(context, async () => {
    const target = await outputTarget(context.roots, input.path);
    const settings = settingsForCall(context.settings ?? DEFAULT_SETTINGS, input, target.format);
    const plan = planRequest({ kind: 'generate', prompt: input.prompt, settings });
    if (!plan.ok) return fail(plan.problems.map((problem) => describeProblem(problem, englishTranslate)).join('\n'));
    return run(context, plan.request, settings, target, target.stem ?? slugFromPrompt(input.prompt), recipeOf(settings, input.prompt, 'generate'));
  });
}

export async function editImage(input: EditImageInput, context: CallContext): Promise<ToolAnswer> {
  return answerFor(context, async () => {
    const images = await Promise.all(input.images.map((file) => readInput(context.roots, file)));
    const mask = input.mask ? await readInput(context.roots, input.mask) : undefined;
    const markup = input.markup ? await readInput(context.roots, input.markup) : undefined;
    const first = images[0]!;
    const target = await outputTarget(context.roots, input.path ?? `${path.relative(context.roots[0]!, path.dirname(first.path)) || '.'}/`);
    const settings = settingsForCall(context.settings ?? DEFAULT_SETTINGS, input, target.format);
    const named = (file: { path: string; bytes: Uint8Array }) => ({ name: path.basename(file.path), bytes: file.bytes });
    const plan = planRequest({
      kind: 'edit',
      prompt: input.prompt,
      images: images.map(named),
      mask: mask && named(mask),
      markup: markup && named(markup),
      settings,
    });
    if (!plan.ok) return fail(plan.problems.map((problem) => describeProblem(problem, englishTranslate)).join('\n'));
    const recipe: Recipe = {
      ...recipeOf(settings, input.prompt, 'edit'),
      ...recordableInputs(target.folder, target.root, { sources: images.map((image) => image.path), mask: mask?.path, markup: markup?.path }),
    };
    return run(context, plan.request, settings, target, target.stem ?? editStem(path.basename(first.path)), recipe);
  });
}

function recipeOf(settings: Settings, prompt: string, kind: 'generate' | 'edit'): Recipe {
  return {
    version: 1,
    kind,
    prompt,
    model: settings.model,
    size: settings.size,
    quality: settings.quality,
    complexity: settings.complexity === 'auto' ? undefined : settings.complexity,
    background: settings.background,
    createdAt: new Date().toISOString(),
    sources: [],
  };
}

/** Refused paths and unexpected errors become answers the model can read; nothing is thrown at the client. */
async function answerFor(context: CallContext, work: () => Promise<ToolAnswer>): Promise<ToolAnswer> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RefusedPath) return fail(error.message);
    context.log.error(`A tool call failed: ${error instanceof Error ? error.message : String(error)}`);
    return fail(`Nothing was made: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function run(context: CallContext, request: PlannedRequest, settings: Settings, target: OutputTarget, stem: string, recipe: Recipe): Promise<ToolAnswer> {
  const today = isoDay(new Date());
  const shutDown = agentShutDownRefusal(settings.model, today, englishTranslate);
  if (shutDown) return fail(shutDown);
  const inputImages =
    request.kind === 'edit' ? [...request.body.image, ...(request.body.mask ? [request.body.mask] : [])].map((image) => readImageInfo(image.bytes)) : undefined;
  // Partial images are asked for only to show progress (each costs a little, counted in the estimate).
  const partialImages = context.progress
    ? partialImagesFor(request.body.n, PROGRESS_PARTIAL_IMAGES, false, { model: settings.model, format: request.body.output_format })
    : undefined;
  // A compatible server's model costs what the user declared for it, or an unknown amount (counted as nothing).
  const estimate = request.compatible
    ? compatibleEstimate(request.compatible.target, request.body.n)
    : estimateCost({
        model: settings.model,
        size: request.body.size,
        quality: request.body.quality,
        n: request.body.n,
        complexity: settings.complexity,
        inputImages,
        partialImages,
      });
  // Reserved before sending, so calls at once cannot together pass the limit; settled at what the answer cost.
  const reserved = await context.spend.reserve(estimate.usd);
  if (!reserved.ok) return fail(agentSpendRefusal(estimate.usd, reserved.spentUsd, reserved.limitUsd, '--spend-limit-usd', englishTranslate));
  const { reservation } = reserved;
  const outcome = await runImageJob({
    request,
    connection: context.connection,
    folder: nodeTargetFolder(target.folder),
    // The same naming rules as the commands: no bidi or control characters, no device names, a length files take.
    stem: sanitizeStem(stem),
    signal: context.signal,
    log: context.log,
    recipe,
    recipes: context.recipes.sinkFor(nodeAssetFiles, toPosix(target.root), toPosix(target.folder)),
    recovery: context.recovery,
    partialImages,
    onPartial: partialImages === undefined ? undefined : (_image, index) => context.progress?.partial(index, partialImages),
  }).catch((error: unknown) => {
    // Whether it was paid for is unknown: the estimate stays counted.
    reservation.settle(estimate.usd);
    throw error;
  });
  const costOf = (usage: Usage | undefined, svgUsage: SvgUsage | undefined) =>
    usage && !request.compatible ? actualCost(settings.model, usage, svgUsage) : estimate.usd;
  if (!outcome.ok) {
    // Paid for, though not written where asked: it counts against the limit, and the answer says where it is kept.
    reservation.settle(outcome.paid ? costOf(outcome.paid.usage, outcome.paid.svgUsage) : 0);
    return fail(agentFailureText(outcome.failure, settings.model, englishTranslate, today));
  }
  const cost = costOf(outcome.usage, outcome.svgUsage);
  reservation.settle(cost);
  const files = outcome.files.map((name) => path.join(target.folder, name));
  return {
    text: agentSuccessText({
      files: files.map((file) => shownPath(context.roots, file)),
      costUsd: cost,
      model: settings.model,
      size: request.body.size,
      quality: request.body.quality,
      note: agentDeprecationNote(settings.model, today, englishTranslate),
    }),
    ...(await toolImages(files, request.body.output_format, context.imageContent ?? 'thumbnail', context.log.warn)),
    isError: false,
  };
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out']);
const MAX_SCANNED = 5000;

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Images under the roots (or one folder) whose recipe matches every word of the query, newest first. */
export async function findImages(input: FindImagesInput, context: CallContext): Promise<ToolAnswer> {
  return answerFor(context, async () => {
    const start = input.folder ? (await outputTarget(context.roots, `${input.folder.replace(/[/\\]+$/, '')}/`, false)).folder : undefined;
    const folders = start ? [start] : [...context.roots];
    const words = (input.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const found: Array<{ file: string; recipe: Recipe }> = [];
    const registries = new Map<string, RecipeRegistry>();
    const registryOf = async (file: string): Promise<RecipeRegistry> => {
      const root = context.roots.find((each) => file.startsWith(each.endsWith(path.sep) ? each : `${each}${path.sep}`)) ?? context.roots[0]!;
      if (!registries.has(root)) registries.set(root, await context.recipes.read(nodeAssetFiles, toPosix(root)));
      return registries.get(root)!;
    };
    let scanned = 0;
    while (folders.length > 0 && scanned < MAX_SCANNED) {
      const folder = folders.shift()!;
      const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) folders.push(full);
        if (!entry.isFile() || !/\.(png|jpe?g|webp)$/i.test(entry.name) || ++scanned > MAX_SCANNED) continue;
        // Bounded like every read of a repository's file: a file larger than an image can be is not read.
        const bytes = await nodeAssetFiles.read(full, LIMITS.imageBytes).catch(() => undefined);
        if (!bytes) continue;
        const recipe = recipeOfImage(await registryOf(full), bytes);
        const haystack = `${recipe?.prompt ?? ''} ${recipe?.model ?? ''} ${shownPath(context.roots, full)}`.toLowerCase();
        if (recipe && words.every((word) => haystack.includes(word))) found.push({ file: full, recipe });
      }
    }
    const newest = found.sort((a, b) => b.recipe.createdAt.localeCompare(a.recipe.createdAt)).slice(0, input.limit ?? 20);
    const results = newest.map(({ file, recipe }) => ({
      file: shownPath(context.roots, file),
      prompt: recipe.prompt,
      model: recipe.model,
      size: recipe.size,
      kind: recipe.kind,
      createdAt: recipe.createdAt,
    }));
    return { text: JSON.stringify({ images: results, scanned: Math.min(scanned, MAX_SCANNED) }), images: [], isError: false };
  });
}
