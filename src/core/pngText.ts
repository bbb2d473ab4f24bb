/** Reads and writes PNG text chunks (iTXt, UTF-8), which image viewers keep and ignore. */
import { crc32 } from './crc32';

const PNG_SIGNATURE_LENGTH = 8;

interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly data: Uint8Array;
  readonly end: number;
}

/** More chunks than any PNG of ours has (a 50 MB image in 8 KiB IDAT chunks has about 6,400). */
const MAX_CHUNKS = 100_000;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * A PNG's chunks from IHDR to IEND. Bytes that are not a PNG (no signature, a first chunk that is not IHDR) have
 * none, so a large file of anything else costs one look, not a walk through it twelve bytes at a time.
 */
function* chunks(png: Uint8Array): Generator<Chunk> {
  if (png.length < PNG_SIGNATURE_LENGTH + 12 || PNG_MAGIC.some((byte, index) => png[index] !== byte)) return;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let count = 0;
  for (let offset = PNG_SIGNATURE_LENGTH; offset + 12 <= png.length && count < MAX_CHUNKS; count++) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) return;
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1');
    if (count === 0 && type !== 'IHDR') return;
    yield { type, start: offset, data: png.subarray(offset + 8, offset + 8 + length), end };
    if (type === 'IEND') return;
    offset = end;
  }
}

function makeChunk(type: string, data: Uint8Array): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** The PNG with an iTXt chunk `keyword` = `text` before IEND, replacing any earlier one of that keyword. */
export function withTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const stripped = withoutTextChunk(png, keyword);
  const iend = [...chunks(stripped)].find((chunk) => chunk.type === 'IEND');
  if (!iend) throw new Error('not a complete PNG');
  // keyword \0 compression flag, method, language tag \0, translated keyword \0, UTF-8 text
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  return Buffer.concat([stripped.subarray(0, iend.start), makeChunk('iTXt', data), stripped.subarray(iend.start)]);
}

function parseText(chunk: Chunk): { keyword: string; text: string } | undefined {
  const nul = chunk.data.indexOf(0);
  if (nul <= 0) return undefined;
  const keyword = Buffer.from(chunk.data.subarray(0, nul)).toString('latin1');
  if (chunk.type === 'tEXt') return { keyword, text: Buffer.from(chunk.data.subarray(nul + 1)).toString('latin1') };
  if (chunk.type !== 'iTXt' || chunk.data[nul + 1] !== 0) return undefined; // compressed iTXt is not ours
  const language = chunk.data.indexOf(0, nul + 3);
  const translated = language < 0 ? -1 : chunk.data.indexOf(0, language + 1);
  if (translated < 0) return undefined;
  return { keyword, text: Buffer.from(chunk.data.subarray(translated + 1)).toString('utf8') };
}

/** The text of the first tEXt/iTXt chunk named `keyword`, if its checksum holds. */
export function readTextChunk(png: Uint8Array, keyword: string): string | undefined {
  for (const chunk of chunks(png)) {
    if (chunk.type !== 'tEXt' && chunk.type !== 'iTXt') continue;
    const stored = new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(chunk.end - 4);
    if (crc32(png.subarray(chunk.start + 4, chunk.end - 4)) !== stored) continue;
    const parsed = parseText(chunk);
    if (parsed?.keyword === keyword) return parsed.text;
  }
  return undefined;
}

/** The PNG without text chunks named `keyword`. */
export function withoutTextChunk(png: Uint8Array, keyword: string): Uint8Array {
  const kept: Uint8Array[] = [png.subarray(0, PNG_SIGNATURE_LENGTH)];
  for (const chunk of chunks(png)) {
    if ((chunk.type === 'tEXt' || chunk.type === 'iTXt') && parseText(chunk)?.keyword === keyword) continue;
    kept.push(png.subarray(chunk.start, chunk.end));
  }
  return Buffer.concat(kept);
}
