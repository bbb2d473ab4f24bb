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
import { CredentialsCache } from '../../src/features/panel/credentialsCache';
import { startFakeImagesServer } from '../fakeServer/fakeImagesServer';
import { credentialsReader } from '../support/credentials';
import { embedRecipe } from '../../src/core/recipe';
import { resetStandIn, Uri, watchers, workspaceFolders } from './vscodeStandIn';

const newCards = (files: FileStatus, root: string, credentials = new CredentialsCache(credentialsReader())) =>
  new PanelCards(files, new ThumbnailCache(Uri.file(root) as unknown as vscode.Uri, new Logger('test')), credentials);

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
    const cards = newCards(files, root);
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
    const cards = newCards(files, root);
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

  it("a card says what its image's Content Credentials say, and says it again once the file is changed", async () => {
    const fake = await startFakeImagesServer();
    try {
      const signed = await fetch(`${fake.baseUrl}/images/generations`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test-fake-key-0123456789abcdef', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a fox', model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'low' }),
      }).then(async (response) => Buffer.from(((await response.json()) as { data: Array<{ b64_json: string }> }).data[0]!.b64_json, 'base64'));
      writeFileSync(path.join(root, 'image-0.png'), signed);
      const files = new FileStatus();
      const credentials = new CredentialsCache(credentialsReader(fake.signerRootPem));
      const cards = newCards(files, root, credentials);
      const shown = entries.slice(0, 3);
      const uris = shown.flatMap((entry) => entry.files);
      await files.checkNew(uris);
      assert.equal(cards.cards(shown, webview)[0]!.files[0]!.credentials, undefined, 'nothing is claimed before it is validated');
      const validated = await credentials.check(uris.map((uri) => ({ uri, state: files.get(uri) })));
      assert.deepEqual(validated.sort(), uris.slice().sort());
      cards.invalidateFiles(shown, validated);
      const [first, second] = cards.cards(shown, webview);
      assert.deepEqual(first!.files[0]!.credentials, { state: 'intact', text: `Content Credentials: signed by ${fake.signerName} (Fake Images API), intact` });
      assert.deepEqual(second!.files[0]!.credentials, { state: 'none', text: 'Content Credentials: none' });

      // A text chunk added later (another tool, or an older version of this one): the card says so.
      writeFileSync(
        path.join(root, 'image-0.png'),
        embedRecipe(signed, {
          version: 1,
          kind: 'generate',
          prompt: 'x',
          model: 'm',
          size: 'auto',
          quality: 'low',
          background: 'auto',
          createdAt: '',
          sources: [],
        }),
      );
      const changed = await files.check([uris[0]!]);
      assert.deepEqual(changed, [uris[0]]);
      assert.deepEqual(await credentials.check([{ uri: uris[0]!, state: files.get(uris[0]!) }]), [uris[0]]);
      cards.invalidateFiles(shown, changed);
      assert.equal(cards.cards(shown, webview)[0]!.files[0]!.credentials?.text, 'Content Credentials: altered after signing');
    } finally {
      await fake.close();
    }
  });
});
