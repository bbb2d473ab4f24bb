/**
 * Makes the stale assets of a manifest: in dependency order, a bounded number at once, each written
 * only from a complete answer and locked as soon as it is on disk, so a cancel or a crash leaves only
 * complete, locked files. Shared by the extension and the command line through the `AssetFiles` port.
 */
import * as path from 'node:path';
import type { Connection } from '../api/imagesClient';
import type { SvgUsage, Usage } from '../api/imagesResponse';
import { sha256, recipeHash, serializeLockFile, type LockFile } from '../core/assets/assetLock';
import { NEEDS_CONFIRMATION, type AssetPlan, type PlanItem } from '../core/assets/assetPlan';
import { editInputs, type ParsedManifest, type ResolvedAsset } from '../core/assets/manifestParse';
import type { AssetFailureReason } from '../core/assets/assetFailure';
import { runScheduled, type FinalOutcome, type TaskOutcome } from '../core/assets/scheduler';
import type { Failure } from '../core/failure';
import { actualCost } from '../core/pricing';
import { planRequest, type InputImage } from '../core/requestPlan';
import { recoverAsset, replaceAsset, type AssetKeeping } from './assetImageWrite';
import { requestImages, type JobLog } from './runImageJob';
import { LIMITS } from '../core/problems';
import { containPath } from '../core/containment';
import { checkContained, mapBounded, readContained, readResolved, writableContained, type AssetFiles, type PathProblem } from './containedFiles';

export type { AssetFiles } from './containedFiles';

export interface AssetRunInput extends AssetKeeping {
  readonly manifest: ParsedManifest;
  readonly plan: AssetPlan;
  readonly lock: LockFile;
  /** Absolute POSIX path of the lock file. */
  readonly lockPath: string;
  /** Absolute POSIX path no file is read from or written to outside of (the workspace folder, `--root`). */
  readonly root: string;
  readonly connection: Connection;
  readonly files: AssetFiles;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly log: JobLog;
  /** Asked once with every stale item changed on disk by hand (or never locked); returns those to overwrite. */
  readonly confirmOverwrite: (items: readonly PlanItem[]) => Promise<ReadonlySet<number>>;
  readonly onProgress?: (event: AssetProgress) => void;
  /** Pause before a rate-limited asset runs again when the server named none (tests shorten it). */
  readonly rateLimitDelayMs?: number;
}

export interface AssetProgress {
  readonly done: number;
  readonly total: number;
  readonly asset: ResolvedAsset;
  readonly ok: boolean;
}

export interface AssetFailure {
  readonly asset: ResolvedAsset;
  readonly reason: AssetFailureReason;
  readonly failure?: Failure;
}

export interface AssetRunSummary {
  readonly generated: readonly ResolvedAsset[];
  readonly unchanged: number;
  readonly failed: readonly AssetFailure[];
  /** Changed by hand and not confirmed: left as they are. */
  readonly skipped: readonly ResolvedAsset[];
  readonly cancelled: readonly ResolvedAsset[];
  readonly costUsd: number;
  readonly durationMs: number;
  readonly maxActive: number;
}

/** Files read at once while planning: each may be up to the API's 50 MB, so memory stays bounded. */
const PLANNING_READS = 4;

export interface AssetPathProblem extends PathProblem {
  readonly asset: ResolvedAsset;
  /** Where the manifest names the path. */
  readonly offset: number;
  readonly length: number;
}

export interface ManifestFiles {
  /** Hash of each output and input that exists and may be read. */
  readonly hashes: ReadonlyMap<string, string | undefined>;
  /** Paths that leave the root, are not regular files or are too large: nothing was read from them. */
  readonly problems: readonly AssetPathProblem[];
}

/**
 * Checks and hashes every output and edit input of a manifest, for planning: each path once, under the
 * containment rule, `stat`ed before it is read, a few at a time.
 */
export async function inspectManifestFiles(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<ManifestFiles> {
  const paths = [...new Set(manifest.assets.flatMap((asset) => asset.places.map((place) => place.path)))];
  const contained = new Map(await mapBounded(paths, PLANNING_READS, async (file) => [file, await containPath(root, file, files)] as const));
  // Each real file is read once, however many names (links to `.`, `a/../a`) lead to it.
  const reals = [...new Set([...contained.values()].flatMap((containment) => (containment.ok ? [containment.realPath] : [])))];
  const readByReal = new Map(await mapBounded(reals, PLANNING_READS, async (real) => [real, await readResolved(files, real, LIMITS.imageBytes)] as const));
  type Outcome = { readonly hash?: string; readonly problem?: PathProblem };
  const outcomes = paths.map((file): readonly [string, Outcome] => {
    const containment = contained.get(file)!;
    if (!containment.ok) return [file, { problem: { path: file, reason: containment.reason } }];
    const read = readByReal.get(containment.realPath)!;
    return [file, read.ok ? { hash: read.bytes ? sha256(read.bytes) : undefined } : { problem: { ...read.problem, path: file } }];
  });
  const byPath = new Map(outcomes);
  const problems: AssetPathProblem[] = [];
  for (const asset of manifest.assets) {
    for (const place of asset.places) {
      const problem = byPath.get(place.path)?.problem;
      if (problem) problems.push({ ...problem, asset, offset: place.offset, length: place.length });
    }
  }
  return { hashes: new Map(outcomes.map(([file, outcome]) => [file, outcome.hash])), problems };
}

/** The same checks without reading or hashing anything: for diagnostics while the manifest is edited. */
export async function checkManifestPaths(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<AssetPathProblem[]> {
  const places = manifest.assets.flatMap((asset) => asset.places.map((place) => ({ asset, place })));
  const found = await mapBounded(places, PLANNING_READS, async ({ asset, place }) => {
    const problem = await checkContained(files, root, place.path, LIMITS.imageBytes);
    return problem ? [{ ...problem, asset, offset: place.offset, length: place.length }] : [];
  });
  return found.flat();
}

function fileName(file: string): string {
  return path.posix.basename(file);
}

/** An edit's inputs, read at run time under the containment rule (an input may be an asset this run just made). */
async function readEditInputs(
  asset: ResolvedAsset,
  files: AssetFiles,
  root: string,
): Promise<{ ok: true; images: InputImage[]; mask?: InputImage; markup?: InputImage } | { ok: false; reason: AssetFailureReason }> {
  const inputPaths = editInputs(asset);
  const bytesOf = new Map<string, Uint8Array>();
  for (const file of inputPaths) {
    const contained = await readContained(files, root, file, LIMITS.imageBytes);
    if (!contained.ok) return { ok: false, reason: { code: 'input-refused', problem: contained.problem } };
    if (!contained.bytes) return { ok: false, reason: { code: 'input-missing', path: file } };
    bytesOf.set(file, contained.bytes);
  }
  const read = (file: string | undefined): InputImage | undefined => (file ? { name: fileName(file), bytes: bytesOf.get(file)! } : undefined);
  return { ok: true, images: (asset.edit?.images ?? []).map((file) => read(file)!), mask: read(asset.edit?.mask), markup: read(asset.edit?.markup) };
}

/** What one asset's run needs besides its plan item. */
interface AssetRunContext {
  readonly input: AssetRunInput;
  readonly lock: LockFile;
  readonly saveLock: () => Promise<void>;
}

/** A failure after the answer arrived was paid for all the same (`paidUsd`): it counts in the run's cost. */
type MadeAsset = { readonly ok: true; readonly costUsd: number } | { readonly ok: false; readonly reason: AssetFailureReason; readonly paidUsd?: number };

/** Makes one asset: reads its inputs, asks the API, writes the file only if nobody changed it meanwhile, locks it. */
async function makeAsset(item: PlanItem, { input, lock, saveLock }: AssetRunContext): Promise<MadeAsset> {
  const { asset } = item;
  const { files, root, log } = input;
  const inputs = await readEditInputs(asset, files, root);
  if (!inputs.ok) return inputs;
  const { images, mask, markup } = inputs;
  const recipe = recipeHash(
    asset,
    images.map((image) => sha256(image.bytes)),
    mask ? sha256(mask.bytes) : undefined,
    markup ? sha256(markup.bytes) : undefined,
  );
  const plannedRequest = planRequest(
    asset.edit
      ? { kind: 'edit', prompt: asset.prompt, settings: asset.settings, images, mask, markup }
      : { kind: 'generate', prompt: asset.prompt, settings: asset.settings },
  );
  if (!plannedRequest.ok) return { ok: false, reason: { code: 'invalid', problems: plannedRequest.problems } };
  const answer = await requestImages({ request: plannedRequest.request, connection: input.connection, signal: input.signal, log });
  const costOf = (usage: Usage | undefined, svgUsage: SvgUsage | undefined) => (usage ? actualCost(asset.settings.model, usage, svgUsage) : 0);
  if (!answer.ok)
    return { ok: false, reason: { code: 'request', failure: answer.failure }, paidUsd: answer.paid && costOf(answer.paid.usage, answer.paid.svgUsage) };
  const paidUsd = costOf(answer.result.usage, answer.result.svgUsage);
  // A cancel after the answer arrived is too late to save its cost: the image is written (or kept) all the same.
  const image = { bytes: answer.result.images[0]!, manifest: answer.manifests[0] ?? false };
  const { requestId } = answer.result;
  const context = { ...input, files, root, log };
  // Checked again at write time: a link may have been put in the way while the request ran.
  const target = await writableContained(files, root, asset.outPath);
  if (!target.ok)
    return { ok: false, reason: await recoverAsset(context, asset, image.bytes, { code: 'write-refused', problem: target.problem }, requestId), paidUsd };
  // Someone may have changed the file while the request ran: then it is theirs, not ours to replace.
  const now = await readResolved(files, target.realPath, LIMITS.imageBytes, asset.outPath);
  if (!now.ok || (now.bytes ? sha256(now.bytes) : undefined) !== item.fileHash)
    return { ok: false, reason: await recoverAsset(context, asset, image.bytes, { code: 'changed-on-disk' }, requestId), paidUsd };
  const written = await replaceAsset(context, asset, image, target.realPath, requestId);
  if (!written.ok) return { ...written, paidUsd };
  const { bytes } = written;
  lock.assets[asset.key] = { recipe, file: sha256(bytes), generatedAt: new Date().toISOString(), requestId };
  await saveLock();
  log.info(`asset ${asset.key} written (${bytes.length} bytes) request_id=${requestId ?? '-'}`);
  return { ok: true, costUsd: paidUsd };
}

/** What the scheduler's outcomes add to the failures the runs recorded: cancelled and blocked assets. */
function sortOutcomes(
  queue: readonly PlanItem[],
  outcomes: ReadonlyMap<number, FinalOutcome>,
  failed: AssetFailure[],
  manifest: ParsedManifest,
  lastReasons: ReadonlyMap<number, AssetFailureReason>,
): { failed: AssetFailure[]; cancelled: ResolvedAsset[] } {
  const cancelled: ResolvedAsset[] = [];
  const byIndex = new Map(failed.map((failure) => [failure.asset.index, failure]));
  for (const item of queue) {
    const outcome = outcomes.get(item.asset.index);
    if (!outcome || outcome.ok) continue;
    if ('cancelled' in outcome && outcome.cancelled) {
      cancelled.push(item.asset);
      byIndex.delete(item.asset.index);
    } else if ('blockedBy' in outcome) {
      byIndex.set(item.asset.index, { asset: item.asset, reason: { code: 'blocked', input: manifest.assets[outcome.blockedBy]?.out ?? '?' } });
    } else if (!byIndex.has(item.asset.index)) {
      byIndex.set(item.asset.index, { asset: item.asset, reason: lastReasons.get(item.asset.index) ?? { code: 'failed', detail: outcome.reason } });
    }
  }
  return { failed: queue.flatMap((item) => byIndex.get(item.asset.index) ?? []), cancelled };
}

export async function runAssets(input: AssetRunInput): Promise<AssetRunSummary> {
  const started = Date.now();
  const { manifest, plan, files, log } = input;
  const lock: LockFile = { ...input.lock, assets: { ...input.lock.assets } };
  const needConfirmation = plan.toGenerate.filter((item) => NEEDS_CONFIRMATION.has(item.status));
  const confirmed = needConfirmation.length > 0 ? await input.confirmOverwrite(needConfirmation) : new Set<number>();
  const skipped = needConfirmation.filter((item) => !confirmed.has(item.asset.index)).map((item) => item.asset);
  const queue = plan.toGenerate.filter((item) => !NEEDS_CONFIRMATION.has(item.status) || confirmed.has(item.asset.index));
  const planned = new Map(queue.map((item) => [item.asset.index, item]));

  const generated: ResolvedAsset[] = [];
  const failed: AssetFailure[] = [];
  let costUsd = 0;
  let done = 0;
  let lockWrites: Promise<void> = Promise.resolve();
  const saveLock = () => {
    const text = serializeLockFile(lock);
    lockWrites = lockWrites.then(() => files.replace(input.lockPath, new TextEncoder().encode(text)));
    return lockWrites;
  };
  const context: AssetRunContext = { input, lock, saveLock };
  const rateLimited = new Map<number, AssetFailureReason>();

  const runOne = async (item: PlanItem): Promise<TaskOutcome> => {
    const made = await makeAsset(item, context);
    if (made.ok) {
      costUsd += made.costUsd;
      generated.push(item.asset);
      return { ok: true };
    }
    // Paid for, though not written: it counts all the same.
    costUsd += made.paidUsd ?? 0;
    const { reason } = made;
    if (reason.code === 'request' && reason.failure.kind === 'rate-limit') {
      // Kept in case the scheduler gives up on it: then this is why.
      rateLimited.set(item.asset.index, reason);
      return { ok: false, reason: reason.code, rateLimited: true, retryAfterMs: reason.failure.retryAfterMs };
    }
    failed.push({ asset: item.asset, reason, failure: reason.code === 'request' ? reason.failure : undefined });
    return { ok: false, reason: reason.code, cancelled: reason.code === 'cancelled' || (reason.code === 'request' && reason.failure.kind === 'cancelled') };
  };

  const { outcomes, maxActive } = await runScheduled({
    tasks: queue.map((item) => ({ id: item.asset.index, dependsOn: item.asset.dependsOn.filter((dep) => planned.has(dep)), item })),
    concurrency: input.concurrency,
    signal: input.signal,
    baseDelayMs: input.rateLimitDelayMs,
    run: async (task) => {
      const outcome = await runOne(task.item);
      if (outcome.ok || !outcome.rateLimited) {
        done += 1;
        input.onProgress?.({ done, total: queue.length, asset: task.item.asset, ok: outcome.ok });
      }
      return outcome;
    },
    onRequeue: (task, delayMs, window) => log.warn(`asset ${task.item.asset.key} rate limited: again in ${delayMs}ms, at most ${window} at once`),
  });
  await lockWrites;
  const sorted = sortOutcomes(queue, outcomes, failed, manifest, rateLimited);
  return {
    generated,
    // Up to date and not asked for again; stale assets outside a partial run (one CodeLens) are not "unchanged".
    unchanged: plan.items.filter((item) => item.status === 'up-to-date' && !planned.has(item.asset.index)).length,
    failed: sorted.failed,
    skipped,
    cancelled: sorted.cancelled,
    costUsd,
    durationMs: Date.now() - started,
    maxActive,
  };
}
