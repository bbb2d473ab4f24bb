/** Reads a manifest the way every asset feature needs it: text (unsaved edits included), parse, lock, plan. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseLockFile, type LockFile } from '../core/assets/assetLock';
import { planAssets, type AssetPlan } from '../core/assets/assetPlan';
import { parseManifest, type ParseResult, type ParsedManifest } from '../core/assets/manifestParse';
import { lockFileName, MANIFEST_SUFFIX } from '../core/assets/manifestSchema';
import { hashManifestFiles } from '../pipeline/assetRunner';
import { workspaceAssetFiles } from './workspaceAssetFiles';
import { isoDay } from '../core/modelLifecycle';

export function isManifest(uri: vscode.Uri): boolean {
  return uri.path.endsWith(MANIFEST_SUFFIX);
}

/** The folder nothing in the manifest may leave: its workspace folder, else its own folder. */
export function rootOf(manifest: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(manifest)?.uri.path ?? path.posix.dirname(manifest.path);
}

export async function manifestText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function parseManifestText(uri: vscode.Uri, text: string): ParseResult {
  return parseManifest(text, { manifestDir: path.posix.dirname(uri.path), rootDir: rootOf(uri), t: vscode.l10n.t, today: isoDay(new Date()) });
}

export function lockUriOf(manifest: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(manifest, '..', lockFileName(path.posix.basename(manifest.path)));
}

export interface LoadedManifest {
  readonly uri: vscode.Uri;
  readonly manifest: ParsedManifest;
  readonly lock: LockFile;
  readonly lockUri: vscode.Uri;
  readonly plan: AssetPlan;
}

export type LoadResult = { readonly ok: true; readonly loaded: LoadedManifest } | { readonly ok: false; readonly problems: number; readonly lockError?: string };

export async function loadManifest(uri: vscode.Uri): Promise<LoadResult> {
  const parsed = parseManifestText(uri, await manifestText(uri));
  if (!parsed.manifest) return { ok: false, problems: parsed.diagnostics.length };
  const lockUri = lockUriOf(uri);
  const files = workspaceAssetFiles(uri);
  const lockBytes = await files.read(lockUri.path);
  const { lock, error } = parseLockFile(lockBytes ? new TextDecoder().decode(lockBytes) : undefined);
  if (error) return { ok: false, problems: 0, lockError: error };
  const hashes = await hashManifestFiles(parsed.manifest, files);
  return { ok: true, loaded: { uri, manifest: parsed.manifest, lock, lockUri, plan: planAssets(parsed.manifest, lock, (file) => hashes.get(file)) } };
}
