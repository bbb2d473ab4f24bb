/** Real image bytes for tests, made with sharp so every decoder sees genuine files. */
import sharp from 'sharp';
import { crc32 } from '../../src/core/crc32';

export async function pngImage(width = 64, height = 64, alpha = true): Promise<Buffer> {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 10, g: 200, b: 30, alpha: alpha ? 0 : 1 } } })
    .png()
    .toBuffer();
}

export async function jpegImage(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
}

export async function webpImage(width = 40, height = 30, lossless = false, alpha = false): Promise<Buffer> {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 1, g: 2, b: 3, alpha: alpha ? 0.5 : 1 } } })
    .webp({ lossless })
    .toBuffer();
}

/** A PNG with a `caBX` chunk right after IHDR, where OpenAI puts its manifest store (here opaque bytes). */
export function withCabx(png: Buffer, store: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + store.length);
  chunk.writeUInt32BE(store.length, 0);
  chunk.write('caBX', 4, 'latin1');
  store.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + store.length)), 8 + store.length);
  const afterIhdr = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterIhdr), chunk, png.subarray(afterIhdr)]);
}
