/**
 * The copy of a picture a model is shown to describe it: a PNG whose longest side is at most 1024 px, made with
 * sharp (loaded on first use). Models take PNG everywhere, and a smaller copy costs fewer input tokens; the file on
 * disk is never touched. The first frame of a GIF stands for the whole.
 */
const DESCRIBE_MAX_SIDE = 1024;

export async function describeInput(image: Uint8Array): Promise<{ bytes: Uint8Array; mimeType: 'image/png' }> {
  const { default: sharp } = await import('sharp');
  const bytes = await sharp(image, { limitInputPixels: 100_000_000 })
    .rotate()
    .resize(DESCRIBE_MAX_SIDE, DESCRIBE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  return { bytes, mimeType: 'image/png' };
}
