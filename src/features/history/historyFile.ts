/**
 * Keeps the history in the extension's global storage (`history.json`), so it survives reloads and is
 * shared by every window. Every change is saved at once (a window can reload at any moment); saves never
 * overlap, and changes made during one are saved together right after it. Each save merges what other
 * windows wrote since, then replaces the file through a temporary sibling, so a crash mid-write never
 * leaves half a history.
 */
import * as vscode from 'vscode';
import { Disposable } from '../../platform/disposable';
import { mergeEntries, parseEntries, type ResultsStore } from '../../core/results';
import type { Logger } from '../../platform/logger';

const FILE_NAME = 'history.json';

/** The file exists but is not a history (not JSON, or not `{ entries: [...] }`). */
class UnreadableHistoryError extends Error {}

function parseHistoryFile(text: string): ReturnType<typeof parseEntries> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnreadableHistoryError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('entries' in parsed) || !Array.isArray(parsed.entries))
    throw new UnreadableHistoryError('no list of entries');
  return parseEntries(parsed.entries);
}
/** Where 0.1 kept the panel's results, per workspace; moved into the history once. */
const LEGACY_KEY = 'openaiImages.panelResults';

export class HistoryFile extends Disposable {
  private readonly file: vscode.Uri;
  /** Entries cleared in this window, so a merge with the file does not bring them back. */
  private readonly removed = new Set<string>();
  private saving: Promise<void> | undefined;
  private dirty = false;
  private loaded = false;

  constructor(
    private readonly folder: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly limit: () => number,
    private readonly log: Logger,
  ) {
    super();
    this.file = vscode.Uri.joinPath(folder, FILE_NAME);
    this.register(store.onDidChange(() => this.scheduleSave()));
  }

  /**
   * Reads the file (and 0.1's workspace results) into the store. A file that is not a history is set aside,
   * never overwritten; a file that cannot be read at all leaves saving off for this window until it can.
   */
  async load(workspaceState: vscode.Memento): Promise<void> {
    const legacy = parseEntries(workspaceState.get(LEGACY_KEY));
    let saved: ReturnType<typeof parseEntries> = [];
    try {
      saved = await this.read();
    } catch (error) {
      if (!(error instanceof UnreadableHistoryError)) {
        this.log.warn(`History not loaded; this window will not save it until it can be read. ${error instanceof Error ? error.message : String(error)}`);
        this.store.merge(legacy, this.removed);
        return;
      }
      await this.setAside(error.message);
    }
    this.store.merge([...saved, ...legacy], this.removed);
    this.loaded = true;
    if (legacy.length > 0) {
      await this.saveNow();
      await workspaceState.update(LEGACY_KEY, undefined);
    }
    this.log.info(`History: ${this.store.all().length} entries from ${this.file.fsPath || this.file.toString()}`);
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.removed.add(id);
  }

  /** Resolves when every change so far is on disk (tests, and the legacy move). */
  async idle(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private scheduleSave(): void {
    if (!this.loaded) return;
    this.dirty = true;
    if (!this.saving) this.saving = this.saveWhileDirty();
  }

  private async saveWhileDirty(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.write();
      } catch (error) {
        this.log.warn(`Could not save the history: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.saving = undefined;
  }

  private async saveNow(): Promise<void> {
    this.dirty = true;
    if (!this.saving) this.saving = this.saveWhileDirty();
    await this.idle();
  }

  /**
   * The entries on disk: none when there is no file yet. Any other failure (a read error, a file that is not a
   * history) throws, so nothing is saved over it: other windows' history is never replaced by this window's.
   */
  private async read(): Promise<ReturnType<typeof parseEntries>> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return [];
      throw new Error(`Could not read ${this.file.fsPath || this.file.toString()}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    return parseHistoryFile(new TextDecoder().decode(bytes));
  }

  /** Moves a history file that is not valid aside (kept, named in the log) so a fresh one can start. */
  private async setAside(reason: string): Promise<void> {
    const aside = vscode.Uri.joinPath(this.folder, `history.unreadable-${Date.now()}.json`);
    await vscode.workspace.fs.rename(this.file, aside, { overwrite: false });
    this.log.warn(`The history file could not be read (${reason}); it was kept as ${aside.fsPath || aside.toString()} and a new one started.`);
  }

  private async write(): Promise<void> {
    const mine = this.store.all().filter((entry) => entry.status !== 'running');
    const entries = mergeEntries(mine, await this.read(), this.removed, this.limit());
    await vscode.workspace.fs.createDirectory(this.folder);
    const temporary = vscode.Uri.joinPath(this.folder, `.${FILE_NAME}.${process.pid}.tmp`);
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(JSON.stringify({ version: 1, entries })));
    // Our own file: replacing it is the point; user files are never overwritten (pipeline/writeImages).
    await vscode.workspace.fs.rename(temporary, this.file, { overwrite: true });
  }
}
