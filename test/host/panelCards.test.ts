/** The panel's cards from the history: made once, remade only where a file changed, files followed by a watcher. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ResultEntry } from '../../src/core/results';
import { CardDiff } from '../../src/features/panel/cardDiff';
import { FileStatus } from '../../src/features/panel/fileStatus';
import { PanelCards } from '../../src/features/panel/panelCards';
import { ThumbnailCache } from '../../src/features/panel/thumbnailCache';
import { Logger } from '../../src/platform/logger';
import { resetStandIn, Uri, watchers, workspaceFolders } from './vscodeStandIn';

const webview = { asWebviewUri: (uri: Uri) => Uri.parse(`https://webview.test${uri.path}`) } as unknown as vscode.Webview;

describe('host: the panel cards', () => {
  let root: string;
  let entries: ResultEntry[];
  beforeEach(() => {
    resetStandIn();
    root = mkdtempSync(path.join(os.tmpdir(), 'openai-images-cards-'));
    workspaceFolders.push({ uri: Uri.file(root), name: 'w', index: 0 });
    entries = Array.from({ length: 5000 }, (_, i) => {
      const file = path.join(root, `image-${i}.png`);
      if (i < 3) writeFileSync(file, 'x');
      return {
        id: `r${i}`,
        status: 'done' as const,
        kind: 'generate' as const,
        prompt: `prompt ${i}`,
        model: 'gpt-image-2',
        size: 'auto',
        quality: 'low' as const,
        format: 'png' as const,
        startedAt: 5000 - i,
        files: [Uri.file(file).toString()],
        sources: [],
        parentId: i === 1 ? 'r2' : undefined,
      };
    });
  });

  it('makes 5,000 cards once; a progress update remakes one card and sends one', async () => {
    const files = new FileStatus();
    const cards = new PanelCards(files, new ThumbnailCache(Uri.file(root) as unknown as vscode.Uri, new Logger('test')));
    const diff = new CardDiff();
    const first = cards.cards(entries, webview);
    assert.equal(first.length, 5000);
    assert.equal(first[0]!.files[0]!.label, 'image-0.png');
    assert.equal(first[0]!.files[0]!.src, `https://webview.test${Uri.file(path.join(root, 'image-0.png')).path}`);
    assert.deepEqual(first[1]!.thread, [{ id: 'r2', prompt: 'prompt 2' }]);
    assert.equal(diff.changes(first).cards.length, 5000);

    const progressed = entries.map((entry, i) => (i === 7 ? { ...entry, status: 'failed' as const, error: 'boom' } : entry));
    const second = cards.cards(progressed, webview);
    assert.equal(second.filter((card, i) => card !== first[i]).length, 1, 'only the changed entry gets a new card');
    assert.deepEqual(
      diff.changes(second).cards.map((card) => card.id),
      ['r7'],
    );
  });

  it('files are checked in batches and then followed by the watcher; only their cards change', async () => {
    const files = new FileStatus();
    const cards = new PanelCards(files, new ThumbnailCache(Uri.file(root) as unknown as vscode.Uri, new Logger('test')));
    const diff = new CardDiff();
    diff.changes(cards.cards(entries, webview));
    const uris = entries.flatMap((entry) => entry.files);
    const checked = await files.checkNew(uris);
    assert.equal(checked.length, 5000, 'the first check counts as a change');
    assert.equal((await files.checkNew(uris)).length, 0, 'checked once, not on every update');
    cards.invalidateFiles(entries, checked);
    const missing = diff.changes(cards.cards(entries, webview)).cards;
    assert.equal(missing.length, 4997, 'all but the three files on disk are now shown as missing');

    let told: readonly string[] = [];
    files.onDidChange((changed) => (told = changed));
    rmSync(path.join(root, 'image-0.png'));
    watchers[0]!.deleted.fire(Uri.file(path.join(root, 'image-0.png')));
    await new Promise<void>((resolve) => {
      const poll = () => (told.length > 0 ? resolve() : setImmediate(poll));
      poll();
    });
    assert.deepEqual(told, [entries[0]!.files[0]]);
    cards.invalidateFiles(entries, told);
    const after = diff.changes(cards.cards(entries, webview)).cards;
    assert.deepEqual(
      after.map((card) => [card.id, card.files[0]!.missing]),
      [['r0', true]],
    );
  });
});
