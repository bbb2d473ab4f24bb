/**
 * A thumbnail of an image for an agent's context: the longest side at most 512 px, as WebP, made with sharp
 * (loaded on first use). The file itself is left exactly as written.
 */
import { THUMBNAIL_MAX_SIDE } from '../core/agentImageContent';

export async function agentThumbnail(image: Uint8Array | string): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  return sharp(image).resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}
