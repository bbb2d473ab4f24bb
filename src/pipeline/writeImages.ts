/** Writes each image under a fresh name: never over an existing file, never leaving a temp file behind. */
import { candidateName, tempNameFor } from '../core/fileNaming';
import { FileExistsError, type TargetFolder } from './targetFolder';

const MAX_ATTEMPTS = 10_000;

export class WriteError extends Error {
  constructor(
    readonly fileName: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'WriteError';
  }
}

async function writeOne(folder: TargetFolder, stem: string, extension: string, bytes: Uint8Array, taken: Set<string>): Promise<string> {
  // A dot-prefixed temp name hides it from most listings for the moment it exists.
  const temp = tempNameFor(stem);
  let written = false;
  try {
    await folder.write(temp, bytes);
    written = true;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const name = candidateName(stem, extension, attempt);
      if (taken.has(name) || (await folder.exists(name))) continue;
      try {
        // The rename refuses to replace a file another run created between our check and now.
        await folder.renameNoOverwrite(temp, name);
        written = false;
        taken.add(name);
        return name;
      } catch (error) {
        if (!(error instanceof FileExistsError)) throw error;
      }
    }
    throw new Error(`no free name for ${stem}.${extension}`);
  } catch (error) {
    throw new WriteError(candidateName(stem, extension, 0), error);
  } finally {
    if (written) await folder.delete(temp).catch(() => undefined);
  }
}

/** Returns the names written, in the order of `images`. */
export async function writeImages(folder: TargetFolder, stem: string, extension: string, images: readonly Uint8Array[]): Promise<string[]> {
  const taken = new Set<string>();
  const names: string[] = [];
  for (const bytes of images) names.push(await writeOne(folder, stem, extension, bytes, taken));
  return names;
}

/** The names `writeImages` would choose now for `count` images: what a confirmation can promise before sending. */
export async function freeNames(folder: Pick<TargetFolder, 'exists'>, stem: string, extension: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let attempt = 0; names.length < count && attempt < MAX_ATTEMPTS; attempt++) {
    const name = candidateName(stem, extension, attempt);
    if (!(await folder.exists(name))) names.push(name);
  }
  return names;
}
