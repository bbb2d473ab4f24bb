/**
 * What the API sends back is checked before it is written: a repository must never receive a truncated file,
 * or an SVG that runs script or fetches from elsewhere when it is opened. Raster formats must be complete
 * files of the format asked for (every chunk or segment, to the end) and are written as they came; GIF must be one
 * whole GIF stream; an SVG is parsed and written from the allow-listed tree (svg/sanitizeSvg), never as it came.
 */
import { inspectContainer } from './imageContainer';
import { FREE_SIZES, type OutputFormat } from './modelCatalogue';
import { detectFormat } from './imageBytes';
import { sanitizeSvg } from './svg/sanitizeSvg';

export const OUTPUT_EXTENSIONS: Record<OutputFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', svg: 'svg' };
export const OUTPUT_MIME_TYPES = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
} as const satisfies Record<OutputFormat, string>;

/** The output format a file name asks for (`.jpg` and `.jpeg` are both JPEG). */
export function outputFormatFromExtension(fileName: string): OutputFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'jpg' || extension === 'jpeg') return 'jpeg';
  return extension === 'png' || extension === 'webp' || extension === 'gif' || extension === 'svg' ? extension : undefined;
}

/**
 * A file that may be written: the bytes to write (an answer's own, except an SVG's, which are the sanitized
 * tree's), whether they carry a C2PA manifest store, and what was left out of an SVG (for the log).
 */
export type OutputReport =
  { readonly problem: string } | { readonly problem?: undefined; readonly bytes: Uint8Array; readonly manifest: boolean; readonly removed: readonly string[] };

/** Whether bytes are a writable file of the format asked for (and carry a C2PA manifest store), in one pass. */
export function inspectOutputFile(bytes: Uint8Array, format: OutputFormat): OutputReport {
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'webp': {
      const found = detectFormat(bytes);
      if (found !== format) return { problem: `got ${found ?? 'unknown bytes'}` };
      const report = inspectContainer(bytes, format);
      return report.problem === undefined ? { bytes, manifest: report.manifest, removed: [] } : report;
    }
    case 'gif': {
      const problem = checkGif(bytes);
      return problem ? { problem } : { bytes, manifest: false, removed: [] };
    }
    case 'svg': {
      const sanitized = sanitizeSvg(bytes);
      return sanitized.ok ? { bytes: new TextEncoder().encode(sanitized.svg), manifest: false, removed: sanitized.removed } : { problem: sanitized.problem };
    }
  }
}

/** Why bytes are not a writable file of the format asked for, or undefined when they are. */
export function checkOutputFile(bytes: Uint8Array, format: OutputFormat): string | undefined {
  return inspectOutputFile(bytes, format).problem;
}

/** Larger than any image the API makes (the catalogue's largest free size), and more frames than a GIF of it needs. */
const MAX_GIF_PIXELS = FREE_SIZES.maxPixels;
const MAX_GIF_FRAMES = 1000;

/** Walks a GIF's blocks from the header to the trailer: a whole stream, not just a signature. */
export function checkGif(bytes: Uint8Array): string | undefined {
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  if (header !== 'GIF87a' && header !== 'GIF89a') return 'not a GIF';
  if (bytes.length < 14) return 'the GIF file is cut short';
  // A small file can declare a canvas that takes gigabytes to decode (a GIF bomb): more than the API makes is refused.
  const width = bytes[6]! | (bytes[7]! << 8);
  const height = bytes[8]! | (bytes[9]! << 8);
  if (width === 0 || height === 0 || width * height > MAX_GIF_PIXELS) return `a GIF of ${width}x${height} pixels, more than the API makes`;
  let offset = 13;
  const flags = bytes[10]!;
  if (flags & 0x80) offset += 3 * (1 << ((flags & 0x07) + 1));
  let frames = 0;
  const skipSubBlocks = (): boolean => {
    for (;;) {
      if (offset >= bytes.length) return false;
      const size = bytes[offset]!;
      offset += 1 + size;
      if (size === 0) return true;
    }
  };
  while (offset < bytes.length) {
    const introducer = bytes[offset]!;
    if (introducer === 0x3b) return frames > 0 ? (offset === bytes.length - 1 ? undefined : 'bytes after the GIF trailer') : 'the GIF has no frames';
    if (introducer === 0x21) {
      offset += 2; // introducer and label
      if (!skipSubBlocks()) return 'the GIF file is cut short';
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) return 'the GIF file is cut short';
      const imageFlags = bytes[offset + 9]!;
      offset += 10;
      if (imageFlags & 0x80) offset += 3 * (1 << ((imageFlags & 0x07) + 1));
      offset += 1; // LZW minimum code size
      if (!skipSubBlocks()) return 'the GIF file is cut short';
      frames += 1;
      if (frames > MAX_GIF_FRAMES) return `more than ${MAX_GIF_FRAMES} GIF frames`;
    } else {
      return `unexpected GIF block 0x${introducer.toString(16)}`;
    }
  }
  return 'the GIF file is cut short (no trailer)';
}
