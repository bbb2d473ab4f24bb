/**
 * The style kits of the workspace's manifests, for Generate with Style...: found (bounded) and parsed, not run.
 * A style's references are read under the containment rule, like a manifest's own inputs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_SUFFIX } from '../../core/assets/manifestSchema';
import { parseManifest } from '../../core/assets/manifestParse';
import type { ResolvedStyle } from '../../core/assets/styleKit';
import { describePathProblem } from '../../core/containment';
import { isoDay } from '../../core/modelLifecycle';
import { LIMITS } from '../../core/problems';
import type { InputImage } from '../../core/requestPlan';
import { readContained } from '../../pipeline/containedFiles';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';

export interface WorkspaceStyle {
  readonly style: ResolvedStyle;
  readonly manifest: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
}

const MAX_MANIFESTS = 200;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export async function workspaceStyles(): Promise<WorkspaceStyle[]> {
  const found: WorkspaceStyle[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const manifests = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${MANIFEST_SUFFIX}`), '**/node_modules/**', MAX_MANIFESTS);
    for (const manifest of manifests.sort((a, b) => a.path.localeCompare(b.path))) {
      const stat = await Promise.resolve(vscode.workspace.fs.stat(manifest)).catch(() => undefined);
      if (!stat || stat.size > MAX_MANIFEST_BYTES) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(manifest));
      const parsed = parseManifest(text, {
        manifestDir: path.posix.dirname(manifest.path),
        rootDir: folder.uri.path,
        t: vscode.l10n.t,
        today: isoDay(new Date()),
      });
      for (const style of parsed.manifest?.styles ?? []) found.push({ style, manifest, folder });
    }
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
