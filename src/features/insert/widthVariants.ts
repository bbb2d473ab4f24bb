/**
 * The width derivatives of an image that a manifest makes (`"derive": [{ "widths": [...] }]`) and that exist on
 * disk, so Insert at Cursor can offer `<img srcset>` and `<picture>`. Manifests are found in the image's workspace
 * folder (bounded) and parsed, not run: nothing is hashed or sent.
 */
import * as vscode from 'vscode';
import type { ResponsiveFormat, WidthVariant } from '../../core/assets/responsiveMarkup';
import { parsedManifestsIn } from '../../platform/workspaceManifests';

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
  for await (const { manifest } of parsedManifestsIn(folder)) {
    const asset = manifest.assets.find((candidate) => candidate.outPath === file.path);
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
