/** Real image bytes for tests, made with sharp so every decoder sees genuine files. */
import sharp from 'sharp';

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
