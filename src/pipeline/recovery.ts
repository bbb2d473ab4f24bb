/**
 * Where an image the user paid for goes when it cannot go where it was meant to (the folder was deleted, the disk
 * is full, permission was refused, the name became a link): a folder of the user's own, outside every repository,
 * until it is saved elsewhere or discarded. Each image is kept with a small JSON note saying where it was meant to
 * go and what made it, so the panel and the CLI can list it.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { recipeSchema, type Recipe } from '../core/recipe';

export interface ImageToRecover {
  readonly bytes: Uint8Array;
  /** The file name it was meant to have (with its extension). */
  readonly fileName: string;
  readonly recipe?: Recipe;
}

export interface RecoveryNote {
  readonly intended: string;
  readonly reason: string;
  readonly requestId?: string;
}

const noteSchema = z.object({
  intended: z.string().max(4096),
  reason: z.string().max(2000),
  requestId: z.string().max(200).optional(),
  keptAt: z.string().max(40),
  recipe: recipeSchema.optional(),
});

export type RecoveredImage = z.infer<typeof noteSchema> & { readonly file: string };

export interface Recovery {
  /** Where recovered images are kept. */
  readonly directory: string;
  /** Keeps the images; returns each one's path, in order. Throws only when even this folder cannot be written. */
  keep(images: readonly ImageToRecover[], note: RecoveryNote): Promise<string[]>;
}

const NOTE_SUFFIX = '.recovery.json';

/** The recovery folder's name inside the extension's global storage. */
export const RECOVERY_FOLDER = 'recovery';

/** The per-user folder the command line and the MCP server recover into (`OPENAI_IMAGES_RECOVERY_DIR` overrides it). */
export function defaultRecoveryDirectory(environment: Readonly<Record<string, string | undefined>> = process.env): string {
  if (environment.OPENAI_IMAGES_RECOVERY_DIR) return environment.OPENAI_IMAGES_RECOVERY_DIR;
  if (process.platform === 'win32') return path.join(environment.LOCALAPPDATA ?? os.homedir(), 'openai-images', 'recovery');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'openai-images', 'recovery');
  return path.join(environment.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'openai-images', 'recovery');
}

function safeName(fileName: string): string {
  const base = path.basename(fileName).replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return base.slice(-120) || 'image';
}

export function nodeRecovery(directory: string): Recovery {
  return {
    directory,
    async keep(images, note) {
      await fs.mkdir(directory, { recursive: true, mode: 0o700 });
      const keptAt = new Date().toISOString();
      const stamp = keptAt.replace(/[:.]/g, '-');
      const files: string[] = [];
      for (const image of images) {
        const file = path.join(directory, `${stamp}-${randomUUID().slice(0, 8)}-${safeName(image.fileName)}`);
        await fs.writeFile(file, image.bytes, { flag: 'wx' });
        const recorded = { ...note, keptAt, ...(image.recipe ? { recipe: image.recipe } : {}) };
        await fs.writeFile(`${file}${NOTE_SUFFIX}`, `${JSON.stringify(recorded, null, 2)}\n`, { flag: 'wx' });
        files.push(file);
      }
      return files;
    },
  };
}

/** The images kept in `directory`, newest first; notes that do not parse are skipped. */
export async function listRecovered(directory: string): Promise<RecoveredImage[]> {
  const names = await fs.readdir(directory).catch(() => [] as string[]);
  const found: RecoveredImage[] = [];
  for (const name of names) {
    if (!name.endsWith(NOTE_SUFFIX)) continue;
    const file = path.join(directory, name.slice(0, -NOTE_SUFFIX.length));
    try {
      const [text, stat] = await Promise.all([fs.readFile(path.join(directory, name), 'utf8'), fs.stat(file)]);
      const note = noteSchema.safeParse(JSON.parse(text));
      if (note.success && stat.isFile()) found.push({ ...note.data, file });
    } catch {
      // A note without its image, or one that is not JSON: not a recovered image.
    }
  }
  return found.sort((a, b) => b.keptAt.localeCompare(a.keptAt));
}

/** The name a recovered image was meant to have, without the prefix that keeps recovered names apart. */
export function intendedName(file: string): string {
  return path.basename(file).replace(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f]{8}-/, '');
}

/** Forgets a recovered image: the image and its note. */
export async function discardRecovered(file: string): Promise<void> {
  await fs.rm(file, { force: true });
  await fs.rm(`${file}${NOTE_SUFFIX}`, { force: true });
}
