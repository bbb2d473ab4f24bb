/**
 * The manifests (`*.images.json`) of a workspace folder, found (at most 200, none under node_modules, none over
 * 4 MB) and parsed, not run: nothing is hashed or sent. For features that read what manifests declare (styles,
 * derivatives) outside a manifest's own editor.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_SUFFIX } from '../core/assets/manifestSchema';
import { parseManifest, type ParsedManifest } from '../core/assets/manifestParse';
import { isoDay } from '../core/modelLifecycle';

const MAX_MANIFESTS = 200;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Each manifest of the folder that parses, in path order. */
export async function* parsedManifestsIn(folder: vscode.WorkspaceFolder): AsyncGenerator<{ uri: vscode.Uri; manifest: ParsedManifest }> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${MANIFEST_SUFFIX}`), '**/node_modules/**', MAX_MANIFESTS);
  for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || stat.size > MAX_MANIFEST_BYTES) continue;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const { manifest } = parseManifest(text, {
      manifestDir: path.posix.dirname(uri.path),
      rootDir: folder.uri.path,
      t: vscode.l10n.t,
      today: isoDay(new Date()),
    });
    if (manifest) yield { uri, manifest };
  }
}
