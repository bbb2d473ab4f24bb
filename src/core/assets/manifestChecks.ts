/**
 * The checks of a manifest beyond its schema: files written stay inside the workspace folder under names file
 * systems take and are written by one asset only; inputs stay inside; `referenceFrom` names another asset;
 * models are not shut down.
 */
import * as path from 'node:path';
import type { Node } from 'jsonc-parser';
import { isInsideFolder } from '../containment';
import { lifecycleOn } from '../modelLifecycle';
import type { Manifest } from './manifestSchema';
import { resolvePath } from './assetReferences';
import { MAX_NAME_BYTES, sameFileKey, type AssetScope, type ManifestDiagnostic, type ParseContext, type ResolvedAsset } from './manifestTypes';

export function isInside(root: string, file: string): boolean {
  return file !== root && isInsideFolder(root, file);
}

export /**
 * A model that is shut down (an error) or shuts down within the warning window (a warning), at the place the
 * manifest names it, with the successor as a quick fix. Old manifests keep parsing: the rest of the checks run.
 */
function retiredModelDiagnostics(manifest: Manifest, at: (location: ReadonlyArray<string | number>) => Node, context: ParseContext): ManifestDiagnostic[] {
  const { t } = context;
  const places: Array<{ model: string; location: Array<string | number> }> = [];
  if (manifest.defaults?.model) places.push({ model: manifest.defaults.model, location: ['defaults', 'model'] });
  if (manifest.draftModel) places.push({ model: manifest.draftModel, location: ['draftModel'] });
  for (const [name, style] of Object.entries(manifest.styles ?? {})) if (style.model) places.push({ model: style.model, location: ['styles', name, 'model'] });
  manifest.assets.forEach((asset, index) => {
    if (asset.model) places.push({ model: asset.model, location: ['assets', index, 'model'] });
    if (asset.draftModel) places.push({ model: asset.draftModel, location: ['assets', index, 'draftModel'] });
  });
  return places.flatMap(({ model, location }): ManifestDiagnostic[] => {
    const lifecycle = lifecycleOn(model, context.today);
    const node = at(location);
    const where = { offset: node.offset, length: Math.max(1, node.length) };
    if (lifecycle.state === 'shut-down') {
      return [
        {
          message: t('{0} was shut down on {1}; use its successor {2}.', model, lifecycle.shutdown, lifecycle.successor),
          ...where,
          fix: { kind: 'replace-model', replacement: lifecycle.successor },
          severity: 'error',
        },
      ];
    }
    if (lifecycle.state === 'deprecated') {
      return [
        {
          message: t(
            '{0} shuts down on {1} ({2} days from now); switch to its successor {3}.',
            model,
            lifecycle.shutdown,
            lifecycle.daysLeft,
            lifecycle.successor,
          ),
          ...where,
          fix: { kind: 'replace-model', replacement: lifecycle.successor },
          severity: 'warning',
        },
      ];
    }
    return [];
  });
}

export /** A written file stays inside the workspace folder and has a name file systems take. */
function checkWrittenPath(written: string, outPath: string, location: ReadonlyArray<string | number>, scope: AssetScope): void {
  const { context, at, span, diagnostics } = scope;
  const { t } = context;
  if (!isInside(context.rootDir, outPath)) {
    diagnostics.push({ message: t('"{0}" is outside the workspace folder; outputs must stay inside it.', written), ...span(at(location)), severity: 'error' });
  }
  if (Buffer.byteLength(path.posix.basename(outPath), 'utf8') > MAX_NAME_BYTES) {
    diagnostics.push({
      message: t('"{0}" is a longer file name than file systems allow ({1} bytes).', written, MAX_NAME_BYTES),
      ...span(at(location)),
      severity: 'error',
    });
  }
}

/** The output stays inside the workspace folder, has a name file systems take, and nothing else writes it. */
export function checkOutputPath(asset: Manifest['assets'][number], index: number, outPath: string, scope: AssetScope): void {
  const { context, at, span, diagnostics, byOutput, written } = scope;
  const { t } = context;
  checkWrittenPath(asset.out, outPath, ['assets', index, 'out'], scope);
  // On macOS and Windows names that differ in case or Unicode normal form are one file.
  const folded = sameFileKey(outPath);
  const earlier = byOutput.get(folded);
  if (earlier !== undefined) {
    diagnostics.push({
      message: t('Assets {0} and {1} both write "{2}".', earlier + 1, index + 1, asset.out),
      ...span(at(['assets', index, 'out'])),
      severity: 'error',
    });
  } else if (written.has(folded)) {
    diagnostics.push({
      message: t('"{0}" is also written by {1}.', asset.out, written.get(folded)!),
      ...span(at(['assets', index, 'out'])),
      severity: 'error',
    });
  } else {
    byOutput.set(folded, index);
    written.set(folded, t('asset {0}', index + 1));
  }
}

export /** Every input of an edit stays inside the workspace folder. */
function checkInputPaths(asset: Manifest['assets'][number], index: number, edit: ResolvedAsset['edit'], scope: AssetScope): void {
  const { context, at, span, diagnostics } = scope;
  const { t } = context;
  for (const [inputIndex, input] of (edit?.images ?? []).entries()) {
    if (!isInside(context.rootDir, input)) {
      diagnostics.push({
        message: t('"{0}" is outside the workspace folder; edit inputs must stay inside it.', asset.edit!.images[inputIndex]!),
        ...span(at(['assets', index, 'edit', 'images', inputIndex])),
        severity: 'error',
      });
    }
  }
  for (const key of ['mask', 'markup'] as const) {
    const file = edit?.[key];
    if (file && !isInside(context.rootDir, file)) {
      diagnostics.push({
        message: t('"{0}" is outside the workspace folder; edit inputs must stay inside it.', asset.edit![key]!),
        ...span(at(['assets', index, 'edit', key])),
        severity: 'error',
      });
    }
  }
}

export /** A `referenceFrom` names another asset's output: otherwise it is a plain input, and most likely a typo. */
function referenceFromDiagnostics(manifest: Manifest, scope: AssetScope): void {
  const { context, at, span, diagnostics, byOutput } = scope;
  manifest.assets.forEach((asset, index) => {
    if (!asset.referenceFrom) return;
    if (byOutput.get(sameFileKey(resolvePath(context.manifestDir, asset.referenceFrom))) === undefined)
      diagnostics.push({
        message: context.t('"{0}" is not the out of another asset of this manifest.', asset.referenceFrom),
        ...span(at(['assets', index, 'referenceFrom'])),
        severity: 'error',
      });
  });
}
