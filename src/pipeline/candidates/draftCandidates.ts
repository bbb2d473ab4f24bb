/**
 * Drafts an asset's candidates: one request for N images at the draft model and quality, each written into the
 * asset's drafts folder with a record of the recipe they answer. Drafts already made for the same recipe are
 * shown again rather than paid for twice. `out` and the lock are untouched: only a choice writes them.
 */
import * as path from 'node:path';
import type { Connection } from '../../api/imagesClient';
import type { SvgUsage, Usage } from '../../api/imagesResponse';
import type { AssetFailureReason } from '../../core/assets/assetFailure';
import { sha256 } from '../../core/assets/assetLock';
import {
  CANDIDATES_RECORD,
  draftsAreCurrent,
  draftSettings,
  draftsFolderOf,
  gitignoreWithDrafts,
  parseCandidatesRecord,
  serializeCandidatesRecord,
  type CandidatesRecord,
} from '../../core/assets/candidates';
import type { ResolvedAsset } from '../../core/assets/manifestParse';
import { actualCost } from '../../core/pricing';
import { LIMITS } from '../../core/problems';
import { planRequest, type InputImage } from '../../core/requestPlan';
import { recoverAsset, type AssetWriteContext } from '../assetImageWrite';
import { readContained, TEXT_FILE_LIMIT, writableContained } from '../containedFiles';
import { requestImages } from '../runImageJob';

/** One asset's drafts on disk, for the summary and the panel. */
export interface DraftSet {
  readonly asset: ResolvedAsset;
  /** Absolute POSIX path of the drafts folder. */
  readonly folder: string;
  /** Absolute POSIX paths, candidate 1 first. */
  readonly files: readonly string[];
  readonly model: string;
  readonly quality: string;
  /** What the drafting request cost (0 when the drafts were already there). */
  readonly costUsd: number;
  /** Each draft's share of what drafting cost when it was made. */
  readonly eachUsd: number;
  readonly reused: boolean;
}

export interface DraftInput extends AssetWriteContext {
  readonly connection: Connection;
  readonly signal: AbortSignal;
}

export type Drafted = { readonly ok: true; readonly drafts: DraftSet } | { readonly ok: false; readonly reason: AssetFailureReason; readonly paidUsd?: number };

/** The record in the asset's drafts folder, if it is one of ours and every draft it lists is there unchanged. */
export async function readDrafts(context: AssetWriteContext, asset: ResolvedAsset): Promise<CandidatesRecord | undefined> {
  const folder = draftsFolderOf(context.root, asset.outPath);
  const read = await readContained(context.files, context.root, path.posix.join(folder, CANDIDATES_RECORD), TEXT_FILE_LIMIT);
  const record = read.ok && read.bytes ? parseCandidatesRecord(new TextDecoder().decode(read.bytes)) : undefined;
  if (!record) return undefined;
  for (const draft of record.drafts) {
    const bytes = await readContained(context.files, context.root, path.posix.join(folder, draft.file), LIMITS.imageBytes);
    if (!bytes.ok || !bytes.bytes || sha256(bytes.bytes) !== draft.sha256) return undefined;
  }
  return record;
}

function draftSet(asset: ResolvedAsset, folder: string, record: CandidatesRecord, costUsd: number, reused: boolean): DraftSet {
  return {
    asset,
    folder,
    files: record.drafts.map((draft) => path.posix.join(folder, draft.file)),
    model: record.model,
    quality: record.quality,
    costUsd,
    eachUsd: record.costUsd / record.drafts.length,
    reused,
  };
}

/** Writes a text file of ours inside the root, refusing a link that would lead it out. */
async function replaceContained(context: AssetWriteContext, file: string, text: string): Promise<void> {
  const target = await writableContained(context.files, context.root, file);
  if (!target.ok) throw new Error(`${file}: ${target.problem.reason}`);
  await context.files.replace(target.realPath, new TextEncoder().encode(text));
}

/** Lists the drafts folder in the root's .gitignore the first time drafts are written there. */
async function ignoreDrafts(context: AssetWriteContext): Promise<void> {
  const file = path.posix.join(context.root, '.gitignore');
  const read = await readContained(context.files, context.root, file, TEXT_FILE_LIMIT);
  if (!read.ok) return;
  const text = gitignoreWithDrafts(read.bytes ? new TextDecoder().decode(read.bytes) : undefined);
  if (text !== undefined) await replaceContained(context, file, text);
}

/** Writes each image of a paid answer into the drafts folder; one that cannot be written goes to recovery. */
async function writeDrafts(
  context: AssetWriteContext,
  asset: ResolvedAsset,
  folder: string,
  images: readonly Uint8Array[],
  requestId: string | undefined,
): Promise<{ ok: true; drafts: CandidatesRecord['drafts'] } | { ok: false; reason: AssetFailureReason }> {
  const drafts: Array<CandidatesRecord['drafts'][number]> = [];
  const extension = asset.format === 'jpeg' ? 'jpeg' : asset.format;
  let failure: AssetFailureReason | undefined;
  for (const [index, bytes] of images.entries()) {
    const file = `${index + 1}.${extension}`;
    const target = await writableContained(context.files, context.root, path.posix.join(folder, file));
    try {
      if (!target.ok) throw new Error(target.problem.reason);
      await context.files.replace(target.realPath, bytes);
      drafts.push({ file, sha256: sha256(bytes) });
    } catch (error) {
      failure = await recoverAsset(context, asset, bytes, { code: 'write-failed', detail: error instanceof Error ? error.message : String(error) }, requestId);
    }
  }
  if (drafts.length === 0) return { ok: false, reason: failure ?? { code: 'failed', detail: 'no drafts written' } };
  return { ok: true, drafts };
}

/** Drafts the asset's candidates (or finds them already drafted for this recipe). `images` are its edit's inputs. */
export async function draftCandidates(
  input: DraftInput,
  asset: ResolvedAsset,
  recipe: string,
  inputs: { images: InputImage[]; mask?: InputImage; markup?: InputImage },
): Promise<Drafted> {
  const folder = draftsFolderOf(input.root, asset.outPath);
  const existing = await readDrafts(input, asset);
  if (existing && draftsAreCurrent(existing, asset, recipe)) {
    input.log.info(`asset ${asset.key}: ${existing.drafts.length} candidates already drafted for this recipe, none sent`);
    return { ok: true, drafts: draftSet(asset, folder, existing, 0, true) };
  }
  const settings = draftSettings(asset);
  const planned = planRequest(asset.edit ? { kind: 'edit', prompt: asset.prompt, settings, ...inputs } : { kind: 'generate', prompt: asset.prompt, settings });
  if (!planned.ok) return { ok: false, reason: { code: 'invalid', problems: planned.problems } };
  const answer = await requestImages({ request: planned.request, connection: input.connection, signal: input.signal, log: input.log });
  const costOf = (usage: Usage | undefined, svgUsage: SvgUsage | undefined) => (usage ? actualCost(settings.model, usage, svgUsage) : 0);
  if (!answer.ok)
    return { ok: false, reason: { code: 'request', failure: answer.failure }, paidUsd: answer.paid && costOf(answer.paid.usage, answer.paid.svgUsage) };
  const paidUsd = costOf(answer.result.usage, answer.result.svgUsage);
  const { requestId } = answer.result;
  const written = await writeDrafts(input, asset, folder, answer.result.images, requestId);
  if (!written.ok) return { ...written, paidUsd };
  const record: CandidatesRecord = {
    version: 1,
    asset: asset.key,
    recipe,
    model: settings.model,
    quality: settings.quality,
    createdAt: new Date().toISOString(),
    ...(requestId ? { requestId } : {}),
    costUsd: paidUsd,
    drafts: written.drafts,
  };
  // The record last: once it is there, the drafts are complete.
  await ignoreDrafts(input).catch((error: unknown) => input.log.warn(`.gitignore not updated: ${error instanceof Error ? error.message : String(error)}`));
  try {
    await replaceContained(input, path.posix.join(folder, CANDIDATES_RECORD), serializeCandidatesRecord(record));
  } catch (error) {
    // The drafts are on disk, but without their record a choice cannot trust them: said, and still paid for.
    return { ok: false, reason: { code: 'write-failed', detail: error instanceof Error ? error.message : String(error) }, paidUsd };
  }
  input.log.info(`asset ${asset.key}: ${written.drafts.length} candidates drafted in ${folder} request_id=${requestId ?? '-'}`);
  return { ok: true, drafts: draftSet(asset, folder, record, paidUsd, false) };
}
