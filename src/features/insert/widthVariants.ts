/**
 * The width derivatives of an image that a manifest makes (`"derive": [{ "widths": [...] }]`) and that exist on
 * disk, so Insert at Cursor can offer `<img srcset>` and `<picture>`. Manifests are found in the image's workspace
 * folder (bounded) and parsed, not run: nothing is hashed or sent.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_SUFFIX } from '../../core/assets/manifestSchema';
import { parseManifest } from '../../core/assets/manifestParse';
import type { ResponsiveFormat, WidthVariant } from '../../core/assets/responsiveMarkup';
import { isoDay } from '../../core/modelLifecycle';

/** A workspace with more manifests than this is not searched further: the markup falls back to a plain image. */
const MAX_MANIFESTS = 200;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    (stat) => (stat.type & vscode.FileType.File) !== 0,
    () => false,
  );
}

/** The image's own format and its width variants on disk; undefined when no manifest gives it any. */
export async function widthVariantsOf(file: vscode.Uri): Promise<{ format: ResponsiveFormat; variants: WidthVariant[] } | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (!folder) return undefined;
  const manifests = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${MANIFEST_SUFFIX}`), '**/node_modules/**', MAX_MANIFESTS);
  for (const manifest of manifests) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(manifest)).catch(() => undefined);
    if (!stat || stat.size > MAX_MANIFEST_BYTES) continue;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(manifest));
    const parsed = parseManifest(text, {
      manifestDir: path.posix.dirname(manifest.path),
      rootDir: folder.uri.path,
      t: vscode.l10n.t,
      today: isoDay(new Date()),
    });
    const asset = parsed.manifest?.assets.find((candidate) => candidate.outPath === file.path);
    if (!asset || asset.format === 'gif' || asset.format === 'svg') continue;
    const variants: WidthVariant[] = [];
    for (const derivative of asset.derive) {
      const { spec } = derivative;
      if (spec.kind !== 'width') continue;
      if (await exists(file.with({ path: derivative.outPath }))) variants.push({ file: derivative.outPath, width: spec.width, format: spec.format });
    }
    if (variants.length > 0) return { format: asset.format, variants };
  }
  return undefined;
}
