/** Edit Image with Mask through its file dialog, and image files dropped into HTML, CSS and JSX editors. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ResultsStore } from '../../src/core/results';
import { editImageWithMaskCommand } from '../../src/features/edit/editImageWithMask';
import { registerImageDropProvider } from '../../src/features/insert/imageDropProvider';
import type { ImageRequestRunner, ImageTask } from '../../src/features/requests/imageRequestRunner';
import type { RecentPrompts } from '../../src/features/requests/recentPrompts';
import { Logger } from '../../src/platform/logger';
import { SettingsReader } from '../../src/platform/settingsReader';
import { PNG_SIGNATURE } from '../../src/core/imageBytes';
import { answers, DataTransfer, DataTransferItem, recorded, registered, resetStandIn, Uri, workspaceFolders, type DocumentDropEdit } from './vscodeStandIn';

/** Enough of a PNG for the input checks: the signature and an IHDR with a size. */
function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set(PNG_SIGNATURE, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set(new TextEncoder().encode('IHDR'), 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe('host: Edit Image with Mask', () => {
  let root: string;
  beforeEach(() => {
    resetStandIn();
    root = mkdtempSync(path.join(os.tmpdir(), 'openai-images-mask-'));
    mkdirSync(path.join(root, 'art'));
    writeFileSync(path.join(root, 'art', 'logo.png'), png(64, 64));
    writeFileSync(path.join(root, 'art', 'where.png'), png(64, 64));
    workspaceFolders.push({ uri: Uri.file(root), name: 'w', index: 0 });
  });

  it('sends the mask chosen in the dialog with the image, and the prompt typed', async () => {
    const tasks: ImageTask[] = [];
    const runner = { run: async (task: ImageTask) => void tasks.push(task) } as unknown as ImageRequestRunner;
    const recentPrompts = { remember: async () => undefined } as unknown as RecentPrompts;
    answers.openDialogs.push([Uri.file(path.join(root, 'art', 'where.png'))]);
    answers.inputs.push('a red hat');
    const logo = Uri.file(path.join(root, 'art', 'logo.png'));
    await editImageWithMaskCommand({ runner, settings: new SettingsReader(new Logger('test')), recentPrompts }).execute(logo);
    assert.deepEqual(
      recorded.shown.map((shown) => [shown.kind, shown.message]),
      [
        ['dialog', 'Choose a PNG mask for logo.png'],
        ['input', 'Edit logo.png'],
      ],
    );
    assert.equal(tasks.length, 1);
    const task = tasks[0]!;
    assert.equal(task.kind, 'edit');
    assert.equal(task.prompt, 'a red hat');
    assert.equal(task.kind === 'edit' && task.mask?.name, 'where.png');
    assert.equal(task.maskSource?.toString(), Uri.file(path.join(root, 'art', 'where.png')).toString());
    assert.equal(task.location.folder.toString(), Uri.file(path.join(root, 'art')).toString());
  });

  it('sends nothing when the mask dialog is cancelled', async () => {
    const tasks: ImageTask[] = [];
    const runner = { run: async (task: ImageTask) => void tasks.push(task) } as unknown as ImageRequestRunner;
    answers.openDialogs.push(undefined);
    await editImageWithMaskCommand({ runner, settings: new SettingsReader(new Logger('test')), recentPrompts: {} as RecentPrompts }).execute(
      Uri.file(path.join(root, 'art', 'logo.png')),
    );
    assert.equal(tasks.length, 0);
    assert.equal(recorded.shown.filter((shown) => shown.kind === 'input').length, 0, 'no prompt asked after a cancel');
  });
});

describe('host: dropping image files into editors', () => {
  const store = new ResultsStore(10);
  /** Descriptions Describe the Image recorded, by file URI. */
  const recordedAlt = new Map<string, string>();
  type Provider = {
    provideDocumentDropEdits(document: unknown, position: unknown, data: DataTransfer, token: unknown): Promise<DocumentDropEdit[] | undefined>;
  };

  function drop(languageId: string, documentPath: string, files: string[], mime = 'text/uri-list'): Promise<DocumentDropEdit[] | undefined> {
    resetStandIn();
    workspaceFolders.push({ uri: Uri.file('/w'), name: 'w', index: 0 });
    registerImageDropProvider(store, async (file) => recordedAlt.get(file.toString()));
    const provider = registered.dropProviders[0]!.provider as Provider;
    const data = new DataTransfer();
    data.set(mime, new DataTransferItem(files.join('\r\n')));
    const document = { uri: Uri.file(documentPath), languageId } as unknown as vscode.TextDocument;
    return provider.provideDocumentDropEdits(document, {}, data, { isCancellationRequested: false });
  }

  it('HTML gets an <img> relative to the document', async () => {
    const [edit] = (await drop('html', '/w/site/index.html', ['file:///w/site/img/a.png'])) ?? [];
    assert.equal(edit?.insertText, '<img src="img/a.png" alt="a.png">');
  });

  it('a recorded description is the alt text of a dropped image', async () => {
    recordedAlt.set('file:///w/site/img/a.png', 'A lighthouse at dusk, its beam on "rough" water');
    const [edit] = (await drop('html', '/w/site/index.html', ['file:///w/site/img/a.png'])) ?? [];
    recordedAlt.clear();
    assert.equal(edit?.insertText, '<img src="img/a.png" alt="A lighthouse at dusk, its beam on &quot;rough&quot; water">');
  });

  it('CSS gets url() references, several joined by commas', async () => {
    const [edit] = (await drop('css', '/w/site/css/main.css', ['file:///w/site/img/a.png', 'file:///w/site/img/b.webp'])) ?? [];
    assert.equal(edit?.insertText, 'url("../img/a.png"), url("../img/b.webp")');
  });

  it('JSX gets an <img> with a relative import path', async () => {
    const [edit] = (await drop('typescriptreact', '/w/src/App.tsx', ['file:///w/src/assets/logo.png'])) ?? [];
    assert.equal(edit?.insertText, '<img src="./assets/logo.png" alt={"logo.png"} />');
  });

  it('leaves Markdown and non-images to VS Code, and ignores a panel drag naming a file it did not make', async () => {
    assert.equal(await drop('markdown', '/w/README.md', ['file:///w/a.png']), undefined);
    assert.equal(await drop('html', '/w/index.html', ['file:///w/notes.txt']), undefined);
    const forged = JSON.stringify({ uri: 'file:///etc/passwd', prompt: 'x' });
    assert.equal(await drop('html', '/w/index.html', [forged], 'application/vnd.code.openai-images.image'), undefined);
  });
});
