/** In-host tests: the real extension in a real VS Code, against the fake Images API. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../../fakeServer/fakeImagesServer';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

describe('OpenAI Images in VS Code', () => {
  let server: FakeImagesServer;
  const config = () => vscode.workspace.getConfiguration('openaiImages');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    server = await startFakeImagesServer();
    // The key from the environment path; the user-level base URL points at the fake server.
    process.env.OPENAI_API_KEY = FAKE_API_KEY;
    await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('quality', 'low', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('quality', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('registers every command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['generateFromSelection', 'generate', 'editImage', 'editImageWithMask', 'setApiKey', 'clearApiKey', 'showPanel', 'checkSetup']) {
      assert.ok(commands.includes(`openaiImages.${id}`), id);
    }
  });

  it('generates an image from the selection next to the document, ignoring the workspace base URL', async () => {
    const workspaceBaseUrl = config().inspect<string>('baseUrl')?.workspaceValue;
    assert.match(String(workspaceBaseUrl), /127\.0\.0\.1:9/, 'the fixture workspace tries to redirect the key');

    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'guide.md'));
    const editor = await vscode.window.showTextDocument(document);
    const line = document.lineAt(2);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    void vscode.commands.executeCommand('openaiImages.generateFromSelection');

    const expected = vscode.Uri.joinPath(folder(), 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
    await waitFor(async () => ((await exists(expected)) ? true : undefined), 'the generated file');
    const request = server.requests.at(-1)!;
    assert.equal(request.fields.prompt, 'A lighthouse on a cliff at night.');
    assert.equal(request.fields.model, 'gpt-image-2.6-sunburst');
    assert.equal(request.fields.quality, 'low');
    assert.equal(sha256(await vscode.workspace.fs.readFile(expected)), request.returned[0]);
  });

  it('shows the result in the panel', async () => {
    await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('openaiImages.panel')),
      'the Images panel tab',
    );
  });

  it('never overwrites: a second run writes name-1', async () => {
    const editor = vscode.window.activeTextEditor ?? (await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'guide.md')));
    const line = editor.document.lineAt(2);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    void vscode.commands.executeCommand('openaiImages.generateFromSelection');
    const second = vscode.Uri.joinPath(folder(), 'docs', 'a-lighthouse-on-a-cliff-at-night-1.png');
    await waitFor(async () => ((await exists(second)) ? true : undefined), 'the second file');
  });
});
