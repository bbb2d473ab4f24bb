/** Reading an asset's edit inputs when it runs (an input may be an asset the same run just made). */
import * as path from 'node:path';
import type { AssetFailureReason } from '../core/assets/assetFailure';
import { sha256 } from '../core/assets/assetLock';
import { editInputs, type ResolvedAsset } from '../core/assets/manifestParse';
import { LIMITS } from '../core/problems';
import type { InputImage } from '../core/requestPlan';
import { readContained, type AssetFiles } from './containedFiles';

function fileName(file: string): string {
  return path.posix.basename(file);
}

/** An edit's inputs, read at run time under the containment rule (an input may be an asset this run just made). */
export async function readEditInputs(
  asset: ResolvedAsset,
  files: AssetFiles,
  root: string,
): Promise<
  { ok: true; images: InputImage[]; mask?: InputImage; markup?: InputImage; hashes: Map<string, string> } | { ok: false; reason: AssetFailureReason }
> {
  const inputPaths = editInputs(asset);
  const bytesOf = new Map<string, Uint8Array>();
  for (const file of inputPaths) {
    const contained = await readContained(files, root, file, LIMITS.imageBytes);
    if (!contained.ok) return { ok: false, reason: { code: 'input-refused', problem: contained.problem } };
    if (!contained.bytes) return { ok: false, reason: { code: 'input-missing', path: file } };
    bytesOf.set(file, contained.bytes);
  }
  const read = (file: string | undefined): InputImage | undefined => (file ? { name: fileName(file), bytes: bytesOf.get(file)! } : undefined);
  const hashes = new Map([...bytesOf].map(([file, bytes]) => [file, sha256(bytes)]));
  return { ok: true, images: (asset.edit?.images ?? []).map((file) => read(file)!), mask: read(asset.edit?.mask), markup: read(asset.edit?.markup), hashes };
}
