/**
 * Removes a file's C2PA manifest store whole, for users who must not publish generator metadata
 * (`openaiImages.contentCredentials: strip`). The container unit that holds the store is dropped as a unit: the
 * PNG `caBX` chunk, the JPEG APP11 JUMBF segments, the WebP `C2PA` chunk (with the RIFF size corrected). Nothing
 * inside the store is parsed, and nothing else in the file changes, so the pixels and every other chunk stay as
 * the API sent them and no half-removed, "tampered" manifest is left behind.
 *
 * Called only on bytes that passed `inspectContainer` (a whole file of the format).
 */
import { ascii, type ImageFormat } from '../imageBytes';
import { isJumbfSegment, MANIFEST_PNG_CHUNK, MANIFEST_WEBP_CHUNK } from '../imageContainer';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function stripPng(bytes: Uint8Array): Uint8Array {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  for (let offset = 8; offset + 12 <= bytes.length;) {
    const end = offset + 12 + data.getUint32(offset);
    if (ascii(bytes, offset + 4, 4) !== MANIFEST_PNG_CHUNK) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  return concat(kept);
}

function stripJpeg(bytes: Uint8Array): Uint8Array {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [];
  let start = 0;
  // Only the segments before the first scan can hold metadata; everything from SOS on is copied as it is.
  for (let offset = 2; offset + 4 <= bytes.length && bytes[offset] === 0xff;) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const end = offset + 2 + data.getUint16(offset + 2);
    if (isJumbfSegment(bytes, offset)) {
      kept.push(bytes.subarray(start, offset));
      start = end;
    }
    offset = end;
  }
  kept.push(bytes.subarray(start));
  return concat(kept);
}

function stripWebp(bytes: Uint8Array): Uint8Array {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 12)];
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const size = data.getUint32(offset + 4, true);
    const end = Math.min(bytes.length, offset + 8 + size + (size % 2));
    if (ascii(bytes, offset, 4) !== MANIFEST_WEBP_CHUNK) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  const out = concat(kept);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

/** The file without its manifest store; the same bytes when it has none. */
export function withoutManifest(bytes: Uint8Array, format: ImageFormat): Uint8Array {
  switch (format) {
    case 'png':
      return stripPng(bytes);
    case 'jpeg':
      return stripJpeg(bytes);
    case 'webp':
      return stripWebp(bytes);
  }
}
