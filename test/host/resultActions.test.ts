/** What the panel's buttons do, through the real ResultActions: clipboard, explorer, history. */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ResultsStore, type ResultEntry } from '../../src/core/results';
import { HistoryFile } from '../../src/features/history/historyFile';
import type { ImageDescriptions } from '../../src/features/writer/imageDescriptions';
import { ResultActions } from '../../src/features/history/resultActions';
import type { ImageRequestRunner } from '../../src/features/requests/imageRequestRunner';
import { EditorTracker } from '../../src/platform/editorTracker';
import { Logger } from '../../src/platform/logger';
import { SettingsReader } from '../../src/platform/settingsReader';
import { emptyMemento, resultEntry } from '../support/entries';
import { answers, recorded, resetStandIn, Uri, workspaceFolders } from './vscodeStandIn';

const memento = emptyMemento;
const entry = (id: string, status: ResultEntry['status'], file: string) =>
  resultEntry(id, { status, prompt: `a [red](command:x) fox ${id}`, startedAt: Date.now(), files: [file] });

describe('host: the panel actions', () => {
  const root = '/work/project';
  const file = Uri.file(`${root}/docs/img/fox.png`);
  let store: ResultsStore;
  let actions: ResultActions;
  /** The alt texts recorded by Describe the Image, by file URI: a stand-in for the model and the registry. */
  const descriptionsByFile = new Map<string, string>();
  const described = {
    altFor: async (file: vscode.Uri, prompt: string) => descriptionsByFile.get(file.toString()) ?? prompt,
    recorded: async (file: vscode.Uri) => descriptionsByFile.get(file.toString()),
  } as unknown as ImageDescriptions;
  let history: HistoryFile;
  let historyFolder: string;

  beforeEach(async () => {
    resetStandIn();
    workspaceFolders.push({ uri: Uri.file(root), name: 'project', index: 0 });
    store = new ResultsStore(500);
    const log = new Logger('test');
    historyFolder = mkdtempSync(path.join(os.tmpdir(), 'openai-images-actions-'));
    history = new HistoryFile(Uri.file(historyFolder) as unknown as vscode.Uri, store, () => 500, log);
    await history.load(memento);
    store.put(entry('done', 'done', file.toString()));
    store.put(entry('running', 'running', file.toString()));
    actions = new ResultActions({
      runner: {} as ImageRequestRunner,
      settings: new SettingsReader(log),
      store,
      history,
      editors: new EditorTracker(),
      log,
      descriptions: described,
    });
  });

  const fileRequest = (type: 'copyPath' | 'copyMarkdownLink' | 'reveal') => ({
    type,
    entry: store.get('done')!,
    file: file as unknown as vscode.Uri,
  });

  it('Copy Path puts the file system path on the clipboard and says so in the status bar', async () => {
    await actions.handle(fileRequest('copyPath'));
    assert.equal(recorded.clipboard, path.join(root, 'docs', 'img', 'fox.png'));
    assert.equal(recorded.shown.at(-1)?.message, 'Copied the path of docs/img/fox.png');
  });

  it('Copy Markdown Link copies a link relative to the workspace, the prompt as its escaped alt text', async () => {
    await actions.handle(fileRequest('copyMarkdownLink'));
    assert.match(recorded.clipboard, /^!\[.*fox done\]\(docs\/img\/fox\.png\)$/);
    assert.ok(!recorded.clipboard.includes('](command:'), 'the prompt cannot make a link of its own');
    descriptionsByFile.set(file.toString(), 'A red fox asleep on a [snowy] log');
    await actions.handle(fileRequest('copyMarkdownLink'));
    descriptionsByFile.clear();
    assert.equal(recorded.clipboard, '![A red fox asleep on a snowy log](docs/img/fox.png)', 'the description is the alt text, its brackets dropped');
  });

  it('Reveal shows the file in the explorer', async () => {
    await actions.handle(fileRequest('reveal'));
    assert.deepEqual(
      recorded.commands.map((c) => [c.command, String(c.args[0])]),
      [['revealInExplorer', file.toString()]],
    );
  });

  it('Keep Only This on a result of three images keeps that one and moves the other two to the trash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'openai-images-keep-'));
    const files = ['fox-1.png', 'fox-2.png', 'fox-3.png'].map((name) => Uri.file(path.join(dir, name)));
    for (const uri of files) writeFileSync(uri.fsPath, 'png');
    store.put(resultEntry('three', { status: 'done', prompt: 'a fox', startedAt: Date.now(), files: files.map(String) }));
    const request = { type: 'keepOnly' as const, entry: store.get('three')!, file: files[1] as unknown as vscode.Uri };
    answers.messages.push(undefined);
    await actions.handle(request);
    assert.deepEqual(
      files.map((uri) => existsSync(uri.fsPath)),
      [true, true, true],
      'dismissed: nothing moved',
    );
    answers.messages.push('Keep It, Move Others to Trash');
    await actions.handle(request);
    assert.deepEqual(
      files.map((uri) => existsSync(uri.fsPath)),
      [false, true, false],
    );
    assert.deepEqual(store.get('three')!.files, [files[1]!.toString()]);
  });

  it('Clear History asks first, keeps running requests, and the cleared entries stay gone after a save', async () => {
    answers.messages.push(undefined);
    await actions.handle({ type: 'clear' });
    assert.equal(store.all().length, 2, 'dismissed: nothing cleared');
    answers.messages.push('Clear History');
    await actions.handle({ type: 'clear' });
    assert.equal(recorded.shown.at(-1)?.message, 'Clear the history of 1 requests?');
    assert.equal(recorded.shown.at(-1)?.modal, true);
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['running'],
    );
    await history.idle();
    const saved = JSON.parse(readFileSync(path.join(historyFolder, 'history.json'), 'utf8')) as { entries: ResultEntry[] };
    assert.deepEqual(saved.entries, [], 'the cleared entry is gone from the shared file too');
  });
});
