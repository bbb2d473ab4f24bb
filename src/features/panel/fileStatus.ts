/**
 * Whether each file the panel shows still exists, and its size and time (the thumbnail's key). Checked once
 * per file, 16 at a time, then kept current by a file watcher; again for all when the panel becomes visible
 * (files outside the workspace are not watched). An update of the history no longer stats every file.
 */
import * as vscode from 'vscode';
import { mapBounded } from '../../pipeline/containedFiles';
import { Disposable } from '../../platform/disposable';

export interface FileState {
  readonly exists: boolean;
  readonly mtime: number;
  readonly size: number;
}

const CONCURRENT_STATS = 16;
const IMAGE_GLOB = '**/*.{png,jpg,jpeg,webp,gif,svg}';

export class FileStatus extends Disposable {
  private readonly known = new Map<string, FileState>();
  private readonly changes = this.register(new vscode.EventEmitter<readonly string[]>());
  /** Fires with the files the panel shows that appeared, disappeared or changed. */
  readonly onDidChange = this.changes.event;

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(IMAGE_GLOB));
    const recheck = (uri: vscode.Uri) => {
      if (!this.known.has(uri.toString())) return;
      this.check([uri.toString()]).then(
        (changed) => changed.length > 0 && this.changes.fire(changed),
        () => undefined,
      );
    };
    this.register(watcher.onDidCreate(recheck));
    this.register(watcher.onDidDelete(recheck));
    this.register(watcher.onDidChange(recheck));
  }

  /** What is known of a file; undefined until it was checked. */
  get(uri: string): FileState | undefined {
    return this.known.get(uri);
  }

  /** Checks the files not checked yet; returns those found missing or changed. */
  async checkNew(uris: readonly string[]): Promise<string[]> {
    return this.check(uris.filter((uri) => !this.known.has(uri)));
  }

  /** Checks the given files again; returns those that changed (a first check counts as a change). */
  async check(uris: readonly string[]): Promise<string[]> {
    const states = await mapBounded(uris, CONCURRENT_STATS, (uri) => stat(uri));
    const changed: string[] = [];
    uris.forEach((uri, index) => {
      const state = states[index]!;
      const before = this.known.get(uri);
      if (!before || before.exists !== state.exists || before.mtime !== state.mtime || before.size !== state.size) changed.push(uri);
      this.known.set(uri, state);
    });
    return changed;
  }
}

async function stat(uri: string): Promise<FileState> {
  try {
    const found = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
    return { exists: true, mtime: found.mtime, size: found.size };
  } catch {
    return { exists: false, mtime: 0, size: 0 };
  }
}
