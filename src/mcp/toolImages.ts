/**
 * What a tool result carries of the images it made: by default a thumbnail (longest side at most 512 px, WebP)
 * as image content and a `resource_link` to the full file, so an agent's context does not pay for 4 MB images
 * on every turn; the full image only when asked (`--image-content full`), or no image at all (`none`).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImageContentChoice } from '../core/agentImageContent';
import { agentThumbnail } from '../pipeline/agentThumbnail';

export { IMAGE_CONTENT_CHOICES, type ImageContentChoice } from '../core/agentImageContent';
/** The largest image handed back whole (a model sees a few megapixels at most). */
const MAX_INLINE_BYTES = 4 * 1024 * 1024;
/** At most this many images of one answer are shown inline; every file is linked. */
const MAX_INLINE_IMAGES = 4;
const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml' };

export interface ToolImage {
  readonly data: string;
  readonly mimeType: string;
}

export interface ToolLink {
  readonly uri: string;
  readonly name: string;
  readonly mimeType?: string;
}

async function thumbnail(file: string): Promise<ToolImage> {
  return { data: Buffer.from(await agentThumbnail(file)).toString('base64'), mimeType: 'image/webp' };
}

/** The images and links of a result, as `choice` says; a file that cannot be read or scaled is linked only. */
export async function toolImages(
  files: readonly string[],
  format: string,
  choice: ImageContentChoice,
  warn: (message: string) => void,
): Promise<{ images: ToolImage[]; links: ToolLink[] }> {
  const mimeType = MIME[format];
  const links = files.map((file) => ({ uri: pathToFileURL(file).href, name: path.basename(file), mimeType }));
  const images: ToolImage[] = [];
  // A GIF or SVG is not scaled (the first frame would lie, an SVG is text); they are linked.
  if (choice === 'none' || !mimeType || format === 'svg') return { images, links };
  for (const file of files.slice(0, MAX_INLINE_IMAGES)) {
    try {
      if (choice === 'thumbnail' && format !== 'gif') {
        images.push(await thumbnail(file));
        continue;
      }
      const bytes = await fs.readFile(file);
      if (bytes.length <= MAX_INLINE_BYTES) images.push({ data: bytes.toString('base64'), mimeType });
    } catch (error) {
      warn(`${path.basename(file)} not shown inline: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { images, links };
}
