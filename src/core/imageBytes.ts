/** Recognizes image files by their bytes (never by their extension) and reads their dimensions. */

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** Known for PNG (colour type or tRNS); `undefined` where the format does not say cheaply. */
  readonly hasAlpha: boolean | undefined;
}

export const MIME_TYPES: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
export const FILE_EXTENSIONS: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/** The format a file name's extension asks for (`.jpg` and `.jpeg` are both JPEG). */
export function formatFromExtension(fileName: string): ImageFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'png') return 'png';
  if (extension === 'jpg' || extension === 'jpeg') return 'jpeg';
  if (extension === 'webp') return 'webp';
  return undefined;
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((byte, i) => bytes[offset + i] === byte);
}

export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

export function detectFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readPng(bytes: Uint8Array): ImageInfo | undefined {
  // IHDR must be the first chunk: length(4) 'IHDR'(4) width(4) height(4) depth(1) colourType(1)
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  const data = view(bytes);
  const colourType = bytes[25];
  let hasAlpha = colourType === 4 || colourType === 6;
  // A tRNS chunk gives palette or grey/RGB images transparency; it comes before the first IDAT.
  for (let offset = 33; !hasAlpha && offset + 8 <= bytes.length;) {
    const length = data.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'tRNS') hasAlpha = true;
    if (type === 'IDAT' || type === 'IEND') break;
    offset += 12 + length;
  }
  return { format: 'png', width: data.getUint32(16), height: data.getUint32(20), hasAlpha };
}

function readJpeg(bytes: Uint8Array): ImageInfo | undefined {
  const data = view(bytes);
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = data.getUint16(offset + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: data.getUint16(offset + 5), width: data.getUint16(offset + 7), hasAlpha: false };
    }
    offset += 2 + length;
  }
  return undefined;
}

function readWebp(bytes: Uint8Array): ImageInfo | undefined {
  if (bytes.length < 30) return undefined;
  const data = view(bytes);
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X') {
    const flags = bytes[20] ?? 0;
    const width = 1 + (data.getUint16(24, true) | ((bytes[26] ?? 0) << 16));
    const height = 1 + (data.getUint16(27, true) | ((bytes[29] ?? 0) << 16));
    return { format: 'webp', width, height, hasAlpha: (flags & 0x10) !== 0 };
  }
  if (chunk === 'VP8L') {
    const bits = data.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, hasAlpha: ((bits >> 28) & 1) === 1 };
  }
  if (chunk === 'VP8 ') {
    return { format: 'webp', width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff, hasAlpha: false };
  }
  return undefined;
}

/** Start of scan: after it, no more metadata segments. */
const JPEG_SOS = 0xda;
const JPEG_APP1 = 0xe1;
const EXIF_ORIENTATION_TAG = 0x0112;

/** The EXIF orientation (1-8) a JPEG declares in its APP1 segment; 1 (as stored) when it declares none. */
export function jpegOrientation(bytes: Uint8Array): number {
  if (detectFormat(bytes) !== 'jpeg') return 1;
  const data = view(bytes);
  for (let offset = 2; offset + 4 <= bytes.length;) {
    if (bytes[offset] !== 0xff) return 1;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === JPEG_SOS) return 1;
    const length = data.getUint16(offset + 2);
    if (marker === JPEG_APP1 && offset + 10 <= bytes.length && ascii(bytes, offset + 4, 6) === 'Exif\0\0') {
      return exifOrientation(bytes, offset + 10, Math.min(bytes.length, offset + 2 + length)) ?? 1;
    }
    offset += 2 + length;
  }
  return 1;
}

/** The orientation tag of a TIFF structure's first directory, between `start` and `end`. */
function exifOrientation(bytes: Uint8Array, start: number, end: number): number | undefined {
  if (start + 8 > end) return undefined;
  const little = ascii(bytes, start, 2) === 'II';
  const data = view(bytes);
  const u16 = (at: number) => (at + 2 <= end ? data.getUint16(at, little) : undefined);
  const u32 = (at: number) => (at + 4 <= end ? data.getUint32(at, little) : undefined);
  const directory = u32(start + 4);
  if (directory === undefined) return undefined;
  const count = u16(start + directory) ?? 0;
  for (let i = 0; i < count; i++) {
    const entry = start + directory + 2 + i * 12;
    if (u16(entry) !== EXIF_ORIENTATION_TAG) continue;
    const value = u16(entry + 8);
    return value !== undefined && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/**
 * The size an image is shown at, and the size the API means ("dimensions after orientation"): a JPEG whose EXIF
 * orientation turns it a quarter (5 to 8) has its stored width and height swapped.
 */
export function orientedSize(bytes: Uint8Array, info: ImageInfo): { readonly width: number; readonly height: number } {
  return info.format === 'jpeg' && jpegOrientation(bytes) >= 5 ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
}

/** Format and dimensions, or `undefined` when the bytes are not a PNG, JPEG or WebP we can read. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  switch (detectFormat(bytes)) {
    case 'png':
      return readPng(bytes);
    case 'jpeg':
      return readJpeg(bytes);
    case 'webp':
      return readWebp(bytes);
    default:
      return undefined;
  }
}

/** Whether the file ends the way its format requires, which catches truncated downloads and copies. */
export function isComplete(bytes: Uint8Array, format: ImageFormat): boolean {
  switch (format) {
    case 'png':
      return bytes.length >= 12 && ascii(bytes, bytes.length - 8, 4) === 'IEND';
    case 'jpeg':
      return bytes.length >= 4 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
    case 'webp':
      return bytes.length >= 12 && view(bytes).getUint32(4, true) + 8 <= bytes.length;
  }
}
