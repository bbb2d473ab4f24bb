/** The history file through the real adapter: shared by windows, and never overwritten after a failed read. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ResultsStore, type ResultEntry } from '../../src/core/results';
import { HistoryFile } from '../../src/features/history/historyFile';
import { Logger } from '../../src/platform/logger';
import { emptyMemento, resultEntry } from '../support/entries';
import { recorded, resetStandIn, Uri } from './vscodeStandIn';

const memento = emptyMemento;
const entry = (id: string, startedAt: number) => resultEntry(id, { startedAt, files: [`file:///w/${id}.png`] });

/** One window: its store, its history file and its log, all on the same global storage folder. */
function openWindow(folder: string, limit = 500) {
  const store = new ResultsStore(limit);
  const history = new HistoryFile(Uri.file(folder) as unknown as vscode.Uri, store, () => limit, new Logger('test'));
  return { store, history };
}

describe('host: the history file', () => {
  let folder: string;
  beforeEach(() => {
    resetStandIn();
    folder = mkdtempSync(path.join(os.tmpdir(), 'openai-images-history-'));
  });

  it('is shared across windows: each save merges what the other wrote', async () => {
    const first = openWindow(folder);
    const second = openWindow(folder);
    await first.history.load(memento);
    await second.history.load(memento);
    first.store.put(entry('a', 1));
    await first.history.idle();
    second.store.put(entry('b', 2));
    await second.history.idle();
    const third = openWindow(folder);
    await third.history.load(memento);
    assert.deepEqual(
      third.store.all().map((e) => e.id),
      ['b', 'a'],
    );
    const saved = JSON.parse(readFileSync(path.join(folder, 'history.json'), 'utf8')) as { entries: ResultEntry[] };
    assert.deepEqual(
      saved.entries.map((e) => e.id),
      ['b', 'a'],
    );
  });

  it('sets an unreadable file aside instead of erasing it, then starts a new one', async () => {
    writeFileSync(path.join(folder, 'history.json'), '{"version":1,"entries":[{"id":"other-window"');
    const window = openWindow(folder);
    await window.history.load(memento);
    window.store.put(entry('mine', 5));
    await window.history.idle();
    const aside = readdirSync(folder).filter((name) => name.startsWith('history.unreadable-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(path.join(folder, aside[0]!), 'utf8'), '{"version":1,"entries":[{"id":"other-window"', 'kept byte for byte');
    assert.ok(recorded.log.some((line) => line.includes('could not be read') && line.includes(aside[0]!)));
    const saved = JSON.parse(readFileSync(path.join(folder, 'history.json'), 'utf8')) as { entries: ResultEntry[] };
    assert.deepEqual(
      saved.entries.map((e) => e.id),
      ['mine'],
    );
  });

  it('never saves over a file it could not read', async () => {
    // A directory where the file should be: reading fails with something other than "not found".
    mkdirSync(path.join(folder, 'history.json'));
    writeFileSync(path.join(folder, 'history.json', 'keep'), 'other windows');
    const window = openWindow(folder);
    await window.history.load(memento);
    window.store.put(entry('mine', 5));
    await window.history.idle();
    assert.equal(readFileSync(path.join(folder, 'history.json', 'keep'), 'utf8'), 'other windows');
    assert.ok(recorded.log.some((line) => line.includes('will not save it')));
    assert.deepEqual(
      window.store.all().map((e) => e.id),
      ['mine'],
      'the window still shows its own results',
    );
  });

  it('a save that finds the file broken by then fails and is logged, leaving the file as it is', async () => {
    const window = openWindow(folder);
    await window.history.load(memento);
    window.store.put(entry('a', 1));
    await window.history.idle();
    writeFileSync(path.join(folder, 'history.json'), 'not json');
    window.store.put(entry('b', 2));
    await window.history.idle();
    assert.equal(readFileSync(path.join(folder, 'history.json'), 'utf8'), 'not json');
    assert.ok(recorded.log.some((line) => line.startsWith('[warn] Could not save the history')));
  });
});
