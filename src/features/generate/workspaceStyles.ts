/**
 * The style kits of the workspace's manifests, for Generate with Style...: found (bounded) and parsed, not run.
 * A style's references are read under the containment rule, like a manifest's own inputs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedStyle } from '../../core/assets/styleKit';
import { describePathProblem } from '../../core/containment';
import { LIMITS } from '../../core/problems';
import type { InputImage } from '../../core/requestPlan';
import { readContained } from '../../pipeline/containedFiles';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import { parsedManifestsIn } from '../../platform/workspaceManifests';

export interface WorkspaceStyle {
  readonly style: ResolvedStyle;
  readonly manifest: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
}

export async function workspaceStyles(): Promise<WorkspaceStyle[]> {
  const found: WorkspaceStyle[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for await (const { uri, manifest } of parsedManifestsIn(folder)) for (const style of manifest.styles) found.push({ style, manifest: uri, folder });
  }
  return found;
}

/** The style's reference images (at most the API's limit), or why one cannot be read. */
export async function readReferences(found: WorkspaceStyle): Promise<{ ok: true; images: InputImage[]; uris: vscode.Uri[] } | { ok: false; message: string }> {
  const files = workspaceAssetFiles(found.folder.uri);
  const images: InputImage[] = [];
  const uris: vscode.Uri[] = [];
  const references = [...(found.style.anchor ? [found.style.anchor] : []), ...found.style.references].slice(0, LIMITS.images);
  for (const reference of references) {
    const read = await readContained(files, found.folder.uri.path, reference.path, LIMITS.imageBytes);
    if (!read.ok) return { ok: false, message: describePathProblem(read.problem, vscode.l10n.t, reference.written) };
    // An anchor not made yet is left out; a missing reference is the manifest's mistake and is said so.
    if (!read.bytes) {
      if (reference === found.style.anchor) continue;
      return { ok: false, message: vscode.l10n.t('The reference {0} of style "{1}" does not exist.', reference.written, found.style.name) };
    }
    images.push({ name: path.posix.basename(reference.path), bytes: read.bytes });
    uris.push(found.folder.uri.with({ path: reference.path }));
  }
  return { ok: true, images, uris };
}
