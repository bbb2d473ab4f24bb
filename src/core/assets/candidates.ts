/**
 * Candidates: an asset with `"candidates": N` is drafted as N images in one request (at its draft model and
 * quality, when the manifest names cheaper ones) into the drafts folder, and only the one the user chooses is
 * written to `out` and locked. The record beside the drafts says which recipe they were drafted for, so a
 * later run never pays for the same drafts twice and a choice is refused once the recipe has moved on.
 */
import * as path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../settings';
import type { ResolvedAsset } from './manifestTypes';

/** Relative to the root (the workspace folder, `--root`); kept out of git (drafts are not the product). */
export const DRAFTS_FOLDER = '.openai-images/drafts';
export const DRAFTS_GITIGNORE_LINE = `${DRAFTS_FOLDER}/`;
export const CANDIDATES_RECORD = 'candidates.json';

/**
 * Added to the prompt when the chosen draft is remade at the asset's own model: the draft is sent as the first
 * input image, so the final keeps the composition the user chose rather than rolling the dice again.
 */
export const REMAKE_INSTRUCTION = 'Remake the first input image at full quality: keep its composition, subjects, colours and any text exactly.';

/** The folder one asset's drafts are written to: its output's path under the drafts folder (`.../icons/app.png/`). */
export function draftsFolderOf(root: string, outPath: string): string {
  return path.posix.join(root, DRAFTS_FOLDER, path.posix.relative(root, outPath));
}

/** The request settings of the drafts: the asset's, at the draft model and quality, N images at once. */
export function draftSettings(asset: Pick<ResolvedAsset, 'settings' | 'candidates'>): Settings {
  const candidates = asset.candidates;
  if (!candidates) return asset.settings;
  return { ...asset.settings, model: candidates.model, quality: candidates.quality, count: candidates.count };
}

/** Whether choosing a draft means a second request at the asset's own model and quality. */
export function needsRemake(asset: Pick<ResolvedAsset, 'settings' | 'candidates'>, keepDraft: boolean): boolean {
  if (keepDraft || !asset.candidates) return false;
  return asset.candidates.model !== asset.settings.model || asset.candidates.quality !== asset.settings.quality;
}

/** The remake's prompt: the asset's own, then the documented instruction. */
export function remakePrompt(prompt: string): string {
  return `${prompt}\n\n${REMAKE_INSTRUCTION}`;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const draftFile = z
  .string()
  .max(64)
  .regex(/^[1-8]\.(png|jpeg|jpg|webp)$/);

/** candidates.json: written by us, read back as untrusted (a repository may carry one). */
export const candidatesRecordSchema = z
  .object({
    version: z.literal(1),
    /** The asset's lock key and the recipe hash the drafts were made for. */
    asset: z.string().max(1024),
    recipe: sha256Hex,
    model: z.string().max(100),
    quality: z.string().max(20),
    createdAt: z.string().max(40),
    requestId: z.string().max(200).optional(),
    /** The whole request's cost, in USD (each draft's share is this over the number of drafts). */
    costUsd: z.number().min(0).max(10_000),
    drafts: z
      .array(z.object({ file: draftFile, sha256: sha256Hex }))
      .min(1)
      .max(8),
  })
  .strict();

export type CandidatesRecord = z.infer<typeof candidatesRecordSchema>;

/** The record, or undefined when the text is not one (missing, broken, or someone else's). */
export function parseCandidatesRecord(text: string | undefined): CandidatesRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = candidatesRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function serializeCandidatesRecord(record: CandidatesRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Drafts made for exactly this recipe, model and quality: a run shows these again instead of paying for new ones. */
export function draftsAreCurrent(record: CandidatesRecord | undefined, asset: Pick<ResolvedAsset, 'key' | 'candidates'>, recipe: string): boolean {
  return (
    record !== undefined &&
    record.asset === asset.key &&
    record.recipe === recipe &&
    record.model === asset.candidates?.model &&
    record.quality === asset.candidates?.quality
  );
}

/** The `.gitignore` text with the drafts folder listed, or undefined when it already is. */
export function gitignoreWithDrafts(current: string | undefined): string | undefined {
  const lines = (current ?? '').split(/\r?\n/).map((line) => line.trim());
  if (lines.some((line) => line === DRAFTS_GITIGNORE_LINE || line === `/${DRAFTS_GITIGNORE_LINE}` || line === '.openai-images/' || line === '.openai-images'))
    return undefined;
  const base = current === undefined || current === '' ? '' : current.endsWith('\n') ? current : `${current}\n`;
  return `${base}# Candidates drafted by OpenAI Images, waiting for a choice\n${DRAFTS_GITIGNORE_LINE}\n`;
}
