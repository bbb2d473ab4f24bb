/** Reads a manifest the way every asset feature needs it: text (unsaved edits included), parse, lock, plan. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseLockFile, type LockFile } from '../../core/assets/assetLock';
import { planAssets, type AssetPlan } from '../../core/assets/assetPlan';
import { parseManifest, type ParseResult, type ParsedManifest } from '../../core/assets/manifestParse';
import { lockFileName, MANIFEST_SUFFIX } from '../../core/assets/manifestSchema';
import { inspectManifestFiles, type AssetPathProblem } from '../../pipeline/assetRunner';
import { readContained, TEXT_FILE_LIMIT } from '../../pipeline/containedFiles';
import { readEndpoint } from '../../platform/settingsReader';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import { isoDay } from '../../core/modelLifecycle';
import { describePathProblem } from '../../core/containment';

export function isManifest(uri: vscode.Uri): boolean {
  return uri.path.endsWith(MANIFEST_SUFFIX);
}

/** The folder nothing in the manifest may leave: its workspace folder, else its own folder. */
export function rootOf(manifest: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(manifest)?.uri.path ?? path.posix.dirname(manifest.path);
}

/** The manifest's text, or undefined when the file may not be read (a link out, a device, too large). */
export async function manifestText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  const read = await readContained(workspaceAssetFiles(uri), rootOf(uri), uri.path, TEXT_FILE_LIMIT);
  return read.ok && read.bytes ? new TextDecoder().decode(read.bytes) : undefined;
}

export function parseManifestText(uri: vscode.Uri, text: string): ParseResult {
  return parseManifest(text, {
    manifestDir: path.posix.dirname(uri.path),
    rootDir: rootOf(uri),
    t: vscode.l10n.t,
    today: isoDay(new Date()),
    // The user's compatible server, so diagnostics, plans and requests follow its declarations.
    endpoint: readEndpoint(uri),
  });
}

export function lockUriOf(manifest: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(manifest, '..', lockFileName(path.posix.basename(manifest.path)));
}

export interface LoadedManifest {
  readonly uri: vscode.Uri;
  readonly manifest: ParsedManifest;
  readonly lock: LockFile;
  readonly lockUri: vscode.Uri;
  /** The folder nothing is read from or written to outside of. */
  readonly root: string;
  readonly plan: AssetPlan;
}

export type LoadResult =
  | { readonly ok: true; readonly loaded: LoadedManifest }
  | { readonly ok: false; readonly problems: number; readonly lockError?: string; readonly pathProblems?: readonly AssetPathProblem[] };

export async function loadManifest(uri: vscode.Uri): Promise<LoadResult> {
  const text = await manifestText(uri);
  if (text === undefined) return { ok: false, problems: 1 };
  const parsed = parseManifestText(uri, text);
  if (!parsed.manifest) return { ok: false, problems: parsed.diagnostics.length };
  const lockUri = lockUriOf(uri);
  const files = workspaceAssetFiles(uri);
  const root = rootOf(uri);
  const lockRead = await readContained(files, root, lockUri.path, TEXT_FILE_LIMIT);
  if (!lockRead.ok) return { ok: false, problems: 0, lockError: describePathProblem(lockRead.problem, vscode.l10n.t, path.posix.basename(lockUri.path)) };
  const { lock, error } = parseLockFile(lockRead.bytes ? new TextDecoder().decode(lockRead.bytes) : undefined);
  if (error) return { ok: false, problems: 0, lockError: error };
  const inspected = await inspectManifestFiles(parsed.manifest, files, root);
  if (inspected.problems.length > 0) return { ok: false, problems: inspected.problems.length, pathProblems: inspected.problems };
  return {
    ok: true,
    loaded: { uri, manifest: parsed.manifest, lock, lockUri, root, plan: planAssets(parsed.manifest, lock, (file) => inspected.hashes.get(file)) },
  };
}

/** What a failed load tells the user: the damaged lock, the first path refused (where and why), or the count. */
export function loadFailureMessage(uri: vscode.Uri, result: Extract<LoadResult, { ok: false }>): string {
  const name = path.posix.basename(uri.path);
  if (result.lockError) return vscode.l10n.t('The lock file of {0} is damaged: {1}. Fix it or delete it to start over.', name, result.lockError);
  const first = result.pathProblems?.[0];
  if (first) {
    const written = first.asset.places.find((place) => place.offset === first.offset)?.written;
    return vscode.l10n.t('{0} cannot be used: {1} ({2} problem(s) in all)', name, describePathProblem(first, vscode.l10n.t, written), result.problems);
  }
  return vscode.l10n.t('{0} has {1} problem(s); fix them first.', name, result.problems);
}
