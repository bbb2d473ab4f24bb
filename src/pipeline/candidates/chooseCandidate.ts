/**
 * Choosing one of an asset's candidates: the chosen draft is written to `out` (or, when it was drafted at a
 * cheaper model or quality, remade at the asset's own from the draft as its first input, unless the draft is
 * kept), locked with which candidate it was, and then the asset's derivatives are made. A file changed by hand
 * gets the same question as in a run; a paid remake that cannot be written goes to recovery.
 */
import * as path from 'node:path';
import type { Connection } from '../../api/imagesClient';
import type { SvgUsage, Usage } from '../../api/imagesResponse';
import type { AssetFailureReason } from '../../core/assets/assetFailure';
import { assetRecipeHash, serializeLockFile, sha256, type LockFile } from '../../core/assets/assetLock';
import { NEEDS_CONFIRMATION, type AssetPlan, type PlanItem } from '../../core/assets/assetPlan';
import { draftsAreCurrent, draftsFolderOf, needsRemake, remakePrompt } from '../../core/assets/candidates';
import type { DerivativeItem } from '../../core/assets/derivativePlan';
import type { ResolvedAsset } from '../../core/assets/manifestParse';
import { inspectOutputFile } from '../../core/outputFiles';
import { actualCost } from '../../core/pricing';
import { LIMITS } from '../../core/problems';
import { planRequest } from '../../core/requestPlan';
import { recoverAsset, replaceAsset, type AssetWriteContext } from '../assetImageWrite';
import { readContained, readResolved, writableContained } from '../containedFiles';
import { deriveAfter, type DerivedSummary } from '../derive/deriveAfter';
import { requestImages } from '../runImageJob';
import { readDrafts } from './draftCandidates';
import { readEditInputs } from '../editInputs';

export interface ChooseInput extends AssetWriteContext {
  readonly plan: AssetPlan;
  readonly lock: LockFile;
  readonly lockPath: string;
  /** Needed only for a remake; without it (`keepDraft`), nothing is sent. */
  readonly connection?: Connection;
  readonly signal: AbortSignal;
  readonly asset: ResolvedAsset;
  /** 1-based, as the panel and the command line number them. */
  readonly candidate: number;
  readonly keepDraft: boolean;
  /** Asked when `out` was changed by hand (or never locked); true to overwrite it. */
  readonly confirmOverwrite: (item: PlanItem) => Promise<boolean>;
  readonly confirmDerivedOverwrite?: (items: readonly DerivativeItem[]) => Promise<ReadonlySet<string>>;
}

export type Chosen =
  | { readonly ok: true; readonly costUsd: number; readonly remade: boolean; readonly derived: DerivedSummary }
  | { readonly ok: false; readonly reason: AssetFailureReason; readonly paidUsd?: number };

type Fail = Extract<Chosen, { ok: false }>;

/** The image to write: the draft itself, or its remake at the asset's model (paid, so counted even if it fails later). */
async function finalImage(
  input: ChooseInput,
  draft: Uint8Array,
  hashes: Map<string, string>,
): Promise<{ ok: true; bytes: Uint8Array; manifest: boolean; costUsd: number; requestId?: string; remade: boolean } | Fail> {
  const { asset } = input;
  if (!needsRemake(asset, input.keepDraft)) {
    const report = inspectOutputFile(draft, asset.format);
    if (report.problem !== undefined) return { ok: false, reason: { code: 'not-an-image', format: asset.format, detail: report.problem } };
    return { ok: true, bytes: draft, manifest: report.manifest, costUsd: 0, remade: false };
  }
  if (!input.connection) return { ok: false, reason: { code: 'failed', detail: 'no connection for the remake' } };
  const inputs = await readEditInputs(asset, input.files, input.root);
  if (!inputs.ok) return inputs;
  for (const [file, hash] of inputs.hashes) hashes.set(file, hash);
  const images = [{ name: `draft.${asset.format}`, bytes: draft }, ...inputs.images].slice(0, LIMITS.images);
  const planned = planRequest({ kind: 'edit', prompt: remakePrompt(asset.prompt), settings: asset.settings, images });
  if (!planned.ok) return { ok: false, reason: { code: 'invalid', problems: planned.problems } };
  const answer = await requestImages({ request: planned.request, connection: input.connection, signal: input.signal, log: input.log });
  const costOf = (usage: Usage | undefined, svgUsage: SvgUsage | undefined) => (usage ? actualCost(asset.settings.model, usage, svgUsage) : 0);
  if (!answer.ok)
    return { ok: false, reason: { code: 'request', failure: answer.failure }, paidUsd: answer.paid && costOf(answer.paid.usage, answer.paid.svgUsage) };
  const costUsd = costOf(answer.result.usage, answer.result.svgUsage);
  return { ok: true, bytes: answer.result.images[0]!, manifest: answer.manifests[0] ?? false, costUsd, requestId: answer.result.requestId, remade: true };
}

/** The chosen draft's bytes, checked against the record of the drafts made for the asset's current recipe. */
async function chosenDraft(input: ChooseInput, hashes: Map<string, string>): Promise<{ ok: true; bytes: Uint8Array; count: number } | Fail> {
  const { asset } = input;
  const record = await readDrafts(input, asset);
  if (!record) return { ok: false, reason: { code: 'no-drafts' } };
  const inputs = await readEditInputs(asset, input.files, input.root);
  if (!inputs.ok) return inputs;
  for (const [file, hash] of inputs.hashes) hashes.set(file, hash);
  const { recipe } = assetRecipeHash(asset, (file) => hashes.get(file));
  if (!asset.candidates || !draftsAreCurrent(record, asset, recipe)) return { ok: false, reason: { code: 'drafts-outdated' } };
  const draft = record.drafts[input.candidate - 1];
  if (!Number.isInteger(input.candidate) || !draft) return { ok: false, reason: { code: 'no-such-candidate', count: record.drafts.length } };
  const read = await readContained(input.files, input.root, path.posix.join(draftsFolderOf(input.root, asset.outPath), draft.file), LIMITS.imageBytes);
  if (!read.ok) return { ok: false, reason: { code: 'input-refused', problem: read.problem } };
  if (!read.bytes || sha256(read.bytes) !== draft.sha256) return { ok: false, reason: { code: 'drafts-outdated' } };
  return { ok: true, bytes: read.bytes, count: record.drafts.length };
}

export async function chooseCandidate(input: ChooseInput): Promise<Chosen> {
  const { asset, files, root, lock } = input;
  const item = input.plan.items.find((planned) => planned.asset.index === asset.index);
  if (!item) return { ok: false, reason: { code: 'not-in-manifest' } };
  if (NEEDS_CONFIRMATION.has(item.status) && !(await input.confirmOverwrite(item))) return { ok: false, reason: { code: 'not-confirmed' } };
  const hashes = new Map<string, string>();
  const draft = await chosenDraft(input, hashes);
  if (!draft.ok) return draft;
  const image = await finalImage(input, draft.bytes, hashes);
  if (!image.ok) return image;
  const { costUsd, requestId } = image;
  // Recorded as what made it: a kept draft is the draft model's picture.
  const made: ResolvedAsset = image.remade ? asset : { ...asset, settings: { ...asset.settings, model: asset.draft.model, quality: asset.draft.quality } };
  const context = { ...input, log: input.log };
  const target = await writableContained(files, root, asset.outPath);
  if (!target.ok)
    return {
      ok: false,
      reason: await recoverAsset(context, made, image.bytes, { code: 'write-refused', problem: target.problem }, requestId),
      paidUsd: costUsd,
    };
  const now = await readResolved(files, target.realPath, LIMITS.imageBytes, asset.outPath);
  if (!now.ok || (now.bytes ? sha256(now.bytes) : undefined) !== item.fileHash)
    return { ok: false, reason: await recoverAsset(context, made, image.bytes, { code: 'changed-on-disk' }, requestId), paidUsd: costUsd };
  const written = await replaceAsset(context, made, { bytes: image.bytes, manifest: image.manifest }, target.realPath, requestId);
  if (!written.ok) return { ...written, paidUsd: costUsd };
  const next: LockFile = { ...lock, assets: { ...lock.assets } };
  const { recipe, style } = assetRecipeHash(asset, (file) => hashes.get(file));
  next.assets[asset.key] = {
    recipe,
    file: sha256(written.bytes),
    generatedAt: new Date().toISOString(),
    ...(requestId ? { requestId } : {}),
    ...(style ? { style } : {}),
    chosen: { candidate: input.candidate, of: draft.count, keptDraft: !image.remade },
  };
  const saveLock = () => files.replace(input.lockPath, new TextEncoder().encode(serializeLockFile(next)));
  try {
    await saveLock();
  } catch (error) {
    // The image is written; only the lock is behind (the next run sees the file as changed and asks first).
    return { ok: false, reason: { code: 'write-failed', detail: error instanceof Error ? error.message : String(error) }, paidUsd: costUsd };
  }
  input.log.info(`asset ${asset.key}: candidate ${input.candidate} of ${draft.count} chosen${image.remade ? ', remade at its own model' : ''}`);
  const derived = await deriveAfter({ ...input, partial: true }, [asset], { lock: next, saveLock });
  return { ok: true, costUsd, remade: image.remade, derived };
}
