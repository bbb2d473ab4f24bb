/** Turns prompts and image names into safe, readable file names that never replace an existing file. */
import { randomUUID } from 'node:crypto';

const MAX_SLUG_WORDS = 8;
const MAX_SLUG_CHARS = 60;
/** File systems allow 255 bytes; leave room for `-NNNN`, the extension and our temp prefix/suffix. */
const MAX_STEM_BYTES = 200;
const FALLBACK_STEM = 'image';

// Control characters, and the bidi controls that can make `evil‮gnp.exe` read as `evilexe.png`.
const INVISIBLE = /[\p{Cc}\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * Makes any text a single safe path segment: no separators or `..`, no control or bidi characters,
 * no Windows-reserved device names, no trailing dot or space, at most MAX_STEM_BYTES of UTF-8.
 */
export function sanitizeStem(text: string): string {
  let stem = text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  stem = truncateUtf8(stem, MAX_STEM_BYTES);
  stem = stem.replace(/^[.\s-]+|[.\s]+$/g, '');
  if (stem === '') return FALLBACK_STEM;
  // Windows treats `CON.foo` as the device too, so check the part before the first dot.
  const base = stem.split('.')[0] ?? '';
  if (RESERVED.test(base.trim())) stem = `${base.trim()}_${stem.slice(base.length)}`;
  return stem;
}

/** A short lowercase slug of the prompt's first words, in any script (letters and digits only). */
export function slugFromPrompt(prompt: string): string {
  const words = prompt
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_SLUG_WORDS);
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > MAX_SLUG_CHARS) break;
    slug = next;
  }
  if (slug === '' && words[0]) slug = words[0].slice(0, MAX_SLUG_CHARS);
  return sanitizeStem(slug);
}

/** `photo.final.png` -> `photo.final-edit`. */
export function editStem(imageFileName: string): string {
  const dot = imageFileName.lastIndexOf('.');
  const base = dot > 0 ? imageFileName.slice(0, dot) : imageFileName;
  return sanitizeStem(`${base}-edit`);
}

/** `stem.ext`, `stem-1.ext`, `stem-2.ext`, ... */
export function candidateName(stem: string, extension: string, attempt: number): string {
  return attempt === 0 ? `${stem}.${extension}` : `${stem}-${attempt}.${extension}`;
}

/** `a/b.mask.png` for `a/b.png`: the mask a user keeps beside an image. */
export function maskNameFor(imageFileName: string): string {
  return drawingNameFor(imageFileName, 'mask');
}

/** `b.mask.png` or `b.markup.png` for `b.jpg`: the drawing the edit canvas keeps beside an image. */
export function drawingNameFor(imageFileName: string, kind: 'mask' | 'markup'): string {
  const dot = imageFileName.lastIndexOf('.');
  const base = dot > 0 ? imageFileName.slice(0, dot) : imageFileName;
  return `${base}.${kind}.png`;
}

/** Bytes of a temporary name's start taken from the final name: with the UUID it stays far below 255 bytes. */
const TEMP_PREFIX_BYTES = 40;

/**
 * A hidden sibling name to write into before the rename: short whatever the final name's length (a 250-byte
 * name plus a suffix would exceed the file system's 255 and fail after the image was paid for).
 */
export function tempNameFor(fileName: string): string {
  return `.${truncateUtf8(fileName, TEMP_PREFIX_BYTES)}.${randomUUID()}.tmp`;
}
