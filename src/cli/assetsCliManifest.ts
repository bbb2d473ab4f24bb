/** Reading, checking and planning the manifest for the command line, and how its plan is worded there. */
import * as path from 'node:path';
import { lockFileName, MANIFEST_SUFFIX } from '../core/assets/manifestSchema';
import { lineColumn, parseManifest, type ParsedManifest } from '../core/assets/manifestParse';
import { parseLockFile, type LockFile } from '../core/assets/assetLock';
import { planAssets, type AssetPlan, type AssetStatus, type PlanItem } from '../core/assets/assetPlan';
import type { DerivativeItem } from '../core/assets/derivativePlan';
import { describeDerivativeStatus, describeStyleChanges } from '../core/assets/planMessages';
import { describePathProblem } from '../core/containment';
import { isoDay } from '../core/modelLifecycle';
import { englishTranslate } from '../core/translate';
import { inspectManifestFiles } from '../pipeline/assetRunner';
import { readContained, TEXT_FILE_LIMIT } from '../pipeline/containedFiles';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';
import type { CliIo, CliOptions } from './assetsCliOptions';

const REASONS: Record<AssetStatus, string> = {
  'up-to-date': 'up to date',
  missing: 'missing',
  'recipe-changed': 'recipe changed',
  'input-stale': 'an input is made first',
  modified: 'changed on disk since it was made',
  untracked: 'exists but was not made from this manifest',
  'input-missing': 'an input is missing',
};

export function describe(item: PlanItem, root: string): string {
  const detail = item.detail ? ` (${path.relative(root, item.detail)})` : '';
  const why = item.styleChanges ? describeStyleChanges(item.styleChanges, englishTranslate) : REASONS[item.status];
  const drafts = item.asset.candidates ? ` (${item.asset.candidates.count} candidates to choose from)` : '';
  return `${item.asset.key}: ${why}${detail}${drafts}`;
}

export function describeDerivative(item: DerivativeItem): string {
  return `${item.derivative.key} (from ${item.asset.key}): ${describeDerivativeStatus(item.status, englishTranslate)}`;
}

export interface LoadedManifest {
  readonly manifest: ParsedManifest;
  readonly lock: LockFile;
  readonly lockPath: string;
  readonly plan: AssetPlan;
  readonly blocked: readonly PlanItem[];
}

/** Reads, checks and plans the manifest, printing each problem where it is; the exit code when it cannot go on. */
export async function loadManifest(options: CliOptions, io: CliIo): Promise<LoadedManifest | number> {
  const { manifestArg, manifestPath, root } = options;
  if (!manifestPath.endsWith(MANIFEST_SUFFIX)) io.stderr(`warning: ${manifestArg} does not end in ${MANIFEST_SUFFIX}; editors will not check it.`);
  let text: string;
  try {
    const read = await readContained(nodeAssetFiles, path.posix.dirname(manifestPath), manifestPath, TEXT_FILE_LIMIT);
    if (!read.ok) throw new Error(describePathProblem(read.problem, englishTranslate, manifestArg));
    if (!read.bytes) throw new Error('no such file');
    text = new TextDecoder().decode(read.bytes);
  } catch (error) {
    io.stderr(`Cannot read ${manifestArg}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { manifest, diagnostics } = parseManifest(text, {
    manifestDir: path.posix.dirname(manifestPath),
    rootDir: root,
    t: englishTranslate,
    today: isoDay(new Date()),
    candidates: options.candidates,
    endpoint: options.endpoint,
  });
  const where = (offset: number) => {
    const { line, column } = lineColumn(text, offset);
    return `${manifestArg}:${line}:${column}`;
  };
  for (const diagnostic of diagnostics) io.stderr(`${where(diagnostic.offset)}: ${diagnostic.severity}: ${diagnostic.message}`);
  if (!manifest) return 2;

  const lockPath = path.posix.join(path.posix.dirname(manifestPath), lockFileName(path.posix.basename(manifestPath)));
  const lockRead = await readContained(nodeAssetFiles, root, lockPath, TEXT_FILE_LIMIT);
  if (!lockRead.ok) {
    io.stderr(`error: ${describePathProblem(lockRead.problem, englishTranslate, path.relative(io.cwd, lockPath))}`);
    return 2;
  }
  const { lock, error: lockError } = parseLockFile(lockRead.bytes ? new TextDecoder().decode(lockRead.bytes) : undefined);
  if (lockError) {
    io.stderr(`${path.relative(io.cwd, lockPath)} is damaged (${lockError}); fix or delete it.`);
    return 2;
  }
  const inspected = await inspectManifestFiles(manifest, nodeAssetFiles, root);
  for (const problem of inspected.problems) {
    const written = problem.asset.places.find((place) => place.offset === problem.offset)?.written;
    io.stderr(`${where(problem.offset)}: error: ${describePathProblem(problem, englishTranslate, written)}`);
  }
  if (inspected.problems.length > 0) return 2;
  const plan = planAssets(manifest, lock, (file) => inspected.hashes.get(file));
  const blocked = plan.items.filter((item) => item.status === 'input-missing');
  for (const item of blocked) io.stderr(`error: ${describe(item, root)}`);
  return { manifest, lock, lockPath, plan, blocked };
}
