/**
 * Requests a window was running when it closed or reloaded. Files are written whole or not at all (a temporary
 * name, then a rename that never overwrites), so after a reload what a request left is either its complete images
 * or nothing; this says which in the history instead of forgetting the request. The record lives in the
 * workspace's state: VS Code opens a folder in one window at a time, so a record there is this window's own.
 */
import * as vscode from 'vscode';
import { candidateName, sanitizeStem } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { parseEntries, type ResultEntry, type ResultsStore } from '../../core/results';

const STATE_KEY = 'openaiImages.inFlight';
/** Names a request can have taken (`name`, `name-1`...`name-9` for up to 10 images). */
const MAX_NAMES = 10;
/** File times and the clock may disagree by a little (another file system, a remote). */
const CLOCK_SLACK_MS = 2_000;

export class InFlightRequests {
  constructor(private readonly state: vscode.Memento) {}

  async begin(entry: ResultEntry): Promise<void> {
    await this.state.update(STATE_KEY, [...this.read().filter((each) => each.id !== entry.id), entry]);
  }

  async end(id: string): Promise<void> {
    await this.state.update(
      STATE_KEY,
      this.read().filter((each) => each.id !== id),
    );
  }

  /**
   * What the last session of this workspace left running, settled from the disk: written (its files, made after it
   * started, found under the names it would have taken) or not. Returns the entries it put into the history.
   */
  async settle(store: ResultsStore): Promise<ResultEntry[]> {
    const left = this.read();
    if (left.length === 0) return [];
    const settled: ResultEntry[] = [];
    for (const entry of left) {
      const files = await writtenFiles(entry);
      settled.push(
        files.length > 0
          ? { ...entry, status: 'done', files: files.map(String) }
          : { ...entry, status: 'cancelled', error: vscode.l10n.t('The window closed before the answer arrived, so nothing was written.') },
      );
    }
    for (const entry of settled) store.put(entry);
    await this.state.update(STATE_KEY, []);
    return settled;
  }

  private read(): ResultEntry[] {
    return parseEntries(this.state.get<unknown>(STATE_KEY));
  }
}

async function writtenFiles(entry: ResultEntry): Promise<vscode.Uri[]> {
  if (!entry.outputFolder || !entry.stem) return [];
  const folder = vscode.Uri.parse(entry.outputFolder);
  const stem = sanitizeStem(entry.stem);
  const found: vscode.Uri[] = [];
  for (let attempt = 0; attempt < MAX_NAMES; attempt++) {
    const file = vscode.Uri.joinPath(folder, candidateName(stem, OUTPUT_EXTENSIONS[entry.format], attempt));
    const stat = await vscode.workspace.fs.stat(file).then(undefined, () => undefined);
    if (stat && stat.mtime >= entry.startedAt - CLOCK_SLACK_MS) found.push(file);
  }
  return found.slice(0, entry.settings?.count ?? 1);
}
