/**
 * The input images an asset gets besides its own edit: `referenceFrom`, its style's anchor and its style's
 * references, in that order after its own, cut at the API's limit. An asset with any of them goes to the edits
 * route; the ones it edits stay first, so a mask still applies to the first image.
 */
import * as path from 'node:path';
import { LIMITS } from '../problems';
import type { Translate } from '../translate';
import type { Manifest, ManifestAsset, ManifestStyle } from './manifestSchema';
import { styleOptions, type ResolvedStyle } from './styleKit';

export interface ReferenceDiagnostic {
  readonly message: string;
  readonly location: ReadonlyArray<string | number>;
  readonly severity: 'error' | 'warning';
}

export interface AssetReferences {
  readonly style?: ResolvedStyle;
  /** Inputs added after the asset's own edit images, absolute POSIX paths, with where each is written. */
  readonly added: ReadonlyArray<{ readonly path: string; readonly written: string; readonly location: ReadonlyArray<string | number> }>;
  readonly diagnostics: readonly ReferenceDiagnostic[];
}

export function resolvePath(manifestDir: string, written: string): string {
  return path.posix.resolve(manifestDir, written.replace(/\\/g, '/'));
}

/** The style an asset names, with its files resolved; undefined (and a diagnostic) when there is no such style. */
function resolveStyle(manifest: Manifest, asset: ManifestAsset, manifestDir: string): ResolvedStyle | undefined {
  const kit = asset.style ? manifest.styles?.[asset.style] : undefined;
  if (!asset.style || !kit) return undefined;
  return resolveStyleKit(asset.style, kit, manifestDir);
}

/** A manifest's style kit with its files resolved against the manifest's folder. */
export function resolveStyleKit(name: string, kit: ManifestStyle, manifestDir: string): ResolvedStyle {
  return {
    name,
    brief: kit.brief,
    palette: kit.palette ?? [],
    negative: kit.negative,
    options: styleOptions(kit),
    references: (kit.references ?? []).map((written) => ({ path: resolvePath(manifestDir, written), written })),
    anchor: kit.anchor ? { path: resolvePath(manifestDir, kit.anchor), written: kit.anchor } : undefined,
  };
}

export function assetReferences(manifest: Manifest, index: number, manifestDir: string, t: Translate): AssetReferences {
  const asset = manifest.assets[index]!;
  const diagnostics: ReferenceDiagnostic[] = [];
  if (asset.style && !manifest.styles?.[asset.style]) {
    const known = Object.keys(manifest.styles ?? {});
    diagnostics.push({
      message:
        known.length > 0
          ? t('There is no style "{0}" in "styles" (there are: {1}).', asset.style, known.join(', '))
          : t('There is no style "{0}": the manifest has no "styles".', asset.style),
      location: ['assets', index, 'style'],
      severity: 'error',
    });
  }
  const style = resolveStyle(manifest, asset, manifestDir);
  const own = new Set((asset.edit?.images ?? []).map((written) => resolvePath(manifestDir, written)));
  const outPath = resolvePath(manifestDir, asset.out);
  const candidates: Array<AssetReferences['added'][number]> = [];
  if (asset.referenceFrom) {
    const file = resolvePath(manifestDir, asset.referenceFrom);
    if (file === outPath)
      diagnostics.push({ message: t('An asset cannot be its own reference.'), location: ['assets', index, 'referenceFrom'], severity: 'error' });
    else candidates.push({ path: file, written: asset.referenceFrom, location: ['assets', index, 'referenceFrom'] });
  }
  // The anchor is made first; it is a reference of every other asset of its style, not of itself.
  if (style?.anchor && style.anchor.path !== outPath) candidates.push({ ...style.anchor, location: ['styles', style.name, 'anchor'] });
  for (const [referenceIndex, reference] of (style?.references ?? []).entries()) {
    candidates.push({ ...reference, location: ['styles', style!.name, 'references', referenceIndex] });
  }
  const seen = new Set(own);
  const unique = candidates.filter((candidate) => !seen.has(candidate.path) && seen.add(candidate.path));
  const room = Math.max(0, LIMITS.images - own.size);
  if (unique.length > room) {
    diagnostics.push({
      message: t(
        '{0} sends {1} input images; the API takes {2}, so the last {3} references are left out.',
        asset.out,
        own.size + unique.length,
        LIMITS.images,
        unique.length - room,
      ),
      location: ['assets', index, 'style'],
      severity: 'warning',
    });
  }
  const added = unique.slice(0, room);
  const sent = new Set(added.map((reference) => reference.path));
  // The style records only the references actually sent: those are what decide the pixels.
  const sentStyle = style && { ...style, references: style.references.filter((reference) => sent.has(reference.path)) };
  return { style: sentStyle, added, diagnostics };
}

/** Every style's anchor names an asset of that style. */
export function anchorDiagnostics(manifest: Manifest, manifestDir: string, t: Translate): ReferenceDiagnostic[] {
  const diagnostics: ReferenceDiagnostic[] = [];
  for (const [name, style] of Object.entries(manifest.styles ?? {})) {
    if (!style.anchor) continue;
    const anchorPath = resolvePath(manifestDir, style.anchor);
    const anchored = manifest.assets.some((asset) => asset.style === name && resolvePath(manifestDir, asset.out) === anchorPath);
    if (!anchored)
      diagnostics.push({
        message: t('The anchor "{0}" is not the out of an asset of style "{1}".', style.anchor, name),
        location: ['styles', name, 'anchor'],
        severity: 'error',
      });
  }
  return diagnostics;
}
