/**
 * The pixels of one derivative, made with sharp (libvips) from the asset's file; an .ico is sharp's square PNGs
 * packed by png-to-ico. sharp is loaded on first use, so activation and the rest of the command line never pay
 * for it. A derivative is never larger than its source: scaling up only blurs, so it is refused with the sizes.
 */
import type { DeriveSpec } from '../../core/assets/derivatives';
import { targetSize } from '../../core/assets/derivatives';
import type SharpModule from 'sharp';

type Sharp = typeof SharpModule;

export type RenderedDerivative =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly width: number; readonly height: number }
  | {
      readonly ok: false;
      readonly code: 'larger-than-source';
      readonly source: { readonly width: number; readonly height: number };
      readonly target: { readonly width: number; readonly height: number };
    }
  | { readonly ok: false; readonly code: 'unreadable'; readonly detail: string };

/** sharp's native module is loaded the first time a derivative is made (Node keeps it after that). */
async function loadSharp(): Promise<Sharp> {
  return (await import('sharp')).default;
}

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

export async function renderDerivative(source: Uint8Array, spec: DeriveSpec): Promise<RenderedDerivative> {
  const sharp = await loadSharp();
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(source).metadata());
  } catch (error) {
    return { ok: false, code: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!width || !height) return { ok: false, code: 'unreadable', detail: 'no size' };
  const target = targetSize(spec, { width, height });
  if (target.width > width || target.height > height) return { ok: false, code: 'larger-than-source', source: { width, height }, target };
  if (spec.kind === 'ico') {
    const { default: pngToIco } = await import('png-to-ico');
    const pngs = await Promise.all(spec.sizes.map((size) => sharp(source).resize(size, size, { fit: 'cover' }).ensureAlpha().png().toBuffer()));
    return { ok: true, bytes: await pngToIco(pngs), width: target.width, height: target.height };
  }
  const resized =
    spec.kind === 'width'
      ? sharp(source).resize({ width: spec.width })
      : sharp(source).resize({ width: spec.width, height: spec.height, fit: spec.fit, background: TRANSPARENT });
  // JPEG has no transparency: what `contain` pads with, and any transparent pixel, becomes white.
  const flattened = spec.format === 'jpeg' ? resized.flatten({ background: '#ffffff' }) : resized;
  const quality = 'quality' in spec && spec.quality !== undefined ? { quality: spec.quality } : {};
  const { data, info } = await flattened.toFormat(spec.format, quality).toBuffer({ resolveWithObject: true });
  return { ok: true, bytes: data, width: info.width, height: info.height };
}
