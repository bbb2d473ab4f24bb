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
