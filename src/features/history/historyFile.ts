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

  /** Reads the file (and 0.1's workspace results) into the store. */
  async load(workspaceState: vscode.Memento): Promise<void> {
    const legacy = parseEntries(workspaceState.get(LEGACY_KEY));
    this.store.merge([...(await this.read()), ...legacy], this.removed);
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

  private async read(): Promise<ReturnType<typeof parseEntries>> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file));
    } catch {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return parseEntries(typeof parsed === 'object' && parsed !== null && 'entries' in parsed ? parsed.entries : undefined);
    } catch (error) {
      this.log.warn(`The history file is not valid JSON; starting a new one. ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
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
