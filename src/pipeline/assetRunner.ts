/**
 * Makes the stale assets of a manifest: in dependency order, a bounded number at once, each written
 * only from a complete answer and locked as soon as it is on disk, so a cancel or a crash leaves only
 * complete, locked files. Shared by the extension and the command line through the `AssetFiles` port.
 */
import type { Connection } from '../api/imagesClient';
import type { SvgUsage, Usage } from '../api/imagesResponse';
import { assetRecipeHash, sha256, serializeLockFile, type LockFile } from '../core/assets/assetLock';
import { NEEDS_CONFIRMATION, type AssetPlan, type PlanItem } from '../core/assets/assetPlan';
import type { ParsedManifest, ResolvedAsset } from '../core/assets/manifestParse';
import type { AssetFailureReason } from '../core/assets/assetFailure';
import { runScheduled, type FinalOutcome, type TaskOutcome } from '../core/assets/scheduler';
import type { Failure } from '../core/failure';
import { actualCost } from '../core/pricing';
import { planRequest } from '../core/requestPlan';
import { recoverAsset, replaceAsset, type AssetKeeping } from './assetImageWrite';
import { requestImages, type JobLog } from './runImageJob';
import { LIMITS } from '../core/problems';
import type { DerivativeItem } from '../core/assets/derivativePlan';
import { deriveAfter, type DerivedSummary } from './derive/deriveAfter';
import { readResolved, writableContained, type AssetFiles } from './containedFiles';
import { readEditInputs } from './editInputs';
import { draftCandidates, type DraftSet } from './candidates/draftCandidates';
import { compatiblePriceUsd } from '../core/compatibleModels';

export type { AssetFiles } from './containedFiles';
export { checkManifestPaths, inspectManifestFiles, missingInputs, type AssetPathProblem, type ManifestFiles } from './manifestFiles';

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
  /** The same question for derivatives (by lock key); without it, changed derivatives are left as they are. */
  readonly confirmDerivedOverwrite?: (items: readonly DerivativeItem[]) => Promise<ReadonlySet<string>>;
  readonly onProgress?: (event: AssetProgress) => void;
  /** Only the assets in `plan.toGenerate` were asked for (one CodeLens): other assets' derivatives wait for a full run. */
  readonly partial?: boolean;
  /** Pause before a rate-limited asset runs again when the server named none (tests shorten it). */
  readonly rateLimitDelayMs?: number;
}

export interface AssetProgress {
  readonly done: number;
  readonly total: number;
  readonly asset: ResolvedAsset;
  readonly ok: boolean;
  /** Drafted as candidates: nothing written to its out yet. */
  readonly drafted?: boolean;
  /** What the asset's answer cost (made assets), so the history shows it. */
  readonly costUsd?: number;
}

export interface AssetFailure {
  readonly asset: ResolvedAsset;
  readonly reason: AssetFailureReason;
  readonly failure?: Failure;
}

export interface AssetRunSummary {
  readonly generated: readonly ResolvedAsset[];
  /** Assets drafted as candidates (or whose drafts were already there): they wait for a choice. */
  readonly drafted: readonly DraftSet[];
  readonly unchanged: number;
  readonly failed: readonly AssetFailure[];
  /** Changed by hand and not confirmed: left as they are. */
  readonly skipped: readonly ResolvedAsset[];
  readonly cancelled: readonly ResolvedAsset[];
  readonly costUsd: number;
  readonly durationMs: number;
  readonly maxActive: number;
  /** Derivatives made (no API call), failed, or left because they were changed by hand and not confirmed. */
  readonly derived: DerivedSummary;
}

/** What one asset's run needs besides its plan item. */
interface AssetRunContext {
  readonly input: AssetRunInput;
  readonly lock: LockFile;
  readonly saveLock: () => Promise<void>;
}

/** A failure after the answer arrived was paid for all the same (`paidUsd`): it counts in the run's cost. */
type MadeAsset =
  | { readonly ok: true; readonly costUsd: number; readonly drafts?: DraftSet }
  | { readonly ok: false; readonly reason: AssetFailureReason; readonly paidUsd?: number };

/** Makes one asset: reads its inputs, asks the API, writes the file only if nobody changed it meanwhile, locks it. */
async function makeAsset(item: PlanItem, { input, lock, saveLock }: AssetRunContext): Promise<MadeAsset> {
  const { asset } = item;
  const { files, root, log } = input;
  const inputs = await readEditInputs(asset, files, root);
  if (!inputs.ok) return inputs;
  const { images, mask, markup } = inputs;
  const { recipe, style } = assetRecipeHash(asset, (file) => inputs.hashes.get(file));
  if (asset.candidates) {
    const drafted = await draftCandidates({ ...input, files, root, log }, asset, recipe, { images, mask, markup });
    return drafted.ok ? { ok: true, costUsd: drafted.drafts.costUsd, drafts: drafted.drafts } : drafted;
  }
  const plannedRequest = planRequest(
    asset.edit
      ? { kind: 'edit', prompt: asset.prompt, settings: asset.settings, images, mask, markup }
      : { kind: 'generate', prompt: asset.prompt, settings: asset.settings },
  );
  if (!plannedRequest.ok) return { ok: false, reason: { code: 'invalid', problems: plannedRequest.problems } };
  const answer = await requestImages({ request: plannedRequest.request, connection: input.connection, signal: input.signal, log });
  // A compatible server's answer costs what the user declared for its model (unknown counts nothing), not OpenAI's tokens.
  const served = plannedRequest.request.compatible?.target;
  const costOf = (usage: Usage | undefined, svgUsage: SvgUsage | undefined) =>
    served ? (compatiblePriceUsd(served, 1) ?? 0) : usage ? actualCost(asset.settings.model, usage, svgUsage) : 0;
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
  lock.assets[asset.key] = { recipe, file: sha256(bytes), generatedAt: new Date().toISOString(), requestId, ...(style ? { style } : {}) };
  await saveLock();
  log.info(`asset ${asset.key} written (${bytes.length} bytes) request_id=${requestId ?? '-'}`);
  return { ok: true, costUsd: paidUsd };
}

/** One finished asset, for the caller's progress: whether it was drafted, and what it cost when it was made. */
function progressOf(
  asset: ResolvedAsset,
  ok: boolean,
  count: { readonly done: number; readonly total: number },
  drafted: readonly DraftSet[],
  paid: ReadonlyMap<number, number>,
): AssetProgress {
  const costUsd = paid.get(asset.index);
  return { ...count, asset, ok, drafted: drafted.some((drafts) => drafts.asset.index === asset.index), ...(costUsd !== undefined ? { costUsd } : {}) };
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
  const drafted: DraftSet[] = [];
  const failed: AssetFailure[] = [];
  let costUsd = 0;
  let done = 0;
  let lockWrites: Promise<void> = Promise.resolve();
  // A write that has not started yet takes in every entry added before it starts: assets that finish together share it.
  let queued: Promise<void> | undefined;
  const saveLock = () => {
    queued ??= lockWrites = lockWrites.then(() => {
      queued = undefined;
      return files.replace(input.lockPath, new TextEncoder().encode(serializeLockFile(lock)));
    });
    return queued;
  };
  const context: AssetRunContext = { input, lock, saveLock };
  const rateLimited = new Map<number, AssetFailureReason>();

  const paidPerAsset = new Map<number, number>();
  const runOne = async (item: PlanItem): Promise<TaskOutcome> => {
    const made = await makeAsset(item, context);
    if (made.ok) {
      costUsd += made.costUsd;
      paidPerAsset.set(item.asset.index, made.costUsd);
      if (made.drafts) drafted.push(made.drafts);
      else generated.push(item.asset);
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
        input.onProgress?.(progressOf(task.item.asset, outcome.ok, { done, total: queue.length }, drafted, paidPerAsset));
      }
      return outcome;
    },
    onRequeue: (task, delayMs, window) => log.warn(`asset ${task.item.asset.key} rate limited: again in ${delayMs}ms, at most ${window} at once`),
  });
  await lockWrites;
  const derived = await deriveAfter(input, generated, { lock, saveLock });
  await lockWrites;
  const sorted = sortOutcomes(queue, outcomes, failed, manifest, rateLimited);
  return {
    generated,
    drafted,
    // Up to date and not asked for again; stale assets outside a partial run (one CodeLens) are not "unchanged".
    unchanged: plan.items.filter((item) => item.status === 'up-to-date' && !planned.has(item.asset.index)).length,
    failed: sorted.failed,
    skipped,
    cancelled: sorted.cancelled,
    costUsd,
    durationMs: Date.now() - started,
    maxActive,
    derived,
  };
}
