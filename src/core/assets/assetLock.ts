/**
 * The lock file beside a manifest (`<name>.images.lock.json`, meant to be committed): for each output, the
 * hash of the full recipe it was made from and of the file as written, so a later run knows what is stale
 * and what someone changed by hand. It also remembers a Batch API job waiting to be collected.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ResolvedAsset } from './manifestParse';
import { styleFingerprint, styleHash, type StyleFingerprint } from './styleKit';
import { compatibleTargetOf } from '../compatibleModels';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** What the Batch API names its jobs: a lock file is the repository's, so nothing else is taken from it. */
const batchId = z
  .string()
  .max(200)
  .regex(/^batch_[A-Za-z0-9_-]+$/, 'not a Batch API id');

/**
 * An output's path relative to the manifest, as this extension writes it: no `..`, not absolute, no
 * control characters. The lock only selects assets the manifest names; it never decides a path by itself.
 */
const lockKey = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (key) => !key.startsWith('/') && !/^[A-Za-z]:/.test(key) && !key.split(/[\\/]/).includes('..') && !/\p{Cc}/u.test(key),
    "not a path inside the manifest's folder",
  );

/** Each part of the style an asset was made with (styleKit.StyleFingerprint), so a plan can say what changed. */
const styleFingerprintSchema = z.object({
  name: z.string().max(64),
  brief: sha256Hex,
  palette: sha256Hex,
  negative: sha256Hex,
  options: sha256Hex,
  references: z.record(z.string().max(1024), z.union([sha256Hex, z.literal('missing')])),
});

export const lockEntrySchema = z.object({
  recipe: sha256Hex,
  file: sha256Hex,
  generatedAt: z.string().max(40),
  requestId: z.string().max(200).optional(),
  style: styleFingerprintSchema.optional(),
  /** Chosen among candidates: which one, of how many, and whether the draft itself was kept. */
  chosen: z.object({ candidate: z.number().int().min(1).max(8), of: z.number().int().min(2).max(8), keptDraft: z.boolean() }).optional(),
  /** For an asset with `"alt": "auto"`: the description of this file (its `file` hash), and the model that wrote it. */
  alt: z.object({ text: z.string().min(1).max(300), by: z.string().max(200) }).optional(),
});

/** A derivative: the asset it is made from, that file's hash, the spec's hash, and the file as written. */
export const derivedEntrySchema = z.object({
  from: lockKey,
  source: sha256Hex,
  spec: sha256Hex,
  file: sha256Hex,
});

/** One OpenAI batch of a job: a batch holds one model's requests, so a job has one part per model. */
export const batchPartSchema = z.object({
  id: batchId,
  model: z.string().max(100),
  /** The output keys in the order of the request file's lines, so an error naming a line names its asset. */
  keys: z.array(lockKey).max(50_000),
});

export const pendingBatchSchema = z.object({
  /** The first part's batch id (the only one in locks written before parts). */
  id: batchId,
  submittedAt: z.string().max(40),
  /** Output key -> the recipe hash it was submitted with. */
  assets: z.record(lockKey, sha256Hex),
  parts: z.array(batchPartSchema).max(100).optional(),
});

export type BatchPart = z.infer<typeof batchPartSchema>;

/** The OpenAI batches of a pending job; a lock written before parts has one batch of unknown model. */
export function batchParts(pending: z.infer<typeof pendingBatchSchema>): BatchPart[] {
  return pending.parts ?? [{ id: pending.id, model: '', keys: Object.keys(pending.assets) }];
}

export const lockFileSchema = z.object({
  version: z.literal(1),
  assets: z.record(lockKey, lockEntrySchema),
  derived: z.record(lockKey, derivedEntrySchema).optional(),
  batch: pendingBatchSchema.optional(),
});

export type LockEntry = z.infer<typeof lockEntrySchema>;
export type DerivedEntry = z.infer<typeof derivedEntrySchema>;
export type PendingBatch = z.infer<typeof pendingBatchSchema>;
export type LockFile = z.infer<typeof lockFileSchema>;

export const EMPTY_LOCK: LockFile = { version: 1, assets: {} };

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A missing lock is an empty one; a damaged one is reported, not silently replaced. */
export function parseLockFile(text: string | undefined): { lock: LockFile; error?: string } {
  if (text === undefined) return { lock: EMPTY_LOCK };
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { lock: parsed.data };
    // The issues repeat the file's own keys: keep the message short; it is shown as plain text.
    const error = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { lock: EMPTY_LOCK, error: error.length > 300 ? `${error.slice(0, 299)}…` : error };
  } catch (error) {
    return { lock: EMPTY_LOCK, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Stable output (sorted keys, one entry per line) so the committed file diffs cleanly. */
export function serializeLockFile(lock: LockFile): string {
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const derived = lock.derived && Object.keys(lock.derived).length > 0 ? { derived: sorted(lock.derived) } : {};
  return `${JSON.stringify({ version: 1, assets: sorted(lock.assets), ...derived, ...(lock.batch ? { batch: lock.batch } : {}) }, null, 2)}\n`;
}

/**
 * The hash of everything that decides an asset's pixels: prompt, the settings sent, the output format,
 * and the bytes (by hash) of its edit inputs. Not the output path: moving an asset is not a new image.
 */
export function recipeHash(
  asset: ResolvedAsset,
  inputHashes: readonly string[],
  maskHash: string | undefined,
  markupHash?: string,
  style?: StyleFingerprint,
): string {
  const { settings } = asset;
  const served = compatibleTargetOf(settings);
  // Controls added later enter the hash only when used, so locks written before them stay valid.
  const added = {
    ...(settings.complexity !== 'auto' ? { complexity: settings.complexity } : {}),
    ...(asset.format === 'gif' ? { frames: settings.gifFrameCount, frameMs: settings.gifFrameDurationMs } : {}),
    ...(markupHash !== undefined ? { markup: markupHash } : {}),
    ...(style ? { style: styleHash(style) } : {}),
    // Made by a compatible server's model: a different picture from OpenAI's, whatever the manifest's model says.
    ...(served ? { servedBy: served.id } : {}),
  };
  const recipe = {
    v: 1,
    kind: asset.edit ? 'edit' : 'generate',
    prompt: asset.prompt,
    model: settings.model,
    size: settings.size,
    quality: settings.quality,
    background: settings.background,
    format: asset.format,
    outputCompression: settings.outputCompression,
    ...(asset.edit ? { inputFidelity: settings.inputFidelity, inputs: inputHashes, mask: maskHash ?? null } : { moderation: settings.moderation }),
    ...added,
  };
  return sha256(JSON.stringify(recipe));
}

/** An asset's recipe hash and style fingerprint from the hashes of its files (undefined when one is missing). */
export function assetRecipeHash(asset: ResolvedAsset, hashOf: (absolutePath: string) => string | undefined): { recipe: string; style?: StyleFingerprint } {
  const imageHashes = (asset.edit?.images ?? []).map((input) => hashOf(input) ?? 'missing');
  const maskHash = asset.edit?.mask ? hashOf(asset.edit.mask) : undefined;
  const markupHash = asset.edit?.markup ? hashOf(asset.edit.markup) : undefined;
  const style = asset.style ? styleFingerprint(asset.style, hashOf) : undefined;
  return { recipe: recipeHash(asset, imageHashes, maskHash, markupHash, style), style };
}
