/**
 * Whole-file checks of the images an answer carries, before one is written or drawn: every PNG chunk with its
 * CRC from the signature to IEND, a JPEG's segments from SOI through the scan to EOI, a WebP's RIFF chunks to its
 * declared end. The first bytes alone are not a file: `FF D8 FF` followed by an HTML page is no JPEG.
 *
 * The same pass notes whether the file carries a C2PA manifest store (Content Credentials) in the place its format
 * gives one: a PNG `caBX` chunk, a JPEG APP11 segment holding JUMBF (`JP`), a WebP `C2PA` chunk. Only the container
 * is looked at; what the manifest says is for a C2PA implementation to read (see pipeline/contentCredentials).
 */
import { crc32 } from './crc32';
import { ascii, PNG_SIGNATURE, type ImageFormat } from './imageBytes';

/** A whole file, and whether it carries a manifest store; or why it is not a whole file. */
export type ContainerReport = { readonly problem: string } | { readonly problem?: undefined; readonly manifest: boolean };

/** The container places a C2PA manifest store lives in, by format. */
export const MANIFEST_PNG_CHUNK = 'caBX';
export const MANIFEST_WEBP_CHUNK = 'C2PA';
export const JPEG_APP11 = 0xeb;

/** Whether a JPEG APP11 segment at `offset` (its marker) holds JUMBF: the JPEG XT common identifier `JP`. */
export function isJumbfSegment(bytes: Uint8Array, offset: number): boolean {
  return bytes[offset + 1] === JPEG_APP11 && bytes[offset + 4] === 0x4a && bytes[offset + 5] === 0x50;
}

function checkPng(bytes: Uint8Array): ContainerReport {
  if (bytes.length < 8 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte)) return { problem: 'no PNG signature' };
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let first = true;
  let sawData = false;
  let manifest = false;
  const fail = (problem: string): ContainerReport => ({ problem });
  while (offset + 12 <= bytes.length) {
    const length = data.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type)) return fail(`a chunk with an invalid type at byte ${offset}`);
    if (end > bytes.length) return fail(`the ${type} chunk runs past the end of the file`);
    if (first && type !== 'IHDR') return fail('the first chunk is not IHDR');
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== data.getUint32(offset + 8 + length)) return fail(`the ${type} chunk's CRC does not match`);
    first = false;
    if (type === 'IDAT') sawData = true;
    if (type === MANIFEST_PNG_CHUNK) manifest = true;
    if (type === 'IEND') {
      if (end !== bytes.length) return fail('bytes follow IEND');
      return sawData ? { manifest } : fail('no image data (IDAT)');
    }
    offset = end;
  }
  return fail('the PNG ends before IEND');
}

/** Markers without a length: SOI, EOI, RST0-7, TEM. */
function standalone(marker: number): boolean {
  return marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
}

function checkJpeg(bytes: Uint8Array): ContainerReport {
  const fail = (problem: string): ContainerReport => ({ problem });
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return fail('no JPEG start (SOI)');
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let sawFrame = false;
  let manifest = false;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return fail(`no marker at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) return offset + 2 !== bytes.length ? fail('bytes follow EOI') : sawFrame ? { manifest } : fail('no frame header');
    if (standalone(marker)) {
      offset += 2;
      continue;
    }
    // APPn, DQT, DHT, SOFn, DRI, COM, SOS...: everything else a baseline or progressive JPEG holds.
    if (marker < 0xc0 || marker === 0xff) return fail(`an invalid marker at byte ${offset}`);
    if (offset + 4 > bytes.length) return fail('the JPEG ends inside a segment');
    const length = data.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return fail('a segment runs past the end of the file');
    if (length >= 4 && isJumbfSegment(bytes, offset)) manifest = true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) sawFrame = true;
    offset += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: ends at the first marker that is not a stuffed 0x00 or a restart marker.
      while (
        offset + 1 < bytes.length &&
        !(bytes[offset] === 0xff && bytes[offset + 1] !== 0x00 && !(bytes[offset + 1]! >= 0xd0 && bytes[offset + 1]! <= 0xd7))
      )
        offset += 1;
    }
  }
  return fail('the JPEG ends before EOI');
}

function checkWebp(bytes: Uint8Array): ContainerReport {
  const fail = (problem: string): ContainerReport => ({ problem });
  if (bytes.length < 20 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return fail('no RIFF WEBP header');
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + data.getUint32(4, true);
  if (riffEnd !== bytes.length) return fail(riffEnd > bytes.length ? 'the WebP is cut short' : 'bytes follow the WebP');
  let offset = 12;
  let first = true;
  let manifest = false;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) return fail('a chunk header runs past the end');
    const type = ascii(bytes, offset, 4);
    const size = data.getUint32(offset + 4, true);
    if (first && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X') return fail('the first chunk is not VP8, VP8L or VP8X');
    first = false;
    if (type === MANIFEST_WEBP_CHUNK) manifest = true;
    offset += 8 + size + (size % 2);
    if (offset > riffEnd) return fail(`the ${type} chunk runs past the end`);
  }
  return { manifest };
}

/** Whether `bytes` are one whole file of `format`, and whether it carries a C2PA manifest store. */
export function inspectContainer(bytes: Uint8Array, format: ImageFormat): ContainerReport {
  switch (format) {
    case 'png':
      return checkPng(bytes);
    case 'jpeg':
      return checkJpeg(bytes);
    case 'webp':
      return checkWebp(bytes);
  }
}

/** Why `bytes` are not one whole file of `format`, or undefined when they are. */
export function checkContainer(bytes: Uint8Array, format: ImageFormat): string | undefined {
  return inspectContainer(bytes, format).problem;
}
