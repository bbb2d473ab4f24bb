/**
 * Derivatives: smaller copies of an asset made locally (icon sizes, responsive widths, an og image, a favicon).
 * A manifest's `derive` entry expands here into one target per file, each with the exact spec that decides its
 * bytes; the spec's hash and the source's hash are what the lock compares. Pure: the pixels are made in
 * pipeline/derive.
 */
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Translate } from '../translate';
import type { ManifestDerive } from './manifestSchema';

export type DeriveFormat = 'png' | 'jpeg' | 'webp' | 'avif' | 'ico';

/** What decides a derivative's bytes. */
export type DeriveSpec =
  /** Scaled to `width`; the height follows the source's aspect ratio. */
  | { readonly kind: 'width'; readonly format: Exclude<DeriveFormat, 'ico'>; readonly width: number; readonly quality?: number }
  /** Exactly width x height, cropped (`cover`) or padded with transparency (`contain`). */
  | {
      readonly kind: 'box';
      readonly format: Exclude<DeriveFormat, 'ico'>;
      readonly width: number;
      readonly height: number;
      readonly fit: 'cover' | 'contain';
      readonly quality?: number;
    }
  /** One .ico holding a square PNG of each size. */
  | { readonly kind: 'ico'; readonly format: 'ico'; readonly sizes: readonly number[] };

export interface ResolvedDerivative {
  /** The file name as expanded from the entry (`icons/app-32.png`), for messages. */
  readonly out: string;
  readonly outPath: string;
  /** Relative to the manifest's folder: the lock's key. */
  readonly key: string;
  readonly spec: DeriveSpec;
  /** Index of the entry in the asset's `derive`, for diagnostics. */
  readonly entry: number;
}

/** The largest side an .ico entry may have. */
export const ICO_MAX_SIZE = 256;

export function deriveFormat(file: string): DeriveFormat | undefined {
  const extension = path.posix.extname(file).toLowerCase();
  const formats: Record<string, DeriveFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp', '.avif': 'avif', '.ico': 'ico' };
  return formats[extension];
}

/** A spec's hash: the lock compares it, so a changed size or quality remakes exactly that file. */
export function deriveSpecHash(spec: DeriveSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

/** The pixel size a spec asks for, given the source's size (width derivatives follow the aspect ratio). */
export function targetSize(spec: DeriveSpec, source: { width: number; height: number }): { width: number; height: number } {
  if (spec.kind === 'ico') return { width: Math.max(...spec.sizes), height: Math.max(...spec.sizes) };
  if (spec.kind === 'box') return { width: spec.width, height: spec.height };
  return { width: spec.width, height: Math.max(1, Math.round((source.height * spec.width) / source.width)) };
}

export interface ExpandedDerive {
  readonly derivatives: readonly ResolvedDerivative[];
  /** Problems with where in the entry they are (a key of the entry, or the entry itself). */
  readonly problems: ReadonlyArray<{ readonly message: string; readonly at: 'out' | 'sizes' | 'widths' | 'width' | 'entry' }>;
}

/** One `derive` entry into its files, or the reasons it cannot be. */
export function expandDerive(entry: ManifestDerive, index: number, manifestDir: string, t: Translate): ExpandedDerive {
  const format = deriveFormat(entry.out)!;
  const problems: Array<ExpandedDerive['problems'][number]> = [];
  const hasSize = entry.out.includes('{size}');
  const hasWidth = entry.out.includes('{width}');
  const kinds = [entry.sizes, entry.widths, entry.width].filter((value) => value !== undefined).length;
  if (kinds !== 1) problems.push({ message: t('A derivative names exactly one of "sizes", "widths" or "width".'), at: 'entry' });
  if (hasSize && !entry.sizes) problems.push({ message: t('"{0}" has {size} but the entry has no "sizes".', entry.out), at: 'out' });
  if (hasWidth && !entry.widths) problems.push({ message: t('"{0}" has {width} but the entry has no "widths".', entry.out), at: 'out' });
  if (entry.height !== undefined && entry.width === undefined) problems.push({ message: t('"height" needs "width".'), at: 'entry' });
  if (entry.fit !== undefined && entry.height === undefined) problems.push({ message: t('"fit" needs "width" and "height".'), at: 'entry' });
  if (format === 'ico') {
    if (!entry.sizes) problems.push({ message: t('An .ico derivative needs "sizes".'), at: 'entry' });
    else if (entry.sizes.some((size) => size > ICO_MAX_SIZE)) problems.push({ message: t('An .ico holds sizes up to {0}.', ICO_MAX_SIZE), at: 'sizes' });
    if (hasSize) problems.push({ message: t('An .ico holds every size in one file: leave {size} out of its name.'), at: 'out' });
    if (entry.quality !== undefined) problems.push({ message: t('"quality" is for .jpg, .webp and .avif.'), at: 'entry' });
  } else {
    if (entry.sizes && entry.sizes.length > 1 && !hasSize)
      problems.push({ message: t('"{0}" needs {size} in its name to write several sizes.', entry.out), at: 'out' });
    if (entry.widths && entry.widths.length > 1 && !hasWidth)
      problems.push({ message: t('"{0}" needs {width} in its name to write several widths.', entry.out), at: 'out' });
    if (entry.quality !== undefined && format === 'png') problems.push({ message: t('"quality" is for .jpg, .webp and .avif.'), at: 'entry' });
  }
  if (problems.length > 0) return { derivatives: [], problems };

  const quality = entry.quality !== undefined ? { quality: entry.quality } : {};
  const target = (name: string, spec: DeriveSpec): ResolvedDerivative => {
    const outPath = path.posix.resolve(manifestDir, name.replace(/\\/g, '/'));
    return { out: name, outPath, key: path.posix.relative(manifestDir, outPath), spec, entry: index };
  };
  if (format === 'ico') return { derivatives: [target(entry.out, { kind: 'ico', format, sizes: [...new Set(entry.sizes!)].sort((a, b) => a - b) })], problems };
  if (entry.sizes) {
    const derivatives = [...new Set(entry.sizes)].map((size) =>
      target(entry.out.replaceAll('{size}', String(size)), { kind: 'box', format, width: size, height: size, fit: 'cover', ...quality }),
    );
    return { derivatives, problems };
  }
  if (entry.widths) {
    const derivatives = [...new Set(entry.widths)].map((width) =>
      target(entry.out.replaceAll('{width}', String(width)), { kind: 'width', format, width, ...quality }),
    );
    return { derivatives, problems };
  }
  const spec: DeriveSpec =
    entry.height !== undefined
      ? { kind: 'box', format, width: entry.width!, height: entry.height, fit: entry.fit ?? 'cover', ...quality }
      : { kind: 'width', format, width: entry.width!, ...quality };
  return { derivatives: [target(entry.out, spec)], problems };
}
