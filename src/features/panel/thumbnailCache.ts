/**
 * Thumbnails of the panel's images, made once by the webview (it has the decoded image; drawing it into a
 * 256-pixel canvas and encoding a WebP costs it a few milliseconds) and kept in the extension's global storage,
 * named after the file's URI, size and time, so a changed file gets a new one. The gallery then loads 20 KB per
 * card instead of the whole image. What the webview hands back is checked to be a whole WebP before it is kept.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { checkContainer } from '../../core/imageContainer';
import { mapBounded } from '../../pipeline/containedFiles';
import type { Logger } from '../../platform/logger';
import type { FileState } from './fileStatus';
import { MAX_THUMBNAIL_BYTES } from './panelMessages';

/** Thumbnails kept beyond this many are removed, oldest first, when the panel starts. */
const MAX_KEPT = 12_000;

export class ThumbnailCache {
  readonly folder: vscode.Uri;
  private readonly names = new Set<string>();
  private loaded: Promise<void> | undefined;

  constructor(
    globalStorage: vscode.Uri,
    private readonly log: Logger,
  ) {
    this.folder = vscode.Uri.joinPath(globalStorage, 'thumbnails');
  }

  /** Reads the folder's listing once (no stat per thumbnail). */
  load(): Promise<void> {
    this.loaded ??= this.readListing();
    return this.loaded;
  }

  /** The cached thumbnail of a file in this state, if one was made. */
  find(uri: string, state: FileState | undefined): vscode.Uri | undefined {
    if (!state?.exists) return undefined;
    const name = nameFor(uri, state);
    return this.names.has(name) ? vscode.Uri.joinPath(this.folder, name) : undefined;
  }

  /** Keeps a thumbnail the webview made; false (and nothing written) when it is not a whole WebP. */
  async save(uri: string, state: FileState | undefined, bytes: Uint8Array): Promise<boolean> {
    if (!state?.exists || bytes.byteLength > MAX_THUMBNAIL_BYTES) return false;
    const problem = checkContainer(bytes, 'webp');
    if (problem) {
      this.log.warn(`Ignored a thumbnail from the panel: ${problem}`);
      return false;
    }
    const name = nameFor(uri, state);
    if (this.names.has(name)) return true;
    await vscode.workspace.fs.createDirectory(this.folder);
    // Our own cache file, named by a hash: nothing of the user's is replaced.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder, name), bytes);
    this.names.add(name);
    return true;
  }

  private async readListing(): Promise<void> {
    let entries: Array<[string, vscode.FileType]>;
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      return;
    }
    const names = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.webp')).map(([name]) => name);
    for (const name of names) this.names.add(name);
    if (names.length > MAX_KEPT) await this.prune(names);
  }

  private async prune(names: readonly string[]): Promise<void> {
    const dated = await mapBounded(names, 16, async (name) => {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.folder, name)).then(undefined, () => undefined);
      return { name, mtime: stat?.mtime ?? 0 };
    });
    const oldest = dated.sort((a, b) => a.mtime - b.mtime).slice(0, names.length - MAX_KEPT);
    for (const { name } of oldest) {
      this.names.delete(name);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name)).then(undefined, () => undefined);
    }
    this.log.info(`Removed ${oldest.length} old thumbnails.`);
  }
}

function nameFor(uri: string, state: FileState): string {
  return `${createHash('sha256').update(`${uri}\n${state.size}\n${state.mtime}`).digest('hex').slice(0, 40)}.webp`;
}
