/**
 * Markup for an asset with width derivatives ("widths": [480, 960, 1920]): an `<img srcset>` that lets the
 * browser pick a width, or a `<picture>` with one `<source>` per format (AVIF, then WebP) before the `<img>`
 * fallback. Paths are relative to the document; text is escaped for HTML attributes and template languages.
 */
import { altText, relativePath } from '../markdownLink';
import { encodeUrlPath, escapeAttribute } from '../imageReference';

export type ResponsiveFormat = 'png' | 'jpeg' | 'webp' | 'avif';

export interface WidthVariant {
  /** Absolute POSIX path. */
  readonly file: string;
  readonly width: number;
  readonly format: ResponsiveFormat;
}

export type ResponsiveKind = 'srcset' | 'picture';

const MIME: Record<ResponsiveFormat, string> = { avif: 'image/avif', webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg' };
/** `<source>` order: the smallest files first; the browser takes the first type it can show. */
const SOURCE_ORDER: readonly ResponsiveFormat[] = ['avif', 'webp', 'png', 'jpeg'];
/** Without a layout to go by, the image is taken as full width; the user narrows `sizes` to their layout. */
export const DEFAULT_SIZES = '100vw';

function srcset(fromDirectory: string, variants: readonly WidthVariant[]): string {
  return [...variants]
    .sort((a, b) => a.width - b.width)
    .map((variant) => `${encodeUrlPath(relativePath(fromDirectory, variant.file))} ${variant.width}w`)
    .join(', ');
}

/**
 * `source` is the asset's own file (the fallback `src`); `variants` its width derivatives. An `<img srcset>` uses
 * the variants in the source's format when there are any, else those of the first format there is.
 */
export function responsiveMarkup(
  kind: ResponsiveKind,
  syntax: 'html' | 'jsx',
  fromDirectory: string,
  source: { readonly file: string; readonly format: ResponsiveFormat },
  variants: readonly WidthVariant[],
  prompt: string,
): string {
  const src = encodeUrlPath(relativePath(fromDirectory, source.file));
  const alt = syntax === 'jsx' ? `alt={${JSON.stringify(altText(prompt))}}` : `alt="${escapeAttribute(altText(prompt))}"`;
  const srcSetName = syntax === 'jsx' ? 'srcSet' : 'srcset';
  const close = syntax === 'jsx' ? ' />' : '>';
  const byFormat = new Map<ResponsiveFormat, WidthVariant[]>();
  for (const variant of variants) byFormat.set(variant.format, [...(byFormat.get(variant.format) ?? []), variant]);
  const sameFormat = byFormat.get(source.format);
  if (kind === 'srcset') {
    const chosen = sameFormat ?? [...byFormat.values()][0] ?? [];
    return `<img src="${src}" ${srcSetName}="${srcset(fromDirectory, chosen)}" sizes="${DEFAULT_SIZES}" ${alt}${close}`;
  }
  const sources = SOURCE_ORDER.filter((format) => format !== source.format && byFormat.has(format)).map(
    (format) => `  <source type="${MIME[format]}" ${srcSetName}="${srcset(fromDirectory, byFormat.get(format)!)}" sizes="${DEFAULT_SIZES}"${close}`,
  );
  const fallback = sameFormat
    ? `  <img src="${src}" ${srcSetName}="${srcset(fromDirectory, sameFormat)}" sizes="${DEFAULT_SIZES}" ${alt}${close}`
    : `  <img src="${src}" ${alt}${close}`;
  return ['<picture>', ...sources, fallback, '</picture>'].join('\n');
}
