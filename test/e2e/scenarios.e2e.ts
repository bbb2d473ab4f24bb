/**
 * End-to-end: the packaged .vsix installed in a real VS Code (code-server), driven in Chromium like a user,
 * against the fake Images API. Each scenario gets its own code-server, browser profile, workspace copy and
 * fake server, and leaves screenshots (and, when it fails, the extension's log) under test-output/e2e/.
 */
import type { AddressInfo } from 'node:net';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import sharp from 'sharp';
import { embedRecipe, type Recipe } from '../../src/core/recipe';
import { credentialsReader } from '../support/credentials';
import { createTestSigner } from '../fakeServer/contentCredentialsSigner';
import { EMPTY_REGISTRY, RECIPE_REGISTRY_PATH, serializeRegistry, withEntries } from '../../src/core/credentials/recipeRegistry';
import { recipeOnDisk } from '../support/recipes';
import { fakeCompatible } from '../fakeServer/fakeCompatible';
import { FAKE_API_KEY, errorBody, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { installExtension, QUIET_WORKBENCH_SETTINGS, startCodeServer, type CodeServer } from './codeServer';
import { ensureTools, type E2eTools } from './tools';
import { startMitmProxy, type MitmProxy } from '../support/mitmProxy';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, waitFor, Workbench } from './workbench';

const root = path.resolve(__dirname, '../..');
const outputDir = path.join(root, 'test-output', 'e2e');
const vsix = path.join(root, 'openai-images.vsix');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Scenario {
  readonly dir: string;
  readonly workspace: string;
  readonly fake: FakeImagesServer;
  readonly workbench: Workbench;
  readonly codeServer: CodeServer;
  /** For a second window of the same browser. */
  readonly browser: BrowserContext;
}

interface ScenarioOptions {
  readonly userSettings?: Record<string, unknown>;
  /** Machine-scoped settings (see QUIET_MACHINE_SETTINGS). */
  readonly machineSettings?: Record<string, unknown>;
  /** Open the folder in Restricted Mode instead of trusting it. */
  readonly restricted?: boolean;
  readonly prepareWorkspace?: (workspace: string) => Promise<void> | void;
  /** User settings and code-server's environment that name the scenario's fake server (an Azure endpoint, a proxy in front of it). */
  readonly forFake?: (fake: FakeImagesServer) => Promise<FakeSetup> | FakeSetup;
  /** Built-in extensions left out, by folder name. */
  readonly withoutBuiltins?: readonly string[];
  /** Secrets besides the API key that no file may hold afterwards (an Entra ID token). */
  readonly secrets?: readonly string[];
}

interface FakeSetup {
  readonly settings?: Record<string, unknown>;
  readonly env?: Readonly<Record<string, string>>;
}

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesBelow(file) : [file];
  });
}

describe('OpenAI Images in a real VS Code (code-server + Chromium)', function () {
  this.timeout(180_000);
  let tools: E2eTools;
  let extensionsTemplate: string;

  before(async function () {
    this.timeout(20 * 60_000);
    tools = ensureTools();
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    rmSync(outputDir, { recursive: true, force: true });
    mkdirSync(outputDir, { recursive: true });
    extensionsTemplate = path.join(outputDir, '.extensions-template');
    installExtension(tools, vsix, extensionsTemplate, path.join(outputDir, '.install'));
    // Stand-ins for what this machine cannot have, each a tiny extension packaged from test/e2e/<folder>:
    // toolCaller, an agent that calls the language model tools (23); scriptedModels, a language model provider that
    // answers from a script and records what it was sent (28-32); standInMicrosoft, a Microsoft sign-in without a
    // network (33, where the built-in one is turned off).
    for (const folder of ['toolCaller', 'scriptedModels', 'standInMicrosoft']) {
      const packaged = path.join(outputDir, '.install', `${folder}.vsix`);
      execFileSync(
        process.execPath,
        [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', packaged],
        { cwd: path.join(root, 'test', 'e2e', folder), stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 },
      );
      installExtension(tools, packaged, extensionsTemplate, path.join(outputDir, '.install'));
    }
  });

  async function scenario(name: string, options: ScenarioOptions, body: (s: Scenario) => Promise<void>): Promise<void> {
    const dir = path.join(outputDir, name);
    const workspace = path.join(dir, 'workspace');
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    await options.prepareWorkspace?.(workspace);
    const fake = await startFakeImagesServer();
    fake.delayMs = 300;
    // Pictures of the prompt, not flat squares: these screenshots become the README's (scripts/screenshots.ts).
    fake.pictures = true;
    const setup = (await options.forFake?.(fake)) ?? {};
    const codeServer = await startCodeServer(tools, {
      scenarioDir: dir,
      workspace,
      extensionsTemplate,
      userSettings: {
        ...QUIET_WORKBENCH_SETTINGS,
        'security.workspace.trust.enabled': options.restricted === true,
        'openaiImages.baseUrl': fake.baseUrl,
        // Scenarios before 28 insert the prompt as alt text; 28-30 turn describing on and script the model.
        'openaiImages.altText': 'prompt',
        ...options.userSettings,
        ...setup.settings,
      },
      ...(options.machineSettings ? { machineSettings: options.machineSettings } : {}),
      trustWorkspace: options.restricted !== true,
      ...(options.withoutBuiltins ? { withoutBuiltins: options.withoutBuiltins } : {}),
      ...(setup.env ? { env: setup.env } : {}),
    });
    const browser = await launchBrowser(tools, path.join(dir, 'browser-profile'));
    let workbench: Workbench | undefined;
    try {
      workbench = await Workbench.open(browser, codeServer.url, dir);
      await body({ dir, workspace, fake, workbench, codeServer, browser });
      await workbench.screenshot('end');
    } catch (error) {
      await workbench?.screenshot('failure').catch(() => undefined);
      for (const log of filesBelow(codeServer.logDir).filter((file) => file.endsWith('OpenAI Images.log') || file.endsWith('remoteexthost.log'))) {
        // exthostN/remoteexthost.log, exthostN/openai-images.openai-images/OpenAI Images.log: keep N in the name.
        const host =
          path
            .relative(codeServer.logDir, log)
            .split(path.sep)
            .find((part) => part.startsWith('exthost')) ?? 'exthost';
        cpSync(log, path.join(dir, `${host}-${path.basename(log)}`));
      }
      throw error;
    } finally {
      await browser.close().catch(() => undefined);
      await codeServer.stop();
      await fake.close();
    }
    // Whatever happened, the key (and any token) is in no log, setting or workspace file.
    const secrets = [FAKE_API_KEY, ...(options.secrets ?? [])];
    const leaks = [...filesBelow(codeServer.userDataDir), ...filesBelow(workspace), ...filesBelow(path.join(dir, 'browser-profile'))].filter((file) => {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > 5_000_000) return false;
      const bytes = readFileSync(file);
      return secrets.some((secret) => bytes.includes(secret));
    });
    assert.deepEqual(leaks, [], 'a secret was written to these files');
  }

  async function answerKeyPrompt(workbench: Workbench): Promise<void> {
    await workbench.answer(FAKE_API_KEY, 'OpenAI API Key');
  }

  /** Opens Get Started and waits for the step titled `title` to be ticked by what the scenario just did. */
  async function walkthroughStepTicked(workbench: Workbench, title: string): Promise<void> {
    await workbench.runCommand('OpenAI Images: Get Started');
    const step = workbench.page.locator('.getting-started-step', { hasText: title }).first();
    await waitFor(`the walkthrough step "${title}" to be ticked`, async () => (await step.locator('.codicon.complete').count()) > 0, 30_000);
  }

  /**
   * Waits for the "Created ..." notification of a request run from a command or the panel. It comes after the file
   * is written and after the panel and explorer reveals, which may take the focus: a key pressed before it may land
   * in the explorer.
   */
  async function waitForCreated(workbench: Workbench, text: RegExp): Promise<void> {
    await workbench.notification(text).waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.dismissToasts();
  }

  /**
   * The recipe Regenerate from File finds for a file: the workspace's recipe registry (written just after the
   * image, so waited for) or, for an unsigned PNG, the file's own.
   */
  async function recipeOf(workspace: string, bytes: Buffer): Promise<Recipe> {
    return waitFor('the recipe registry to record the image', () => recipeOnDisk(workspace, bytes));
  }

  /** A file as written on disk validates as intact Content Credentials (c2pa-rs, trusting the fake's test identity). */
  async function assertIntact(fake: FakeImagesServer, bytes: Buffer, what: string): Promise<void> {
    const report = await credentialsReader(fake.signerRootPem).read(bytes);
    assert.equal(report.state, 'intact', `${what}: ${report.state} ${report.problems.join(',')}`);
    assert.equal(report.signer, fake.signerName, what);
  }

  async function waitForFile(file: string, what = path.basename(file)): Promise<Buffer> {
    await waitFor(`${what} to be written`, () => existsSync(file), 30_000);
    return readFileSync(file);
  }

  it('1. generates from a selection through the palette, asking for the key, and shows it in the panel', async () => {
    await scenario('1-selection-palette', {}, async ({ workspace, fake, workbench }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await workbench.screenshot('key-prompt');
      await answerKeyPrompt(workbench);
      const file = path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
      const bytes = await waitForFile(file);
      const request = fake.requests[0]!;
      assert.equal(fake.requests.length, 1);
      assert.equal(request.path, '/v1/images/generations');
      assert.equal(request.fields.prompt, 'A lighthouse on a cliff at night.');
      assert.equal(request.fields.model, 'gpt-image-2.6-sunburst');
      assert.equal(request.fields.size, 'auto');
      assert.equal(request.fields.quality, 'medium');
      // The file is byte for byte the image the API served and signed; its recipe is in the workspace's registry.
      assert.equal(sha256(bytes), request.returned[0]);
      await assertIntact(fake, bytes, 'a generated image');
      assert.equal((await recipeOf(workspace, bytes)).prompt, 'A lighthouse on a cliff at night.');
      const results = await waitFor('the panel to show the loaded image', async () => {
        const shown = await workbench.panelResults();
        return shown[0]?.imageWidths[0] ? shown : undefined;
      });
      assert.equal(results[0]!.prompt, 'A lighthouse on a cliff at night.');
      // Its card says what c2pa-rs found on disk: intact, signed by the fake's test identity, which no trust list holds.
      await waitFor('the card to show the Content Credentials', async () =>
        (await workbench.panelResults())[0]?.text.includes('Content Credentials: signed by Fake Media Service (Fake Images API), issuer not trusted'),
      );
      assert.equal(results[0]!.status, 'done');
      // 20 text tokens at $5/M and 1,056 image tokens + 2 x 100 for the streamed partial images at $30/M, from the fake's usage.
      assert.match(results[0]!.text, /\$0\.038/);
      await workbench.page.locator('.statusbar-item', { hasText: '$0.038' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await waitFor('the "Created" notification', () => workbench.notification(/Created docs\/a-lighthouse-on-a-cliff-at-night\.png/).isVisible());
      await workbench.screenshot('panel');
    });
  });

  it('2. generates from the editor context menu with user settings for model, quality and format', async () => {
    const userSettings = { 'openaiImages.model': 'gpt-image-2.6-flare', 'openaiImages.quality': 'low', 'openaiImages.outputFormat': 'webp' };
    await scenario('2-context-menu-settings', { userSettings }, async ({ workspace, fake, workbench }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      // Right-clicking inside the selection keeps it, as for a user.
      await workbench.contextMenu(
        workbench.page.locator('.monaco-editor .view-line', { hasText: 'A lighthouse on a cliff at night.' }).first(),
        'Generate Image from Selection',
      );
      await answerKeyPrompt(workbench);
      const bytes = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.webp'));
      assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
      const request = fake.requests[0]!;
      assert.equal(request.fields.model, 'gpt-image-2.6-flare');
      assert.equal(request.fields.quality, 'low');
      assert.equal(request.fields.output_format, 'webp');
      assert.equal(sha256(bytes), request.returned[0]);
    });
  });

  it('3. edits a PNG from the explorer, sending the mask that lies beside it', async () => {
    const prepareWorkspace = (workspace: string) =>
      cpSync(path.join(workspace, 'sub with space', 'logo.png'), path.join(workspace, 'sub with space', 'logo.mask.png'));
    await scenario('3-explorer-edit-mask', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      await workbench.expandFolder('sub with space', /^logo\.png$/);
      await workbench.screenshot('explorer');
      await workbench.openContextMenu(workbench.explorerRow(/^logo\.png$/).first(), 'Edit Image with Prompt...');
      await workbench.screenshot('explorer-menu');
      await workbench.page
        .locator('.context-view .monaco-menu')
        .first()
        .screenshot({ path: path.join(workbench.artifactsDir, 'explorer-menu-only.png') });
      await workbench.chooseMenuEntry('Edit Image with Prompt...');
      await workbench.dialogButton('Use Mask').click({ timeout: 15_000 });
      // Markup in a prompt must come back as text, in the request and in the panel.
      await workbench.answer('add a red hat <img src=x onerror=alert(1)>', 'Edit logo.png');
      await answerKeyPrompt(workbench);
      const bytes = await waitForFile(path.join(workspace, 'sub with space', 'logo-edit.png'));
      const request = fake.requests[0]!;
      assert.equal(request.path, '/v1/images/edits');
      assert.equal(request.fields.prompt, 'add a red hat <img src=x onerror=alert(1)>');
      const original = readFileSync(path.join(workspace, 'sub with space', 'logo.png'));
      const parts = request.files.map((file) => [file.field, file.filename, file.type, file.sha256]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      assert.deepEqual(parts, [
        ['image', 'logo.png', 'image/png', sha256(original)],
        ['mask', 'logo.mask.png', 'image/png', sha256(original)],
      ]);
      assert.equal(sha256(bytes), request.returned[0]);
      await assertIntact(fake, bytes, 'an edited image');
      assert.deepEqual((await recipeOf(workspace, bytes)).sources, ['logo.png']);
      assert.equal((await recipeOf(workspace, bytes)).mask, 'logo.mask.png');
      const shown = await waitFor('the edit in the panel', async () => {
        const results = await workbench.panelResults();
        return results[0]?.imageWidths[0] ? results : undefined;
      });
      assert.equal(shown[0]!.prompt, 'add a red hat <img src=x onerror=alert(1)>');
      const frame = await workbench.panelFrame();
      assert.equal(await frame.evaluate(() => document.querySelectorAll('img[src="x"], img[onerror]').length), 0, 'no element was made from the prompt');
    });
  });

  it('4. edits two images selected in the explorer with one request, the right-clicked one first', async () => {
    const prepareWorkspace = async (workspace: string) => {
      const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#884422' } })
        .jpeg()
        .toBuffer();
      writeFileSync(path.join(workspace, 'sub with space', 'photo.jpg'), photo);
    };
    // A single click then only selects (it opens nothing), so no editor can take the focus, and the selection with
    // it, between the two clicks: the selection is made once and checked, never retried.
    const userSettings = { 'workbench.list.openMode': 'doubleClick' };
    await scenario('4-multi-select-edit', { prepareWorkspace, userSettings }, async ({ workspace, fake, workbench }) => {
      await workbench.expandFolder('sub with space', /^logo\.png$/);
      const logo = workbench.explorerRow(/^logo\.png$/).first();
      const photo = workbench.explorerRow(/^photo\.jpg$/).first();
      // The extension's menu items are there before anything is selected (see openContextMenu).
      await workbench.openContextMenu(photo, 'Edit Image with Prompt...');
      await workbench.page.keyboard.press('Escape');
      await workbench.page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 10_000 });
      await logo.click();
      await waitFor('logo.png selected', async () => (await logo.getAttribute('aria-selected')) === 'true', 10_000);
      await photo.click({ modifiers: ['Control'] });
      const bothSelected = async () => (await logo.getAttribute('aria-selected')) === 'true' && (await photo.getAttribute('aria-selected')) === 'true';
      await waitFor('both images selected', bothSelected, 10_000);
      await photo.click({ button: 'right' });
      await workbench.page
        .locator('.context-view .action-label', { hasText: 'Edit Image with Prompt...' })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(await bothSelected(), 'the selection survived opening the menu');
      await workbench.chooseMenuEntry('Edit Image with Prompt...');
      await workbench.answer('make them match', 'Edit 2 images');
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'sub with space', 'photo-edit.png'));
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(
        fake.requests[0]!.files.map((file) => [file.field, file.filename, file.type]),
        [
          ['image[]', 'photo.jpg', 'image/jpeg'],
          ['image[]', 'logo.png', 'image/png'],
        ],
      );
    });
  });

  it('5. explains a 403 "organization must be verified", offers the way out and writes nothing', async () => {
    await scenario('5-verification-403', {}, async ({ workspace, fake, workbench }) => {
      fake.script({
        status: 403,
        body: errorBody(
          'Your organization must be verified to use the model `gpt-image-2.6-sunburst`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
        ),
      });
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      const toast = workbench.notification(/must be verified to use gpt-image-2\.6-sunburst/);
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await toast.textContent()) ?? '', /15 to 30 minutes/);
      assert.ok(await toast.locator('.monaco-button', { hasText: 'Open Verification Page' }).isVisible());
      await workbench.screenshot('verification-error');
      await toast.screenshot({ path: path.join(workbench.artifactsDir, 'verification-toast.png') });
      assert.deepEqual(readdirSync(path.join(workspace, 'docs')), ['guide.md']);
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      const results = await waitFor('the failed request in the panel', async () => {
        const shown = await workbench.panelResults();
        return shown.length > 0 ? shown : undefined;
      });
      assert.equal(results[0]?.status, 'failed');
      assert.match(results[0]!.text, /Request ID: req_fake_1/);
    });
  });

  it('6. cancelling a slow request aborts it and writes nothing', async () => {
    await scenario('6-cancel', {}, async ({ workspace, fake, workbench }) => {
      fake.script({ delayMs: 60_000 });
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      const progress = workbench.notification('Generating image with gpt-image-2.6-sunburst...');
      await progress.waitFor({ state: 'visible', timeout: 15_000 });
      await waitFor('the request to reach the server', () => fake.requests.length === 1);
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).press('Enter');
      await waitFor('the server to see the request aborted', () => fake.requests[0]!.aborted);
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      const results = await waitFor('the panel to show the cancelled request', async () => {
        const shown = await workbench.panelResults().catch(() => []);
        return shown[0]?.status === 'cancelled' ? shown : undefined;
      });
      assert.match(results[0]!.text, /Nothing was written/);
      assert.deepEqual(readdirSync(path.join(workspace, 'docs')), ['guide.md'], 'no image and no temp file');
    });
  });

  it('7. after a window reload: the panel is restored and the key is not asked again', async () => {
    await scenario('7-reload', {}, async ({ workspace, fake, workbench }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      await waitFor('the panel image', async () => (await workbench.panelResults())[0]?.imageWidths[0]);

      await workbench.reloadWindow();
      const restored = await waitFor(
        'the restored panel to show the image',
        async () => {
          const shown = await workbench.panelResults();
          return shown[0]?.imageWidths[0] ? shown : undefined;
        },
        60_000,
      );
      assert.equal(restored[0]!.prompt, 'A lighthouse on a cliff at night.');
      await workbench.screenshot('restored');

      await workbench.runCommand('OpenAI Images: Generate Image...');
      await workbench.answer('a second lighthouse', 'Generate Image');
      // Next to the active document, or in the workspace folder when the panel had the focus.
      await waitFor('the second image', () => filesBelow(workspace).some((file) => file.endsWith('a-second-lighthouse.png')));
      assert.equal(await workbench.quickInput('OpenAI API Key').isVisible(), false, 'no key prompt after the reload');
      assert.equal(fake.requests.length, 2);
    });
  });

  it('8. ignores a workspace that points the base URL and organization elsewhere', async () => {
    const captured: string[] = [];
    const capture = http.createServer((req, res) => {
      captured.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const port = (capture.address() as AddressInfo).port;
    const prepareWorkspace = (workspace: string) =>
      writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({
          'openaiImages.baseUrl': `http://127.0.0.1:${port}/v1`,
          'openaiImages.organization': 'org-attacker',
          'openaiImages.project': 'proj_attacker',
        }),
      );
    try {
      await scenario('8-hostile-workspace', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
        await workbench.openFile('guide.md');
        await workbench.selectLine(3);
        await workbench.runCommand('OpenAI Images: Generate Image from Selection');
        await answerKeyPrompt(workbench);
        await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
        assert.equal(fake.requests.length, 1);
        assert.equal(fake.requests[0]!.headers['openai-organization'], undefined);
        assert.equal(fake.requests[0]!.headers['openai-project'], undefined);
      });
      assert.deepEqual(captured, [], "nothing reached the workspace's base URL");
    } finally {
      await new Promise((resolve) => capture.close(resolve));
    }
  });

  it("9. Restricted Mode: the commands work with user settings and ignore the workspace's", async () => {
    const prepareWorkspace = (workspace: string) =>
      writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({ 'openaiImages.model': 'gpt-image-2.6-flare', 'openaiImages.count': 3, 'openaiImages.outputFolder': 'generated' }),
      );
    await scenario(
      '9-restricted-mode',
      { restricted: true, prepareWorkspace, userSettings: { 'openaiImages.quality': 'high' } },
      async ({ workspace, fake, workbench }) => {
        // Depending on its trust prompt setting VS Code asks first or opens restricted at once; either way: no trust.
        const distrust = workbench.dialogButton("No, I don't trust the authors");
        if (await distrust.isVisible()) await distrust.click();
        await workbench.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await workbench.openFile('guide.md');
        await workbench.selectLine(3);
        await workbench.runCommand('OpenAI Images: Generate Image from Selection');
        // High quality with a model not yet measured is above the user's confirmAboveUsd (0.5): asked first.
        await workbench.dialogButton('Send').click({ timeout: 30_000 });
        await answerKeyPrompt(workbench);
        await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
        const request = fake.requests[0]!;
        assert.equal(request.fields.model, 'gpt-image-2.6-sunburst', 'the workspace model is ignored');
        assert.equal(request.fields.n, 1, 'the workspace count is ignored');
        assert.equal(request.fields.quality, 'high', 'the user setting applies');
        assert.equal(existsSync(path.join(workspace, 'generated')), false, 'the workspace output folder is ignored');
      },
    );
  });

  it('10. Check Setup reports the organization and, after a test image, that all is ready', async () => {
    await scenario('10-check-setup', {}, async ({ fake, workbench }) => {
      await workbench.runCommand('OpenAI Images: Set API Key');
      await answerKeyPrompt(workbench);
      await workbench.notification(/API key saved/).waitFor({ state: 'visible', timeout: 15_000 });
      await workbench.runCommand('OpenAI Images: Check Setup');
      await workbench.dialogButton('Make Test Image').click({ timeout: 30_000 });
      const report = workbench.page.locator('.monaco-dialog-box', { hasText: 'OpenAI Images is ready.' });
      await report.waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await report.textContent()) ?? '';
      assert.match(text, /Organization: org-fake-test/);
      assert.match(text, /Project: proj_fake_test/);
      assert.match(text, /A test image was generated/);
      await report.screenshot({ path: path.join(workbench.artifactsDir, 'check-setup-report.png') });
      assert.deepEqual(
        fake.lookups.map((request) => `${request.method} ${request.path}`),
        ['GET /v1/models/gpt-image-2.6-sunburst'],
      );
      assert.deepEqual(
        fake.requests.map((request) => `${request.method} ${request.path}`),
        ['POST /v1/images/generations'],
      );
      assert.equal(fake.requests[0]!.fields.quality, 'low');
      await report.locator('.monaco-button', { hasText: 'OK' }).click();
      await report.waitFor({ state: 'hidden', timeout: 10_000 });
      await walkthroughStepTicked(workbench, 'Check that images can be made');
    });
  });

  it("11. a refused key: the notification's Set API Key stores a new one, and the next request uses it", async () => {
    const oldKey = 'sk-old-revoked-key-0000000000';
    await scenario('11-replace-refused-key', {}, async ({ workspace, fake, workbench }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await workbench.answer(oldKey, 'OpenAI API Key');
      const toast = workbench.notification(/refused the API key/);
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      assert.deepEqual(readdirSync(path.join(workspace, 'docs')), ['guide.md']);
      await toast.locator('.monaco-button', { hasText: 'Set API Key' }).press('Enter');
      await answerKeyPrompt(workbench);
      await workbench.notification(/API key saved/).waitFor({ state: 'visible', timeout: 15_000 });

      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      assert.deepEqual(
        fake.requests.map((request) => request.headers.authorization),
        [`Bearer ${oldKey}`, `Bearer ${FAKE_API_KEY}`],
      );
    });
  });

  it('12. asks before a request estimated above openaiImages.confirmAboveUsd; declined, nothing is sent', async () => {
    const userSettings = { 'openaiImages.confirmAboveUsd': 0.1, 'openaiImages.quality': 'high' };
    await scenario('12-cost-confirmation', { userSettings }, async ({ workspace, fake, workbench }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      // GPT Image 2.6 has no measured token counts yet: an upper bound, 4x the figures copied from gpt-image-2, and it says so.
      const question = workbench.page.locator('.monaco-dialog-box', {
        hasText: 'This request may cost up to $0.850: 1 image(s) with gpt-image-2.6-sunburst, not yet measured for this model.',
      });
      await question.waitFor({ state: 'visible', timeout: 30_000 });
      await question.screenshot({ path: path.join(workbench.artifactsDir, 'cost-question.png') });
      await workbench.dialogButton('Cancel').click();
      await question.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(await workbench.quickInput('OpenAI API Key').isVisible(), false, 'declined before the key is even asked for');
      assert.equal(fake.requests.length, 0);

      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await workbench.dialogButton('Send').click({ timeout: 30_000 });
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0]!.fields.quality, 'high');
    });
  });

  it('13. Regenerate from File makes a PNG again from the recipe inside it, whatever the settings say now', async () => {
    // The settings now differ from the recipe in the committed poster.png (made by someone with other settings).
    const userSettings = { 'openaiImages.model': 'gpt-image-2', 'openaiImages.quality': 'high', 'openaiImages.size': 'auto' };
    const recipe: Recipe = {
      version: 1,
      kind: 'generate',
      prompt: 'A lighthouse on a cliff at night.',
      model: 'gpt-image-2.6-flare',
      size: '1536x1024',
      quality: 'low',
      background: 'auto',
      createdAt: '2026-11-01T00:00:00.000Z',
      sources: [],
    };
    const prepareWorkspace = async (workspace: string) => {
      const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#203040' } })
        .png()
        .toBuffer();
      writeFileSync(path.join(workspace, 'docs', 'poster.png'), embedRecipe(png, recipe));
      // A fresh clone of a repository made with this version: a signed image, untouched, and the committed recipe
      // registry that names it by its SHA-256. No history in this window knows it.
      const signed = await (await createTestSigner()).sign(png, 'png', 'fake');
      writeFileSync(path.join(workspace, 'docs', 'harbour.png'), signed);
      const registry = withEntries(EMPTY_REGISTRY, [
        { sha256: sha256(signed), file: 'docs/harbour.png', recipe: { ...recipe, prompt: 'A harbour at dawn.', quality: 'medium', size: '1024x1024' } },
      ]);
      mkdirSync(path.join(workspace, '.openai-images'), { recursive: true });
      writeFileSync(path.join(workspace, RECIPE_REGISTRY_PATH), serializeRegistry(registry));
    };
    await scenario('13-regenerate-from-file', { userSettings, prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      // What the extension makes carries its own recipe: today's settings.
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      const made = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      const remade = await recipeOf(workspace, made);
      assert.deepEqual([remade.model, remade.quality], ['gpt-image-2', 'high']);

      // The extension reveals what it made in the explorer: once that has happened, the explorer is done changing
      // (a context menu opened while it still re-renders closes under the pointer).
      const madeRow = workbench.explorerRow(/^a-lighthouse-on-a-cliff-at-night\.png$/).first();
      await waitFor('the new image revealed in the explorer', async () => (await madeRow.getAttribute('aria-selected')) === 'true', 30_000);
      await workbench.dismissToasts();
      // The poster is made again as its recipe says, not as the settings say; named after its prompt, beside it.
      await workbench.contextMenu(workbench.explorerRow(/^poster\.png$/).first(), 'Regenerate from File');
      const again = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-1.png'));
      assert.equal(fake.requests.length, 2);
      const rerun = fake.requests[1]!.fields;
      assert.deepEqual(
        [rerun.prompt, rerun.model, rerun.quality, rerun.size],
        ['A lighthouse on a cliff at night.', 'gpt-image-2.6-flare', 'low', '1536x1024'],
      );
      assert.equal((await recipeOf(workspace, again)).model, 'gpt-image-2.6-flare');

      // The signed image of the clone: its recipe comes from the registry, and the image itself stays as signed.
      const harbour = readFileSync(path.join(workspace, 'docs', 'harbour.png'));
      // As above: the remade poster is revealed first, and a menu opened before that closes under the pointer.
      const remadeRow = workbench.explorerRow(/^a-lighthouse-on-a-cliff-at-night-1\.png$/).first();
      await waitFor('the remade image revealed in the explorer', async () => (await remadeRow.getAttribute('aria-selected')) === 'true', 30_000);
      await workbench.dismissToasts();
      await workbench.contextMenu(workbench.explorerRow(/^harbour\.png$/).first(), 'Regenerate from File');
      await waitForFile(path.join(workspace, 'docs', 'a-harbour-at-dawn.png'));
      assert.equal(fake.requests.length, 3);
      const fromRegistry = fake.requests[2]!.fields;
      assert.deepEqual(
        [fromRegistry.prompt, fromRegistry.model, fromRegistry.quality, fromRegistry.size],
        ['A harbour at dawn.', 'gpt-image-2.6-flare', 'medium', '1024x1024'],
      );
      assert.ok(readFileSync(path.join(workspace, 'docs', 'harbour.png')).equals(harbour), 'the signed original is untouched');
    });
  });
  it('14. streams: the panel draws each partial image well before the final one, and the file is the final image', async () => {
    await scenario('14-streaming-partials', {}, async ({ workspace, fake, workbench }) => {
      fake.eventDelayMs = 2_500;
      await workbench.openFile('guide.md');
      // The panel first, rendered, so a slow machine does not draw its first partial late (the panel then shows
      // only the newest partial, as it should). Then back to the editor for the selection.
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      await workbench.panelFrame();
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      const file = path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
      // What the panel shows, sampled until the final image is drawn.
      const seen: Array<{ at: number; partialIndex?: number; final: boolean }> = [];
      await waitFor(
        'the final image in the panel',
        async () => {
          const shown = await workbench.panelResults().catch(() => []);
          const first = shown[0];
          if (!first) return false;
          const sample = { at: Date.now(), partialIndex: first.partialIndex, final: first.status === 'done' && (first.imageWidths[0] ?? 0) > 0 };
          seen.push(sample);
          if (sample.partialIndex !== undefined && seen.filter((s) => s.partialIndex !== undefined).length === 1) await workbench.screenshot('partial');
          return sample.final;
        },
        60_000,
      );
      const partials = seen.filter((sample) => sample.partialIndex !== undefined);
      const final = seen.find((sample) => sample.final)!;
      assert.ok(partials.length > 0, 'no partial image was drawn before the final one');
      const indices = partials.map((sample) => sample.partialIndex!);
      assert.deepEqual(
        indices,
        [...indices].sort((a, b) => a - b),
        `partials drawn out of order: ${indices.join(',')}`,
      );
      // Events are 2.5 s apart: a partial drawn when it arrived is on screen at least that long before the final.
      assert.ok(final.at - partials[0]!.at >= 2_000, `the first partial was drawn only ${final.at - partials[0]!.at} ms before the final image`);
      assert.ok(final.at > partials.at(-1)!.at);
      const events = fake.requests[0]!.events.map((event) => event.type);
      assert.deepEqual(events, ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
      assert.equal(fake.requests[0]!.fields.stream, true);
      const bytes = await waitForFile(file);
      assert.equal(sha256(bytes), fake.requests[0]!.returned[0], 'the file is the completed image, not a partial');
      await assertIntact(fake, bytes, 'a streamed image');
    });
  });

  it('15. history survives a reload; Insert at Cursor, Refine (a thread), Regenerate and Delete File act on disk and in the editor', async () => {
    await scenario('15-history-actions', {}, async ({ workspace, fake, workbench }) => {
      const prompt = 'A lighthouse on a cliff at night.';
      const first = path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      await waitForFile(first);
      await waitFor('the panel image', async () => (await workbench.panelResults())[0]?.imageWidths[0]);

      // Close every editor, the panel too, so only the extension's stored history can bring the entry back.
      await workbench.runCommand('View: Close All Editors');
      await workbench.reloadWindow();
      // guide.md first, so the panel opens beside it rather than in the same editor group.
      await workbench.openFile('guide.md');
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      const restored = await waitFor(
        'the history in the panel after the reload',
        async () => {
          const shown = await workbench.panelResults();
          return shown[0]?.imageWidths[0] ? shown : undefined;
        },
        60_000,
      );
      assert.equal(restored.length, 1);
      assert.equal(restored[0]!.prompt, prompt);
      await workbench.screenshot('history-after-reload');

      // Insert at Cursor: into guide.md, at the end, as a Markdown image relative to it.
      await workbench.page.locator('.monaco-editor .view-lines').first().click();
      await workbench.page.keyboard.press('Control+End');
      await workbench.page.keyboard.press('Enter');
      await workbench.panelAction(prompt, 'insert');
      await workbench.page.keyboard.press('Control+s');
      await waitFor(
        'the link in guide.md',
        () => readFileSync(path.join(workspace, 'docs', 'guide.md'), 'utf8').includes(`![${prompt}](a-lighthouse-on-a-cliff-at-night.png)`),
        15_000,
      );

      // Refine: an edit of this image with a new prompt, shown as the next step of its thread.
      await workbench.panelAction(prompt, 'refine');
      await workbench.answer('now add a fountain', 'Refine a-lighthouse-on-a-cliff-at-night.png');
      const refined = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-edit.png'));
      await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night-edit\.png/);
      const edit = fake.requests[1]!;
      assert.equal(edit.path, '/v1/images/edits');
      assert.equal(edit.fields.prompt, 'now add a fountain');
      assert.deepEqual(
        edit.files.map((part) => [part.field, part.filename, part.sha256]),
        [['image', 'a-lighthouse-on-a-cliff-at-night.png', sha256(readFileSync(first))]],
      );
      assert.equal((await recipeOf(workspace, refined)).parent, 'a-lighthouse-on-a-cliff-at-night.png');
      const thread = await waitFor('the refinement with its thread', async () => {
        const shown = await workbench.panelResults();
        return shown.find((result) => result.prompt === 'now add a fountain' && result.thread.includes(prompt) && result.imageWidths[0]);
      });
      assert.match(thread.thread, /Refined from:/);

      // Regenerate: the same recipe again, beside the first image, never over it.
      await workbench.panelAction(prompt, 'regenerate');
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-1.png'));
      await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night-1\.png/);
      assert.equal(fake.requests[2]!.fields.prompt, prompt);
      assert.equal(fake.requests[2]!.path, '/v1/images/generations');

      // More Like This: the same recipe, as many more as picked, in one request.
      await workbench.panelAction(prompt, 'moreLikeThis');
      await workbench.answer('2', 'More Like This');
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-3.png'));
      await waitForCreated(workbench, /Created 2 images in docs/);
      assert.ok(existsSync(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-2.png')));
      assert.deepEqual([fake.requests[3]!.fields.prompt, fake.requests[3]!.fields.n], [prompt, 2]);
      assert.equal(fake.requests[3]!.fields.stream, false, 'two images are not streamed: partial events name no image');

      // Delete File: confirmed, to the trash (or, where there is none, permanently after a second question).
      await workbench.panelAction('now add a fountain', 'deleteFile');
      await workbench.dialogButton('Move to Trash').click({ timeout: 15_000 });
      const permanently = workbench.dialogButton('Delete Permanently');
      await waitFor(
        'the refined image to be gone',
        async () => {
          if (await permanently.isVisible()) await permanently.click();
          return !existsSync(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night-edit.png'));
        },
        20_000,
      );
      await waitFor(
        'the deleted file shown as missing',
        async () => (await workbench.panelResults()).find((result) => result.prompt === 'now add a fountain')?.missing === 1,
      );
      assert.ok(existsSync(first), 'only the chosen file was deleted');
      await workbench.screenshot('after-actions');

      // Open (last: the image takes the panel's place in its editor group): the newest result's first image.
      await workbench.panelAction(prompt, 'open');
      await workbench.page.locator('.tab', { hasText: 'a-lighthouse-on-a-cliff-at-night-2.png' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    });
  });
  it('16. drags an image from the panel into Markdown and HTML files: a relative reference in each syntax', async () => {
    const prepareWorkspace = (workspace: string) => writeFileSync(path.join(workspace, 'docs', 'page.html'), '<main>\n<p>Intro</p>\n</main>\n');
    await scenario('16-drag-into-editors', { prepareWorkspace }, async ({ workspace, workbench }) => {
      const prompt = 'A lighthouse on a cliff at night.';
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      await waitFor('the panel image', async () => (await workbench.panelResults())[0]?.imageWidths[0]);

      await workbench.dragPanelImageTo('Some more text');
      await workbench.page.keyboard.press('Control+s');
      await waitFor(
        'the Markdown link in guide.md',
        () => readFileSync(path.join(workspace, 'docs', 'guide.md'), 'utf8').includes(`![${prompt}](a-lighthouse-on-a-cliff-at-night.png)`),
        15_000,
      );

      await workbench.openFile('page.html');
      await workbench.dragPanelImageTo('<p>Intro</p>');
      await workbench.screenshot('dropped-html');
      await workbench.page.keyboard.press('Control+s');
      const html = path.join(workspace, 'docs', 'page.html');
      await waitFor(
        'the <img> in page.html',
        () => readFileSync(html, 'utf8').includes(`<img src="a-lighthouse-on-a-cliff-at-night.png" alt="${prompt}">`),
        15_000,
      );
    });
  });
  it('17. assets as code: diagnostics in a manifest, a CodeLens makes one asset, Generate Assets plans and makes the rest', async () => {
    const site = {
      defaults: { quality: 'low' },
      assets: [
        { out: 'icons/icon-a.png', prompt: 'a flat icon of a lighthouse', size: '1024x1024' },
        { out: 'hero.png', prompt: 'a wide hero image of a harbour', size: '1536x1024' },
        { out: 'icons/icon-b.png', prompt: 'a flat icon of a boat', size: '1024x1024' },
        { out: 'hero-dark.png', prompt: 'the same harbour at night', edit: { images: ['hero.png'] } },
      ],
    };
    const prepareWorkspace = (workspace: string) => {
      mkdirSync(path.join(workspace, 'assets'), { recursive: true });
      writeFileSync(path.join(workspace, 'assets', 'site.images.json'), `${JSON.stringify(site, null, 2)}\n`);
      writeFileSync(path.join(workspace, 'assets', 'broken.images.json'), '{\n  "assets": [\n    { "out": "x.png", "prompt": "x", "colour": "red" }\n  ]\n}\n');
    };
    await scenario('17-assets', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      const dir = path.join(workspace, 'assets');
      // A manifest with an unknown key: the problem shows where it is.
      await workbench.openFile('broken.images.json');
      await workbench.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await workbench.page
        .locator('.markers-panel .monaco-list-row', { hasText: 'Unknown key "colour".' })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot('manifest-problem');

      // The CodeLens above the first asset makes that one asset.
      await workbench.openFile('site.images.json');
      const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Generate (missing)' }).first();
      await lens.waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot('codelens');
      await lens.click();
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(dir, 'icons', 'icon-a.png'));
      await workbench.page.locator('.codelens-decoration a', { hasText: 'Regenerate (up to date)' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.deepEqual(
        fake.requests.map((request) => request.fields.prompt),
        ['a flat icon of a lighthouse'],
      );

      // Generate Assets: the plan in the panel, then Run makes the other three, the edit after its input.
      await workbench.runCommand('OpenAI Images: Generate Assets');
      const frame = await workbench.panelFrame();
      const plan = frame.locator('#plan');
      await plan.locator('button[data-action="runPlan"]').waitFor({ state: 'visible', timeout: 30_000 });
      // As shown: cells of a row on one line (the template's own line breaks are not text a user sees).
      const planText = await plan.innerText();
      assert.match(planText, /site\.images\.json: 3 of 4 assets to make/);
      assert.match(planText, /hero-dark\.png.*an input is made first/);
      assert.doesNotMatch(planText, /icon-a\.png/);
      await workbench.screenshot('asset-plan');
      await plan.locator('button[data-action="runPlan"]').click();
      // New image folders widen the webview's resource roots, which reloads it: find the frame anew each time.
      await waitFor(
        'the summary in the panel',
        async () => /Generated 3, unchanged 1, failed 0/.test((await (await workbench.panelFrame()).locator('#plan').textContent()) ?? ''),
        60_000,
      );
      await workbench.screenshot('asset-summary');
      const lock = JSON.parse(readFileSync(path.join(dir, 'site.images.lock.json'), 'utf8')) as { assets: Record<string, { file: string }> };
      assert.deepEqual(Object.keys(lock.assets).sort(), ['hero-dark.png', 'hero.png', 'icons/icon-a.png', 'icons/icon-b.png']);
      for (const [key, entry] of Object.entries(lock.assets)) assert.equal(entry.file, sha256(readFileSync(path.join(dir, key))), key);
      await assertIntact(fake, readFileSync(path.join(dir, 'hero.png')), 'an asset');
      assert.equal((await recipeOf(workspace, readFileSync(path.join(dir, 'hero.png')))).kind, 'generate');
      const edit = fake.requests.find((request) => request.path === '/v1/images/edits')!;
      assert.equal(edit.files[0]!.sha256, sha256(readFileSync(path.join(dir, 'hero.png'))), 'the edit was sent the hero as written');
      assert.equal(fake.requests.length, 4);

      // Nothing is stale now: a second run says so and sends nothing.
      // Whether the panel or the manifest's editor has the focus after a run is VS Code's to decide: put it in a
      // document that is not a manifest, so the command asks which one.
      await workbench.openFile('guide.md');
      await workbench.runCommand('OpenAI Images: Generate Assets');
      await workbench.answer('assets/site.images.json', 'Choose a manifest');
      await workbench.notification(/All 4 assets of site\.images\.json are up to date/).waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(fake.requests.length, 4);
      await walkthroughStepTicked(workbench, "Keep a repository's images as code");
    });
  });
  it('18. assets through the Batch API: submitted, reminded after a reload, collected when done', async () => {
    const prepareWorkspace = (workspace: string) => {
      const manifest = {
        defaults: { quality: 'low', size: '1024x1024' },
        assets: [
          { out: 'a.png', prompt: 'icon a' },
          { out: 'b.png', prompt: 'icon b' },
          { out: 'b-night.png', prompt: 'icon b at night', edit: { images: ['b.png'] } },
        ],
      };
      writeFileSync(path.join(workspace, 'icons.images.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    };
    await scenario('18-assets-batch', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      fake.batchPollsToComplete = 2;
      await workbench.openFile('icons.images.json');
      await workbench.runCommand('OpenAI Images: Submit Assets as Batch Job');
      await workbench.dialogButton('Submit').click({ timeout: 30_000 });
      await answerKeyPrompt(workbench);
      await workbench.notification(/Batch batch_1 submitted with 2 assets/).waitFor({ state: 'visible', timeout: 30_000 });
      const lock = () =>
        JSON.parse(readFileSync(path.join(workspace, 'icons.images.lock.json'), 'utf8')) as { batch?: { id: string }; assets: Record<string, unknown> };
      assert.equal(lock().batch?.id, 'batch_1');
      assert.deepEqual(
        fake.batches.get('batch_1')!.lines.map((line) => (line as { custom_id: string }).custom_id),
        ['a.png', 'b.png'],
      );

      await workbench.reloadWindow();
      const reminder = workbench.notification(/A batch job for icons\.images\.json is pending/);
      await reminder.waitFor({ state: 'visible', timeout: 60_000 });
      await reminder.locator('.monaco-button', { hasText: 'Collect Batch Results' }).press('Enter');
      await workbench.notification(/Batch batch_1 is in_progress/).waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(existsSync(path.join(workspace, 'a.png')), false);

      await workbench.runCommand('OpenAI Images: Collect Batch Results');
      await workbench.notification(/Batch batch_1 completed: wrote 2, failed 0, skipped 0/).waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(lock().batch, undefined);
      assert.deepEqual(Object.keys(lock().assets).sort(), ['a.png', 'b.png']);
      assert.equal(sha256(readFileSync(path.join(workspace, 'b.png'))), fake.batches.get('batch_1')!.returned['b.png']);
      assert.equal(fake.requests.filter((request) => request.path.startsWith('/v1/images/')).length, 0, 'nothing went to the images endpoints directly');
    });
  });
  it('19. a retired model in the settings leads to its successor: one click switches the setting and makes the image', async () => {
    const userSettings = { 'openaiImages.model': 'gpt-image-1.5' };
    await scenario('19-retired-model', { userSettings }, async ({ workspace, fake, workbench, codeServer }) => {
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      // Before 1 December the extension warns and sends; the fake API lives after it and answers 404 "deprecated".
      // From 1 December the extension itself stops the request. Either way the user is offered the successor.
      const offer = workbench.notification(/gpt-image-1\.5 (has been|was) shut down/);
      const before = Date.parse('2026-12-01T00:00:00Z') > Date.now();
      if (before) await answerKeyPrompt(workbench);
      await offer.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await offer.textContent()) ?? '', /Its successor is gpt-image-2\.6-sunburst/);
      assert.equal(existsSync(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png')), false, 'nothing written with the dead model');
      if (before) {
        assert.deepEqual(
          fake.requests.map((request) => [request.fields.model, request.status]),
          [['gpt-image-1.5', 404]],
        );
      } else {
        assert.equal(fake.requests.length, 0, 'nothing sent with a model the catalogue knows is shut down');
      }
      await workbench.screenshot('retired-model');
      await offer.locator('.monaco-button', { hasText: 'Switch to gpt-image-2.6-sunburst and Retry' }).press('Enter');
      if (!before) await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      const last = fake.requests.at(-1)!;
      assert.deepEqual([last.fields.model, last.status], ['gpt-image-2.6-sunburst', 200]);
      const settingsFile = path.join(codeServer.userDataDir, 'User', 'settings.json');
      await waitFor(
        'the user setting to name the successor',
        () => (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)['openaiImages.model'] === 'gpt-image-2.6-sunburst',
      );
    });
  });

  it('20. a hostile repository: recipes and manifests cannot upload or write outside it, no text becomes a link, the spending limit holds', async () => {
    // The repository as an attacker commits it: a symlinked folder into the user's home, PNGs whose recipes name
    // files outside, a lock file named with link syntax, a /dev/zero input, and a workspace setting that raises the
    // spending limit to 1000.
    const linkName = '[Collect](command:workbench.action.files.newUntitledFile)';
    const prepareWorkspace = async (workspace: string) => {
      const home = path.join(path.dirname(workspace), 'home');
      mkdirSync(home, { recursive: true });
      const photo = await sharp({ create: { width: 48, height: 48, channels: 4, background: '#c33' } })
        .png()
        .toBuffer();
      writeFileSync(path.join(home, 'passport-scan.png'), photo);
      symlinkSync(home, path.join(workspace, 'docs', 'linked'));
      writeFileSync(path.join(workspace, 'docs', 'photo.png'), photo);
      const recipe = (sources: string[]): Recipe => ({
        version: 1,
        kind: 'edit',
        prompt: 'make it brighter',
        model: 'gpt-image-2.6-flare',
        size: '1024x1024',
        quality: 'low',
        background: 'auto',
        createdAt: '2026-11-20T00:00:00Z',
        sources,
      });
      writeFileSync(path.join(workspace, 'docs', 'outside-recipe.png'), embedRecipe(photo, recipe(['../../home/passport-scan.png'])));
      writeFileSync(path.join(workspace, 'docs', 'linked-recipe.png'), embedRecipe(photo, recipe(['linked/passport-scan.png'])));
      writeFileSync(path.join(workspace, 'docs', 'inside-recipe.png'), embedRecipe(photo, recipe(['photo.png'])));
      writeFileSync(path.join(workspace, `${linkName}.images.json`), JSON.stringify({ assets: [{ out: 'x.png', prompt: 'x' }] }));
      writeFileSync(
        path.join(workspace, `${linkName}.images.lock.json`),
        JSON.stringify({ version: 1, assets: {}, batch: { id: 'batch_abc', submittedAt: '2026-11-20T00:00:00Z', assets: {} } }),
      );
      if (existsSync('/dev/zero')) symlinkSync('/dev/zero', path.join(workspace, 'zero.png'));
      writeFileSync(
        path.join(workspace, 'hostile.images.json'),
        JSON.stringify(
          {
            defaults: { quality: 'low' },
            assets: [
              { out: 'z.png', prompt: 'x', edit: { images: ['zero.png'] } },
              { out: 'docs/linked/planted.png', prompt: 'y' },
            ],
          },
          null,
          2,
        ),
      );
      writeFileSync(
        path.join(workspace, 'poster.images.json'),
        JSON.stringify({ assets: [{ out: 'poster.png', prompt: 'a huge poster', quality: 'high', size: '3840x2160' }] }, null, 2),
      );
      writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'openaiImages.confirmAboveUsd': 1000 }));
    };
    await scenario('20-hostile-repository', { prepareWorkspace }, async ({ dir, workspace, fake, workbench }) => {
      // The pending-batch reminder names the link-bearing manifest as text: no link in the notification.
      const reminder = workbench.notification(/A batch job for .*Collect.* is pending/);
      await reminder.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await reminder.locator('.notification-list-item-message a').count(), 0, 'the file name became a link');
      assert.match((await reminder.textContent()) ?? '', /\[Collect\]\u200b\(command:/);
      await workbench.screenshot('reminder-without-link');
      await workbench.dismissToasts();

      // Regenerate from File: recipes naming files outside (by ../ or through the symlinked folder) upload nothing.
      await workbench.expandFolder('docs', /^outside-recipe\.png$/);
      for (const [file, named] of [
        ['outside-recipe.png', '../../home/passport-scan.png'],
        ['linked-recipe.png', 'linked/passport-scan.png'],
      ] as const) {
        await workbench.contextMenu(workbench.explorerRow(new RegExp(`^${file.replace('.', '\\.')}$`)).first(), 'Regenerate from File');
        const refusal = workbench.notification(`${named} lies outside the workspace folder`);
        await refusal.waitFor({ state: 'visible', timeout: 30_000 });
        assert.match((await refusal.textContent()) ?? '', new RegExp(`The recipe of ${file.replace('.', '\\.')} names a file that is not uploaded`));
        await workbench.dismissToasts();
      }
      assert.equal(fake.requests.length, 0, 'nothing was sent');
      assert.equal(await workbench.quickInput('OpenAI API Key').isVisible(), false, 'not even the key was asked for');

      // A recipe naming a file inside: the files to upload are named, with sizes, before anything is sent.
      await workbench.contextMenu(workbench.explorerRow(/^inside-recipe\.png$/).first(), 'Regenerate from File');
      const question = workbench.page.locator('.monaco-dialog-box', {
        hasText: 'Regenerating inside-recipe.png uploads 1 file(s) named in its recipe to OpenAI.',
      });
      await question.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await question.textContent()) ?? '', /docs\/photo\.png \(0\.00 MB\)/);
      await workbench.screenshot('upload-question');
      await workbench.dialogButton('Upload and Regenerate').click();
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(workspace, 'docs', 'photo-edit.png'));
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(
        fake.requests[0]!.files.map((file) => file.sha256),
        [sha256(readFileSync(path.join(workspace, 'docs', 'photo.png')))],
      );
      // Nothing may take the active tab from the manifest opened next.
      await waitForCreated(workbench, /Created docs\/photo-edit\.png/);

      // A manifest naming /dev/zero and a path through the symlinked folder: refused, nothing read or written.
      // From the explorer: quick open's file search does not list this workspace (ripgrep and the /dev/zero link).
      const openFromExplorer = async (name: RegExp) => {
        await workbench.explorerRow(name).first().click();
        await workbench.page.locator('.tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
      };
      await openFromExplorer(/^hostile\.images\.json$/);
      await workbench.runCommand('OpenAI Images: Generate Assets');
      const refused = workbench.notification(/hostile\.images\.json cannot be used: (zero\.png|docs\/linked\/planted\.png) lies outside the workspace folder/);
      await refused.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(existsSync(path.join(dir, 'home', 'planted.png')), false);
      await workbench.dismissToasts();

      // The workspace's confirmAboveUsd of 1000 does not hold: the user's (default) 0.5 asks before a $1 poster.
      await openFromExplorer(/^poster\.images\.json$/);
      const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Generate (missing)' }).first();
      await lens.waitFor({ state: 'visible', timeout: 30_000 });
      await lens.click();
      const cost = workbench.page.locator('.monaco-dialog-box', { hasText: 'Making poster.png may cost' });
      await cost.waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot('spending-limit');
      await workbench.dialogButton('Cancel').click();
      await cost.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(fake.requests.length, 1, 'the poster was not sent');
      assert.equal(existsSync(path.join(workspace, 'poster.png')), false);
    });
  });

  /** A photo-like opaque image for the canvas: two colours, so a wrong orientation or crop would show. */
  async function writePhoto(file: string, width: number, height: number, format: 'png' | 'jpeg' | 'jpeg-turned'): Promise<void> {
    const half = await sharp({ create: { width, height: height / 2, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer();
    const image = sharp({ create: { width, height, channels: 3, background: '#cc8844' } }).composite([{ input: half, top: 0, left: 0 }]);
    if (format === 'png') writeFileSync(file, await image.png().toBuffer());
    // As a phone stores a portrait photo: landscape pixels and an EXIF orientation (6) that turns them upright.
    else if (format === 'jpeg-turned')
      writeFileSync(
        file,
        await sharp(await image.jpeg().toBuffer())
          .withMetadata({ orientation: 6 })
          .jpeg()
          .toBuffer(),
      );
    else writeFileSync(file, await image.jpeg().toBuffer());
  }

  /** Alpha of a PNG's pixels at the given points. */
  async function alphaAt(png: Buffer, points: ReadonlyArray<readonly [number, number]>): Promise<number[]> {
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return points.map(([x, y]) => data[(y * info.width + x) * info.channels + 3]!);
  }

  async function openCanvasFromExplorer(workbench: Workbench, name: RegExp, imageName: string) {
    await workbench.openContextMenu(workbench.explorerRow(name).first(), 'Draw Edit...');
    await workbench.chooseMenuEntry('Draw Edit...');
    return workbench.canvasFrame(imageName);
  }

  it('21. Draw Edit: a mask painted with the mouse (one stroke undone from the keyboard) is sent, kept beside the image, and opens again', async () => {
    const prepareWorkspace = (workspace: string) => writePhoto(path.join(workspace, 'photo.png'), 512, 384, 'png');
    const userSettings = { 'openaiImages.confirmAboveUsd': 100 };
    await scenario('21-canvas-mask', { prepareWorkspace, userSettings }, async ({ workspace, fake, workbench }) => {
      let frame = await openCanvasFromExplorer(workbench, /^photo\.png$/, 'photo.png');
      // The estimate for the chosen model, quality and size, and again when the quality changes.
      await frame.locator('#estimate', { hasText: /^Estimated cost: (up to|about) \$\d/ }).waitFor({ timeout: 15_000 });
      // The photo was not made by the API: the canvas says it carries no Content Credentials, and claims none.
      await frame.locator('#credentials', { hasText: 'Content Credentials: none' }).waitFor({ timeout: 15_000 });
      const medium = await frame.locator('#estimate').textContent();
      await frame.locator('#quality').selectOption('low');
      await waitFor('the estimate for low quality', async () => ((await frame.locator('#estimate').textContent()) !== medium ? true : undefined), 10_000);
      // Stroke A stays; stroke B is undone with Ctrl+Z.
      await workbench.drawOnCanvas(frame, [
        { x: 60, y: 100 },
        { x: 250, y: 100 },
      ]);
      await workbench.drawOnCanvas(frame, [
        { x: 60, y: 300 },
        { x: 250, y: 300 },
      ]);
      await workbench.screenshot('canvas-two-strokes');
      // Undo and redo from the keyboard: each changes the drawing exactly once.
      const strokeB = () =>
        frame.evaluate(() => document.querySelector<HTMLCanvasElement>('canvas.layer.mask')!.getContext('2d')!.getImageData(150, 300, 1, 1).data[3]);
      await workbench.page.keyboard.press('Control+z');
      await frame.locator('#redo:not([disabled])').waitFor({ timeout: 10_000 });
      assert.equal(await strokeB(), 0);
      await workbench.page.keyboard.press('Control+Shift+z');
      await frame.locator('#redo[disabled]').waitFor({ timeout: 10_000 });
      assert.equal(await strokeB(), 255);
      // And from the editor's title bar ("Undo Drawing").
      await workbench.page.locator('.editor-actions .action-label[aria-label^="Undo Drawing"]').first().click();
      await frame.locator('#redo:not([disabled])').waitFor({ timeout: 10_000 });
      assert.equal(await strokeB(), 0);
      assert.equal(await frame.locator('#undo[disabled]').count(), 0, 'stroke A is still there to undo');
      // Ctrl+Z in the prompt undoes typing there, not a stroke.
      await frame.locator('#prompt').fill('a small red balloon');
      await frame.locator('#prompt').press('End');
      await workbench.page.keyboard.type(' and a kite');
      await workbench.page.keyboard.press('Control+z');
      await waitFor('the typing undone', async () => (await frame.locator('#prompt').inputValue()) === 'a small red balloon' || undefined, 10_000);
      assert.equal(await frame.locator('#undo[disabled]').count(), 0, 'stroke A was not undone by it');
      assert.equal(await frame.locator('#redo[disabled]').count(), 0, 'nor stroke B redone');
      await workbench.screenshot('canvas');
      await frame.locator('#edit').press('Enter');
      await answerKeyPrompt(workbench);

      const result = await waitForFile(path.join(workspace, 'photo-edit.png'));
      const kept = await waitForFile(path.join(workspace, 'photo.mask.png'));
      const request = fake.requests.find((each) => each.path === '/v1/images/edits')!;
      assert.equal(request.fields.prompt, 'a small red balloon');
      const part = (field: string) => request.files.find((file) => file.field === field)!;
      assert.equal(part('image').sha256, sha256(readFileSync(path.join(workspace, 'photo.png'))));
      assert.equal(part('mask').sha256, sha256(kept), 'the mask sent is the one kept beside the image');
      assert.deepEqual(
        await sharp(kept)
          .metadata()
          .then(({ width, height, format }) => ({ width, height, format })),
        { width: 512, height: 384, format: 'png' },
      );
      // Transparent along stroke A; opaque where the undone stroke B went and away from both.
      assert.deepEqual(
        await alphaAt(kept, [
          [70, 100],
          [150, 100],
          [240, 100],
          [150, 90],
        ]),
        [0, 0, 0, 0],
      );
      assert.deepEqual(
        await alphaAt(kept, [
          [150, 300],
          [70, 300],
          [400, 200],
          [150, 160],
          [10, 10],
        ]),
        [255, 255, 255, 255, 255],
      );
      assert.equal((await recipeOf(workspace, result)).mask, 'photo.mask.png');
      await frame.locator('#edit-result').waitFor({ timeout: 30_000 });
      const shown = await waitFor('the edit in the panel', async () => {
        const results = await workbench.panelResults();
        return results[0]?.imageWidths[0] ? results : undefined;
      });
      assert.equal(shown[0]!.prompt, 'a small red balloon');

      // "Edit Result" opens the canvas on the new image.
      await frame.locator('#edit-result').press('Enter');
      await workbench.canvasFrame('photo-edit.png');
      await workbench.runCommand('View: Close All Editors');

      // Opened again, the canvas starts from the kept mask: stroke A painted, nothing where B was.
      frame = await openCanvasFromExplorer(workbench, /^photo\.png$/, 'photo.png');
      await frame.waitForFunction(() => document.body.dataset.drawingLoaded === 'mask', undefined, { timeout: 15_000 });
      const layerAlpha = await frame.evaluate(() => {
        const layer = document.querySelector<HTMLCanvasElement>('canvas.layer.mask')!;
        const context = layer.getContext('2d')!;
        return [
          [150, 100],
          [150, 300],
        ].map(([x, y]) => context.getImageData(x!, y!, 1, 1).data[3]);
      });
      assert.deepEqual(layerAlpha, [255, 0]);
      await walkthroughStepTicked(workbench, 'Edit it by drawing where to change');
    });
  });

  it('22. Draw Edit: markup (a box drawn with a GPT Image 2.5 model) on a phone-turned JPEG, and a mask on it sent as a PNG of it', async () => {
    // Stored 480x320 with EXIF orientation 6: shown, drawn on and compared by the API as 320x480.
    const prepareWorkspace = (workspace: string) => writePhoto(path.join(workspace, 'street.jpg'), 480, 320, 'jpeg-turned');
    const userSettings = { 'openaiImages.confirmAboveUsd': 100 };
    await scenario('22-canvas-markup', { prepareWorkspace, userSettings }, async ({ workspace, fake, workbench }) => {
      await workbench.runCommand('OpenAI Images: Set API Key');
      await answerKeyPrompt(workbench);
      const frame = await openCanvasFromExplorer(workbench, /^street\.jpg$/, 'street.jpg');
      await frame.locator('#mode-markup').press('Enter');
      // A model that takes no markup: the canvas says so and offers the ones that do (GPT Image 2.6 is offered it too,
      // though sources disagree; the SDK names 2.5, chosen here).
      await frame.locator('#model').selectOption('gpt-image-2');
      await frame.locator('#markup-refused').waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('#edit').isDisabled(), true);
      await frame.locator('#model').selectOption('gpt-image-2.5-sunburst');
      await frame.locator('#markup-refused').waitFor({ state: 'detached', timeout: 10_000 });
      await frame.locator('#tool-box').press('Enter');
      await workbench.drawOnCanvas(frame, [
        { x: 100, y: 80 },
        { x: 300, y: 240 },
      ]);
      await frame.locator('#prompt').fill('put a bicycle in the box');
      await workbench.screenshot('canvas-markup');
      await frame.locator('#edit').press('Enter');
      const kept = await waitForFile(path.join(workspace, 'street.markup.png'));
      await waitForFile(path.join(workspace, 'street-edit.png'));
      const markupRequest = fake.requests.find((each) => each.path === '/v1/images/edits')!;
      assert.equal(markupRequest.fields.model, 'gpt-image-2.5-sunburst');
      const markupPart = markupRequest.files.find((file) => file.field === 'markup')!;
      assert.equal(markupPart.sha256, sha256(kept));
      assert.equal(markupRequest.files.find((file) => file.field === 'image')!.type, 'image/jpeg', 'markup leaves the image as it is');
      assert.ok(!markupRequest.files.some((file) => file.field === 'mask'));
      assert.deepEqual(
        await sharp(kept)
          .metadata()
          .then(({ width, height }) => ({ width, height })),
        { width: 320, height: 480 },
      );
      // Drawn on the box's edges, transparent inside it and away from it.
      const [left, top, inside, away] = await alphaAt(kept, [
        [100, 160],
        [200, 80],
        [200, 160],
        [300, 420],
      ]);
      assert.ok(left! > 0 && top! > 0, `the box's edges are drawn (${left}, ${top})`);
      assert.deepEqual([inside, away], [0, 0]);

      // A mask on the JPEG: the image goes as a PNG made from it, of the same size. The panel opens beside the
      // canvas with the first result, which narrows the canvas: wait for it before drawing.
      await waitFor('the first edit in the panel', async () => (await workbench.panelResults())[0]?.status === 'done');
      // The panel shows the result before the canvas hears of it; until then its Edit button is disabled and a
      // press on it does nothing, as it would for a user.
      await frame.locator('#status.done').waitFor({ timeout: 30_000 });
      await frame.locator('#mode-mask').press('Enter');
      await workbench.drawOnCanvas(frame, [
        { x: 40, y: 40 },
        { x: 120, y: 40 },
      ]);
      await frame.locator('#prompt').fill('a kite in the sky');
      assert.equal(await frame.locator('#edit').isDisabled(), false);
      await frame.locator('#edit').press('Enter');
      const mask = await waitForFile(path.join(workspace, 'street.mask.png'));
      const maskRequest = await waitFor('the masked edit', () => fake.requests.filter((each) => each.path === '/v1/images/edits')[1]);
      const image = maskRequest.files.find((file) => file.field === 'image')!;
      assert.deepEqual([image.filename, image.type], ['street.png', 'image/png']);
      assert.equal(maskRequest.files.find((file) => file.field === 'mask')!.sha256, sha256(mask));
      assert.deepEqual(
        await alphaAt(mask, [
          [80, 40],
          [80, 200],
        ]),
        [0, 255],
      );
      await waitFor('the masked edit to be written', () => existsSync(path.join(workspace, 'street-edit-1.png')) || undefined, 30_000);
    });
  });

  /** Calls a language model tool as an agent would (through the test extension) and returns what came back. */
  async function invokeTool(
    workbench: Workbench,
    workspace: string,
    call: { name: string; input: unknown },
    whileWaiting?: () => Promise<void>,
  ): Promise<{
    tool?: { name: string; tags?: string[] };
    parts?: Array<{ text?: string; mimeType?: string; bytes?: number; head?: number[] }>;
    error?: string;
  }> {
    // Each call answers under its own name: deleting a shared result file raced VS Code's rename of it.
    const id = `${call.name}-${readdirSync(workspace).filter((name) => name.startsWith('tool-result-')).length + 1}`;
    const result = path.join(workspace, `tool-result-${id}.json`);
    writeFileSync(path.join(workspace, 'tool-call.json'), JSON.stringify({ ...call, id }));
    await workbench.runCommand('Test Agent: Invoke Image Tool');
    await whileWaiting?.();
    return JSON.parse((await waitForFile(result, `the ${call.name} result`)).toString()) as never;
  }

  it('23. agents: a language model tool call asks with the cost and files, writes the image with its recipe, records it, and returns it', async () => {
    await scenario('23-agent-tools', {}, async ({ workspace, fake, workbench }) => {
      const generate = { name: 'generate_image', input: { prompt: 'a lighthouse at dusk', path: 'art/lighthouse.png', quality: 'low' } };
      const made = await invokeTool(workbench, workspace, generate, async () => {
        const question = workbench.page.locator('.monaco-dialog-box', { hasText: 'Generate an image with gpt-image-2.6-sunburst?' });
        await question.waitFor({ state: 'visible', timeout: 30_000 });
        const text = (await question.textContent()) ?? '';
        assert.match(text, /Prompt: "a lighthouse at dusk"/, 'the prompt shown as quoted data');
        assert.match(text, /Writes: "art\/lighthouse\.png"/);
        assert.match(text, /Estimated cost: (about|up to) \$0\.\d+\. Agents have spent \$0\.0+ of the \$2\.00/);
        await question.screenshot({ path: path.join(workbench.artifactsDir, 'tool-confirmation.png') });
        assert.equal(fake.requests.length, 0, 'nothing is sent before the user confirms');
        await workbench.dialogButton('Yes').click();
        await answerKeyPrompt(workbench);
      });
      assert.deepEqual(made.tool?.tags, ['images', 'openai']);
      const answer = JSON.parse(made.parts?.[0]?.text ?? '{}') as { files?: string[]; costUsd?: number; model?: string };
      assert.deepEqual(answer.files, ['art/lighthouse.png']);
      assert.ok((answer.costUsd ?? 0) > 0, 'the actual cost from the usage');
      assert.equal(answer.model, 'gpt-image-2.6-sunburst');
      // A thumbnail for a vision model (openaiImages.agentImageContent: thumbnail), made by the sharp the .vsix carries.
      assert.equal(made.parts?.[1]?.mimeType, 'image/webp', 'a thumbnail of the image, for a vision model');
      assert.deepEqual(made.parts?.[1]?.head?.slice(0, 4), [0x52, 0x49, 0x46, 0x46], 'a WebP (RIFF) file');
      const file = readFileSync(path.join(workspace, 'art', 'lighthouse.png'));
      assert.ok((made.parts?.[1]?.bytes ?? Infinity) < file.length, 'smaller than the image it shows');
      assert.equal((await recipeOf(workspace, file)).prompt, 'a lighthouse at dusk');
      await assertIntact(fake, file, "an agent's image");
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0]!.path, '/v1/images/generations');
      assert.equal(fake.requests[0]!.fields.quality, 'low');
      // The history entry, in the panel the call opened.
      await waitFor('the tool call in the panel', async () =>
        (await workbench.panelResults()).find((result) => result.prompt === 'a lighthouse at dusk' && result.status.includes('done')),
      );

      // An edit of it: asked with what it reads and writes, written beside it, sent as an edit of those bytes.
      const edited = await invokeTool(
        workbench,
        workspace,
        { name: 'edit_image', input: { images: ['art/lighthouse.png'], prompt: 'add a boat' } },
        async () => {
          const question = workbench.page.locator('.monaco-dialog-box', { hasText: 'Edit art/lighthouse.png with gpt-image-2.6-sunburst?' });
          await question.waitFor({ state: 'visible', timeout: 30_000 });
          assert.match((await question.textContent()) ?? '', /Reads: "art\/lighthouse\.png".*Writes: "art\/lighthouse-edit\.png"/);
          await workbench.dialogButton('Yes').click();
        },
      );
      assert.deepEqual((JSON.parse(edited.parts?.[0]?.text ?? '{}') as { files?: string[] }).files, ['art/lighthouse-edit.png']);
      assert.equal(fake.requests[1]!.path, '/v1/images/edits');
      assert.deepEqual((await recipeOf(workspace, readFileSync(path.join(workspace, 'art', 'lighthouse-edit.png')))).sources, ['lighthouse.png']);

      // Read-only and free: no confirmation; finds the image by its recorded prompt.
      const found = await invokeTool(workbench, workspace, { name: 'find_images', input: { query: 'lighthouse dusk' } });
      const images = (JSON.parse(found.parts?.[0]?.text ?? '{}') as { images?: Array<{ file: string; prompt: string }> }).images;
      assert.deepEqual(
        images?.map((image) => image.file),
        ['art/lighthouse.png'],
      );

      // A path out of the workspace: refused in words the model can act on, without asking the user or sending.
      const outside = await invokeTool(workbench, workspace, { name: 'generate_image', input: { prompt: 'a cat', path: '../outside.png' } });
      assert.match(outside.parts?.[0]?.text ?? '', /lies outside the workspace folder/);
      assert.equal(existsSync(path.join(workspace, '..', 'outside.png')), false);
      assert.equal(fake.requests.length, 2);
    });
  });

  it('24. holds an image conversation: three chained turns with their files, then a reload and a fourth turn', async () => {
    const userSettings = { 'openaiImages.quality': 'low', 'openaiImages.partialImages': 2 };
    await scenario('24-conversation', { userSettings }, async ({ workspace, fake, workbench }) => {
      await workbench.runCommand('OpenAI Images: Start Image Conversation');
      let frame = await workbench.conversationFrame();
      await frame.locator('#estimate', { hasText: /^Next turn: up to \$\d/ }).waitFor({ timeout: 15_000 });
      const responses = () => fake.requests.filter((request) => request.path === '/v1/responses');
      /** Sends a turn and waits for its image in the thread, read from disk and shown. */
      const turn = async (words: string, file: string, expectKeyPrompt = false) => {
        const before = responses().length;
        await frame.locator('#send:not([disabled])').waitFor({ timeout: 30_000 });
        await frame.locator('#prompt').fill(words);
        await frame.locator('#prompt').press('Enter');
        if (expectKeyPrompt) await answerKeyPrompt(workbench);
        await waitForFile(path.join(workspace, file));
        const shown = frame.locator('.turn[data-status="done"]', { has: frame.locator('.user p', { hasText: words }) });
        await shown.locator('img.result').waitFor({ timeout: 30_000 });
        await waitFor(`the image of "${words}" to load`, () =>
          shown.locator('img.result').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0),
        );
        await shown.locator('.cost', { hasText: /^Cost \$\d\.\d{3} \(image \$\d\.\d{3}, gpt-6\.1-sol \$\d\.\d{3}\)$/ }).waitFor({ timeout: 10_000 });
        assert.equal(responses().length, before + 1);
        return responses().at(-1)!;
      };

      const first = await turn('draw a park', 'draw-a-park.png', true);
      const second = await turn('now add a fountain', 'draw-a-park-1.png');
      const third = await turn('go back to the first one, but at dusk', 'draw-a-park-2.png');
      await workbench.screenshot('conversation');

      assert.equal(first.fields.previous_response_id, undefined);
      assert.equal(first.fields.model, 'gpt-6.1-sol');
      assert.equal(second.fields.previous_response_id, first.responseId);
      assert.equal(third.fields.previous_response_id, second.responseId, 'the third request carries the second response id');
      for (const request of [first, second, third]) {
        assert.equal((request.fields.tools as Array<{ quality: string; partial_images: number }>)[0]!.quality, 'low');
        assert.equal(request.events.filter((event) => event.type === 'response.image_generation_call.partial_image').length, 2, 'streamed partial images');
      }
      // Each image is its own file, never over another, with a recipe naming the conversation and its response.
      const recipe = await recipeOf(workspace, readFileSync(path.join(workspace, 'draw-a-park-2.png')));
      assert.equal(recipe?.prompt, 'go back to the first one, but at dusk');
      assert.equal(recipe?.conversation?.responseId, third.responseId);
      assert.equal(recipe?.conversation?.turn, 3);
      assert.deepEqual(recipe?.sources, ['draw-a-park-1.png'], 'the third turn edits the second image');
      // The model's revised prompt carries the whole conversation (the fake echoes the chain it was given).
      const revised = await frame.locator('.turn').nth(2).locator('details.revised p').textContent();
      assert.equal(revised, 'draw a park; then now add a fountain; then go back to the first one, but at dusk');

      // The Images panel has each turn's image, the third refining the second refining the first.
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      const results = await waitFor('the turns in the Images panel', async () => {
        const shown = await workbench.panelResults();
        return shown.length === 3 ? shown : undefined;
      });
      const thirdResult = results.find((result) => result.prompt === 'go back to the first one, but at dusk')!;
      assert.match(thirdResult.thread, /draw a park.*now add a fountain/s);

      await workbench.reloadWindow();
      frame = await workbench.conversationFrame(60_000);
      await waitFor(
        'the restored thread with its three images',
        async () => ((await frame.locator('.turn[data-status="done"] img.result').count()) === 3 ? true : undefined),
        30_000,
      );
      await workbench.screenshot('conversation-restored');
      const fourth = await turn('now make it night', 'draw-a-park-3.png');
      assert.equal(fourth.fields.previous_response_id, third.responseId, 'the conversation goes on after the reload');
      assert.equal(await workbench.quickInput('OpenAI API Key').isVisible(), false, 'no key prompt after the reload');

      // Closed, it opens again from the list of the workspace's conversations.
      await workbench.runCommand('View: Close Editor');
      await waitFor('the conversation closed', async () =>
        (await workbench.page.locator('.tab', { hasText: 'draw a park' }).count()) === 0 ? true : undefined,
      );
      await workbench.runCommand('OpenAI Images: Open Image Conversation...');
      await workbench.answer('draw a park', 'Open Image Conversation');
      frame = await workbench.conversationFrame();
      await waitFor('the reopened thread', async () => ((await frame.locator('.turn[data-status="done"] img.result').count()) === 4 ? true : undefined));
      // And from a turn's image in the Images panel: that conversation, not a new one.
      await workbench.runCommand('View: Close Editor');
      await waitFor('the conversation closed again', async () =>
        (await workbench.page.locator('.tab', { hasText: 'draw a park' }).count()) === 0 ? true : undefined,
      );
      await workbench.panelAction('now add a fountain', 'converse');
      frame = await workbench.conversationFrame();
      await waitFor('the thread opened from the panel', async () => ((await frame.locator('.turn[data-status="done"]').count()) === 4 ? true : undefined));

      // Forgotten, with its four stored responses deleted at OpenAI; its images stay.
      await workbench.runCommand('OpenAI Images: Open Image Conversation...');
      const row = workbench.quickInput('Open Image Conversation').locator('.monaco-list-row', { hasText: 'draw a park' });
      await row.hover();
      await row.locator('.action-label.codicon-trash').click();
      await workbench.dialogButton('Forget and Delete at OpenAI').click({ timeout: 15_000 });
      await workbench.notification(/Deleted 4 stored responses at OpenAI/).waitFor({ state: 'visible', timeout: 30_000 });
      assert.deepEqual(
        fake.requests.filter((request) => request.method === 'DELETE').map((request) => request.path),
        [first, second, third, fourth].map((request) => `/v1/responses/${request.responseId}`),
      );
      await waitFor('the forgotten conversation closed', async () =>
        (await workbench.page.locator('.tab', { hasText: 'draw a park' }).count()) === 0 ? true : undefined,
      );
      assert.ok(existsSync(path.join(workspace, 'draw-a-park-3.png')));
    });
  });

  it('25. continues in a conversation from an image in the explorer: the image goes with the first turn; a text answer and a blocked turn are explained in the thread', async () => {
    const prepareWorkspace = (workspace: string) => writePhoto(path.join(workspace, 'photo.png'), 512, 384, 'png');
    const userSettings = { 'openaiImages.maxRetries': 0 };
    await scenario('25-conversation-from-image', { prepareWorkspace, userSettings }, async ({ workspace, fake, workbench }) => {
      fake.textOnlyPrompts = ['which one'];
      fake.blockedPrompts = ['forbidden'];
      await workbench.openContextMenu(workbench.explorerRow(/^photo\.png$/).first(), 'Continue in Image Conversation');
      await workbench.chooseMenuEntry('Continue in Image Conversation');
      const frame = await workbench.conversationFrame();
      await frame.locator('.source figcaption', { hasText: 'Started from photo.png' }).waitFor({ timeout: 15_000 });
      const send = async (words: string) => {
        // While a turn runs, Send is disabled and Enter sends nothing.
        await frame.locator('#send:not([disabled])').waitFor({ timeout: 30_000 });
        await frame.locator('#prompt').fill(words);
        await frame.locator('#prompt').press('Enter');
      };

      await send('change which one');
      await answerKeyPrompt(workbench);
      const words = frame.locator('.turn[data-status="text"]');
      await words.locator('.words', { hasText: 'Which of the images do you mean' }).waitFor({ timeout: 30_000 });
      await words.locator('.note', { hasText: 'No image this turn' }).waitFor({ timeout: 5_000 });
      const first = fake.requests.find((request) => request.path === '/v1/responses')!;
      const content = (first.fields.input as Array<{ content: Array<{ type: string; image_url?: string }> }>)[0]!.content;
      assert.equal(content[1]?.type, 'input_image');
      assert.equal(content[1]?.image_url, `data:image/png;base64,${readFileSync(path.join(workspace, 'photo.png')).toString('base64')}`);

      await send('make the sky stormy');
      await waitForFile(path.join(workspace, 'photo-edit.png'));
      const responses = fake.requests.filter((request) => request.path === '/v1/responses');
      assert.equal(responses[1]!.fields.previous_response_id, first.responseId, 'a text answer is part of the conversation too');
      const secondContent = (responses[1]!.fields.input as Array<{ content: Array<{ type: string }> }>)[0]!.content;
      assert.deepEqual(
        secondContent.map((part) => part.type),
        ['input_text'],
        'the image went with the first turn only',
      );
      assert.deepEqual((await recipeOf(workspace, readFileSync(path.join(workspace, 'photo-edit.png')))).sources, ['photo.png']);

      // Cancel while it streams: the partial image was shown, nothing is written, the request is dropped.
      fake.eventDelayMs = 1500;
      await send('a slow one');
      await frame.locator('.turn[data-status="running"] img.partial').waitFor({ timeout: 30_000 });
      await workbench.screenshot('conversation-partial');
      await frame.locator('#cancel').click();
      await frame.locator('.turn[data-status="cancelled"] .error', { hasText: 'Cancelled. Nothing was written.' }).waitFor({ timeout: 15_000 });
      const slow = fake.requests.filter((request) => request.path === '/v1/responses').at(-1)!;
      await waitFor('the cancelled request to be dropped', () => slow.aborted);
      assert.equal(slow.fields.previous_response_id, responses[1]!.responseId);
      fake.eventDelayMs = 0;

      // A server error: explained in the thread; the notification's Retry sends the turn again, in this panel.
      fake.script({ status: 500, body: errorBody('The server had an error while processing your request.', 'server_error', 'server_error') });
      await send('add a rainbow');
      // The fake answers at a base URL of the user's, so the message names that server, not OpenAI.
      await frame
        .locator('.turn[data-status="failed"] .error', { hasText: /The server at 127\.0\.0\.1:\d+ had a server error \(500\)/ })
        .waitFor({ timeout: 30_000 });
      const toast = workbench.notification(/The server at 127\.0\.0\.1:\d+ had a server error/);
      await toast.waitFor({ state: 'visible', timeout: 15_000 });
      await toast.locator('.monaco-button', { hasText: 'Retry' }).press('Enter');
      await waitForFile(path.join(workspace, 'photo-edit-1.png'));
      await frame.locator('.turn[data-status="done"]', { has: frame.locator('.user p', { hasText: 'add a rainbow' }) }).waitFor({ timeout: 30_000 });
      await workbench.dismissToasts();

      await send('something forbidden');
      await frame
        .locator('.turn[data-status="failed"] .error', { hasText: "OpenAI's safety system blocked this request at the input stage (categories: violence)" })
        .waitFor({ timeout: 30_000 });
      await workbench.screenshot('conversation-errors');
      assert.deepEqual(
        filesBelow(workspace)
          .filter((file) => file.endsWith('.png'))
          .map((file) => path.relative(workspace, file))
          .sort(),
        ['photo-edit-1.png', 'photo-edit.png', 'photo.png', 'sub with space/logo.png'],
      );
    });
  });

  it('26. candidates: a CodeLens drafts four side by side in the panel with their cost; Choose remakes one, locks it and makes its derivatives', async () => {
    const set = {
      draftModel: 'gpt-image-2.6-flare',
      draftQuality: 'low',
      assets: [
        {
          out: 'logo.png',
          prompt: 'a fox logo',
          model: 'gpt-image-2.6-sunburst',
          quality: 'low',
          size: '1024x1024',
          derive: [{ out: 'logo-{size}.png', sizes: [64, 128] }],
        },
      ],
    };
    const prepareWorkspace = (workspace: string) => {
      mkdirSync(path.join(workspace, 'brand'), { recursive: true });
      writeFileSync(path.join(workspace, 'brand', 'logo.images.json'), `${JSON.stringify(set, null, 2)}\n`);
    };
    await scenario('26-candidates', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      const dir = path.join(workspace, 'brand');
      const drafts = path.join(workspace, '.openai-images', 'drafts', 'brand', 'logo.png');
      await workbench.openFile('logo.images.json');
      const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Generate 4 Candidates' }).first();
      await lens.waitFor({ state: 'visible', timeout: 30_000 });
      await lens.click();
      await answerKeyPrompt(workbench);
      await waitForFile(path.join(drafts, 'candidates.json'));
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0]!.fields.n, 4, 'one request for all four');
      assert.equal(fake.requests[0]!.fields.model, 'gpt-image-2.6-flare', 'drafted at the draft model');
      assert.equal(existsSync(path.join(dir, 'logo.png')), false, 'out waits for a choice');
      assert.match(readFileSync(path.join(workspace, '.gitignore'), 'utf8'), /^\.openai-images\/drafts\/$/m);

      // Side by side in the panel, each drawn from its file, with its cost.
      const frame = await workbench.panelFrame();
      const choice = frame.locator('#choices .choice[data-state="waiting"]');
      await choice.waitFor({ state: 'visible', timeout: 30_000 });
      const candidates = choice.locator('.candidate');
      assert.equal(await candidates.count(), 4);
      await waitFor(
        'the four drafts to be drawn',
        async () =>
          (await candidates.locator('img').evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth > 0).length)) === 4,
        30_000,
      );
      const text = await choice.innerText();
      assert.match(text, /logo\.png of logo\.images\.json: 4 candidates to choose from/);
      assert.match(text, /Candidate 3\s+\$\d+\.\d{3}/);
      assert.match(text, /Choose remakes it with gpt-image-2\.6-sunburst/);
      await workbench.screenshot('candidates');

      const third = readFileSync(path.join(drafts, '3.png'));
      await choice.locator('.candidate[data-candidate="3"] button[data-action="choose"]').click();
      await waitFor(
        'the choice to be written',
        async () =>
          /Candidate 3 remade with gpt-image-2\.6-sunburst .* and written to logo\.png\. 2 derivatives made\./.test(
            (await (await workbench.panelFrame()).locator('#choices').textContent()) ?? '',
          ),
        60_000,
      );
      await workbench.screenshot('candidate-chosen');
      const remake = fake.requests[1]!;
      assert.equal(remake.path, '/v1/images/edits');
      assert.equal(remake.fields.model, 'gpt-image-2.6-sunburst');
      assert.equal(remake.files[0]!.sha256, sha256(third), 'the chosen draft is what was remade');
      const lock = JSON.parse(readFileSync(path.join(dir, 'logo.images.lock.json'), 'utf8')) as {
        assets: Record<string, { file: string; chosen?: unknown }>;
        derived?: Record<string, { file: string }>;
      };
      assert.deepEqual(lock.assets['logo.png']!.chosen, { candidate: 3, of: 4, keptDraft: false });
      assert.equal(lock.assets['logo.png']!.file, sha256(readFileSync(path.join(dir, 'logo.png'))));
      for (const size of [64, 128]) {
        const file = path.join(dir, `logo-${size}.png`);
        assert.deepEqual(
          await sharp(file)
            .metadata()
            .then(({ width, height }) => [width, height]),
          [size, size],
        );
        assert.equal(lock.derived?.[`logo-${size}.png`]?.file, sha256(readFileSync(file)));
      }
      await assertIntact(fake, readFileSync(path.join(dir, 'logo.png')), 'the chosen asset');
      assert.equal(fake.requests.length, 2);
    });
  });
  it("27. Generate Image... offers the workspace's style kits: the typed prompt goes with the style's words and its reference", async () => {
    const kit = {
      styles: { paper: { brief: 'cut paper, soft shadows', palette: ['#AA3322'], references: ['ref.png'], quality: 'low' } },
      assets: [{ out: 'crane.png', prompt: 'a paper crane', style: 'paper' }],
    };
    const reference = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#aa3322' } })
      .png()
      .toBuffer();
    const prepareWorkspace = (workspace: string) => {
      mkdirSync(path.join(workspace, 'brand'), { recursive: true });
      writeFileSync(path.join(workspace, 'brand', 'kit.images.json'), `${JSON.stringify(kit, null, 2)}\n`);
      writeFileSync(path.join(workspace, 'brand', 'ref.png'), reference);
    };
    await scenario('27-generate-with-style', { prepareWorkspace }, async ({ workspace, fake, workbench }) => {
      await workbench.runCommand('OpenAI Images: Generate Image...');
      const box = workbench.quickInput('Generate Image');
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      await box.locator('input').first().fill('a lantern festival');
      // The button appears once the workspace's manifests were read; Enter would make a plain image instead.
      const styleButton = box.locator('.quick-input-titlebar [aria-label="Generate with Style..."]');
      await styleButton.waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot('style-offered');
      await styleButton.click();
      const styles = workbench.quickInput('Generate with Style');
      const row = styles.locator('.monaco-list-row', { hasText: 'paper' }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match((await row.innerText()) ?? '', /cut paper, soft shadows/);
      await row.click();
      await answerKeyPrompt(workbench);
      await waitFor('the styled image', () => filesBelow(workspace).some((file) => file.endsWith('a-lantern-festival.png')), 60_000);
      assert.equal(fake.requests.length, 1);
      const request = fake.requests[0]!;
      assert.equal(request.path, '/v1/images/edits', 'the reference goes as an input image');
      assert.deepEqual(
        request.files.map((file) => file.sha256),
        [sha256(reference)],
      );
      assert.equal(request.fields.quality, 'low', "the style's settings over the user's");
      // A multipart form sends a field's line breaks as CRLF (the HTML form rules undici follows).
      assert.match(String(request.fields.prompt), /^a lantern festival\r?\n\r?\nStyle: cut paper, soft shadows\r?\nPalette: #aa3322\r?\n/);
      assert.equal(existsSync(path.join(workspace, 'brand', 'crane.png')), false, 'the manifest itself was not run');
    });
  });

  describe('a language model writes the prompt and the alt text', () => {
    /** VS Code's language model features on, with the stand-in provider answering `answers` and recording what it saw. */
    const modelSettings = (dir: string, answers: string[], extra: Record<string, unknown> = {}) => ({
      'chat.disableAIFeatures': false,
      'scriptedModels.answers': answers,
      'scriptedModels.recordFile': path.join(dir, 'model-requests.jsonl'),
      ...extra,
    });
    const modelRequests = (dir: string) =>
      existsSync(path.join(dir, 'model-requests.jsonl'))
        ? readFileSync(path.join(dir, 'model-requests.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { model: string; messages: Array<{ content: Array<{ text?: string; mimeType?: string; bytes?: number }> }> })
        : [];
    const prepareWriterDoc = (workspace: string) =>
      writeFileSync(
        path.join(workspace, 'docs', 'onboarding.md'),
        '# Product guide\n\n## Onboarding\n\nThe onboarding screen shows a friendly robot.\n\nIt greets new users by name.\n\n## Billing\n\nInvoices go out monthly.\n',
      );

    it('28. Write the Prompt: the model sees the selection and its section, the user edits the proposal, the image request carries the edited words', async () => {
      const dir = path.join(outputDir, '28-write-the-prompt');
      const proposal = 'A friendly round robot waving hello on a bright onboarding screen, flat vector illustration';
      await scenario(
        '28-write-the-prompt',
        { userSettings: modelSettings(dir, [`"${proposal}"`]), prepareWorkspace: prepareWriterDoc },
        async ({ workspace, fake, workbench }) => {
          await workbench.openFile('onboarding.md');
          await workbench.selectLine(5);
          await workbench.runCommand('OpenAI Images: Write the Prompt and Generate...');
          const box = workbench.quickInput('Write the Prompt');
          await box.waitFor({ state: 'visible', timeout: 30_000 });
          const input = box.locator('input').first();
          await waitFor('the proposal in the box', async () => (await input.inputValue()) === proposal, 15_000);
          assert.match(await box.innerText(), /Proposed by scripted\/scripted-vision\./);
          assert.equal(fake.requests.length, 0, 'nothing goes to the image API before the prompt is accepted');
          await workbench.screenshot('proposal');
          await workbench.answer(`${proposal}, pastel colours`, 'Write the Prompt');
          await answerKeyPrompt(workbench);
          const file = path.join(workspace, 'docs', 'a-friendly-round-robot-waving-hello-on-a-bright-onboarding.png');
          await waitFor('the image of the written prompt', () => filesBelow(path.join(workspace, 'docs')).find((each) => each.endsWith('.png')), 60_000);
          assert.equal(fake.requests.length, 1);
          assert.equal(fake.requests[0]!.path, '/v1/images/generations');
          assert.equal(fake.requests[0]!.fields.prompt, `${proposal}, pastel colours`, 'the edited words are what was sent');
          const [seen] = modelRequests(dir);
          const text = seen?.messages[0]?.content[0]?.text ?? '';
          assert.match(text, /Document docs\/onboarding\.md \(markdown\)/);
          assert.match(text, /Selected words:\nThe onboarding screen shows a friendly robot\./);
          assert.match(text, /## Onboarding[\s\S]*It greets new users by name\./, 'the section around the selection');
          assert.doesNotMatch(text, /Invoices go out monthly/, 'not the next section');
          assert.ok(!text.includes(workspace), 'no absolute path reaches the model');
          const written = filesBelow(path.join(workspace, 'docs')).find((each) => each.endsWith('.png'))!;
          assert.ok(written.startsWith(path.dirname(file)));
          const recipe = await recipeOf(workspace, readFileSync(written));
          assert.equal(recipe.prompt, `${proposal}, pastel colours`);
          assert.equal(recipe.written?.proposal, proposal);
          assert.equal(recipe.written?.by, 'scripted/scripted-vision');
          assert.equal(recipe.written?.saw.selection, 'The onboarding screen shows a friendly robot.');
        },
      );
    });

    it('29. Describe the Image: the picture goes to the model, and Insert at Cursor uses its description as the alt text', async () => {
      const dir = path.join(outputDir, '29-describe-the-image');
      await scenario(
        '29-describe-the-image',
        {
          userSettings: modelSettings(dir, ['An image of a lighthouse on a cliff, its door painted with the word "OPEN"'], {
            'openaiImages.altText': 'describe',
          }),
        },
        async ({ workspace, fake, workbench }) => {
          const prompt = 'A lighthouse on a cliff at night.';
          const file = path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
          await workbench.openFile('guide.md');
          await workbench.selectLine(3);
          await workbench.runCommand('OpenAI Images: Generate Image from Selection');
          await answerKeyPrompt(workbench);
          await waitForFile(file);
          await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night\.png/);
          await waitFor('the panel image', async () => (await workbench.panelResults())[0]?.imageWidths[0]);
          await workbench.page.locator('.monaco-editor .view-lines').first().click();
          await workbench.page.keyboard.press('Control+End');
          await workbench.page.keyboard.press('Enter');
          await workbench.panelAction(prompt, 'insert');
          await workbench.page.keyboard.press('Control+s');
          const alt = 'A lighthouse on a cliff, its door painted with the word "OPEN"';
          await waitFor(
            'the described link in guide.md',
            () => readFileSync(path.join(workspace, 'docs', 'guide.md'), 'utf8').includes(`![${alt}](a-lighthouse-on-a-cliff-at-night.png)`),
            30_000,
          );
          const [seen] = modelRequests(dir);
          const parts = seen?.messages[0]?.content ?? [];
          assert.match(parts[0]?.text ?? '', /alt text/);
          assert.match(parts[0]?.text ?? '', /include those words exactly/);
          assert.equal(parts[1]?.mimeType, 'image/png', 'the picture itself went to the model');
          assert.ok((parts[1]?.bytes ?? 0) > 100);
          const registry = JSON.parse(readFileSync(path.join(workspace, RECIPE_REGISTRY_PATH), 'utf8')) as {
            descriptions: Record<string, { text: string; by: string }>;
          };
          assert.deepEqual(registry.descriptions[sha256(readFileSync(file))], {
            ...registry.descriptions[sha256(readFileSync(file))],
            text: alt,
            by: 'scripted/scripted-vision',
          });
          assert.equal(fake.requests.length, 1, 'the description cost no image request');
        },
      );
    });

    it('30. no language model: the message says so and offers the OpenAI key; the OpenAI route is estimated, counted and shown', async () => {
      const dir = path.join(outputDir, '30-writer-without-a-model');
      await scenario(
        '30-writer-without-a-model',
        { userSettings: modelSettings(dir, [], { 'scriptedModels.offer': false }), prepareWorkspace: prepareWriterDoc },
        async ({ workspace, fake, workbench }) => {
          fake.textAnswers = ['A cheerful robot greeting a new user on a clean onboarding screen'];
          await workbench.openFile('onboarding.md');
          await workbench.selectLine(5);
          await workbench.runCommand('OpenAI Images: Write the Prompt and Generate...');
          const toast = workbench.notification(/No language model is available in VS Code to write an image prompt/);
          await toast.waitFor({ state: 'visible', timeout: 30_000 });
          await workbench.screenshot('no-model');
          await toast.locator('.monaco-button', { hasText: 'Use My OpenAI Key' }).press('Enter');
          await answerKeyPrompt(workbench);
          const box = workbench.quickInput('Write the Prompt');
          await box.waitFor({ state: 'visible', timeout: 30_000 });
          await waitFor('the proposal', async () => (await box.locator('input').first().inputValue()).startsWith('A cheerful robot'), 15_000);
          assert.match(await box.innerText(), /Proposed by openai\/gpt-6\.1-sol \(\$0\.0\d+\)/, 'the cost is shown');
          const [asked] = fake.requests;
          assert.equal(asked?.path, '/v1/responses');
          assert.equal(asked?.fields.model, 'gpt-6.1-sol');
          assert.equal(asked?.fields.store, false);
          assert.equal(asked?.fields.tools, undefined);
          assert.match(JSON.stringify(asked?.fields.input), /The onboarding screen shows a friendly robot/);
          assert.equal(modelRequests(dir).length, 0, 'no VS Code model was asked');
          await workbench.page.keyboard.press('Enter');
          await waitFor('the image', () => filesBelow(path.join(workspace, 'docs')).find((each) => each.endsWith('.png')), 60_000);
          assert.equal(fake.requests[1]?.fields.prompt, 'A cheerful robot greeting a new user on a clean onboarding screen');
          const settings = JSON.parse(readFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
          assert.equal(settings['openaiImages.writerModel'], 'openai', 'the choice is kept for next time');
        },
      );
    });

    it('31. a manifest asset with "alt": "auto" is described when it is made, and the lock records the description', async () => {
      const dir = path.join(outputDir, '31-asset-alt-auto');
      const prepareWorkspace = (workspace: string) => {
        mkdirSync(path.join(workspace, 'brand'), { recursive: true });
        writeFileSync(
          path.join(workspace, 'brand', 'brand.images.json'),
          JSON.stringify(
            { defaults: { quality: 'low', size: '1024x1024' }, assets: [{ out: 'mascot.png', prompt: 'a friendly robot mascot', alt: 'auto' }] },
            null,
            2,
          ),
        );
      };
      await scenario(
        '31-asset-alt-auto',
        {
          userSettings: modelSettings(dir, [
            'A friendly robot mascot waving, with "HELLO" on its chest',
            'A chrome robot mascot waving hello, studio lighting, flat background',
            'A chrome robot mascot waving',
          ]),
          prepareWorkspace,
        },
        async ({ workspace, fake, workbench }) => {
          await workbench.openFile('brand.images.json');
          const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Generate (missing)' }).first();
          await lens.waitFor({ state: 'visible', timeout: 30_000 });
          await lens.click();
          await answerKeyPrompt(workbench);
          const file = path.join(workspace, 'brand', 'mascot.png');
          await waitForFile(file);
          const lockFile = path.join(workspace, 'brand', 'brand.images.lock.json');
          const alt = await waitFor(
            'the description in the lock',
            () => {
              if (!existsSync(lockFile)) return undefined;
              const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { assets: Record<string, { file: string; alt?: { text: string; by: string } }> };
              return lock.assets['mascot.png']?.alt && lock.assets['mascot.png'];
            },
            60_000,
          );
          assert.deepEqual(alt.alt, { text: 'A friendly robot mascot waving, with "HELLO" on its chest', by: 'scripted/scripted-vision' });
          assert.equal(alt.file, sha256(readFileSync(file)), 'for the file as it is');
          assert.equal(modelRequests(dir).length, 1);
          assert.equal(fake.requests.length, 1, 'one image request; the description went to the language model');

          // Write the Prompt above the asset: the proposal goes into the manifest, and the asset is made again.
          const write = workbench.page.locator('.codelens-decoration a', { hasText: 'Write the Prompt' }).first();
          await write.waitFor({ state: 'visible', timeout: 30_000 });
          await write.click();
          const box = workbench.quickInput('Write the Prompt for mascot.png');
          await box.waitFor({ state: 'visible', timeout: 30_000 });
          await waitFor('the proposal', async () => (await box.locator('input').first().inputValue()).startsWith('A chrome robot mascot'), 15_000);
          await box.locator('input').first().press('Enter');
          await waitFor('the second image request', () => fake.requests.length === 2, 60_000);
          assert.equal(fake.requests[1]!.fields.prompt, 'A chrome robot mascot waving hello, studio lighting, flat background');
          const manifest = JSON.parse(readFileSync(path.join(workspace, 'brand', 'brand.images.json'), 'utf8')) as {
            assets: Array<{ prompt: string; alt: string }>;
          };
          assert.deepEqual(manifest.assets[0], {
            out: 'mascot.png',
            prompt: 'A chrome robot mascot waving hello, studio lighting, flat background',
            alt: 'auto',
          });
          assert.match(modelRequests(dir)[1]?.messages[0]?.content[0]?.text ?? '', /Selected words:\na friendly robot mascot/);
          await waitFor(
            'the new image described anew',
            () => {
              const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { assets: Record<string, { file: string; alt?: { text: string } }> };
              const entry = lock.assets['mascot.png'];
              return entry?.alt?.text === 'A chrome robot mascot waving' && entry.file === sha256(readFileSync(file));
            },
            60_000,
          );
        },
      );
    });

    it('32. Write the Prompt in a conversation: the proposal fills the box, the user edits it, the turn sends the edited words', async () => {
      const dir = path.join(outputDir, '32-conversation-write-the-prompt');
      const proposal = 'A quiet city park at dawn, a stone fountain in the centre, watercolour';
      await scenario(
        '32-conversation-write-the-prompt',
        { userSettings: { ...modelSettings(dir, [proposal]), 'openaiImages.quality': 'low' } },
        async ({ fake, workbench }) => {
          await workbench.runCommand('OpenAI Images: Start Image Conversation');
          const frame = await workbench.conversationFrame();
          await frame.locator('#write:not([disabled])').waitFor({ timeout: 30_000 });
          await frame.locator('#prompt').fill('a park');
          await frame.locator('#write').click();
          await waitFor('the proposal in the box', async () => (await frame.locator('#prompt').inputValue()) === proposal, 30_000);
          await frame.locator('#proposed', { hasText: 'Proposed by scripted/scripted-vision' }).waitFor({ timeout: 10_000 });
          assert.equal(fake.requests.length, 0, 'nothing was sent to OpenAI');
          const [seen] = modelRequests(dir);
          assert.match(seen?.messages[0]?.content[0]?.text ?? '', /refining an image turn by turn[\s\S]*Selected words:\na park/);
          await workbench.screenshot('conversation-proposal');
          await frame.locator('#prompt').fill(`${proposal}, with ducks`);
          await frame.locator('#prompt').press('Enter');
          await answerKeyPrompt(workbench);
          await waitFor('the turn request', () => fake.requests.some((request) => request.path === '/v1/responses'), 30_000);
          assert.match(JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')!.fields.input), /watercolour, with ducks/);
        },
      );
    });
  });

  describe('where companies work: Azure OpenAI with Entra ID, a TLS-inspecting proxy, a compatible server', () => {
    it('33. Azure with Entra ID: VS Code signs the user in (a stand-in Microsoft provider), the bearer token reaches the deployment, and is stored nowhere', async () => {
      const dir = path.join(outputDir, '33-azure-entra-id');
      const token = 'entra-access-token-7f3a9c0d2b1e4f5a';
      const recordFile = path.join(dir, 'sign-ins.jsonl');
      const tokenFile = path.join(dir, 'issued-token.txt');
      mkdirSync(dir, { recursive: true });
      writeFileSync(tokenFile, token);
      await scenario(
        '33-azure-entra-id',
        {
          // The built-in Microsoft sign-in needs login.microsoftonline.com; the stand-in answers under its id.
          withoutBuiltins: ['microsoft-authentication'],
          secrets: [token],
          userSettings: { 'standInMicrosoft.tokenFile': tokenFile, 'standInMicrosoft.recordFile': recordFile },
          forFake: (fake) => ({
            settings: {
              'openaiImages.provider': 'azure',
              'openaiImages.azure.endpoint': new URL(fake.baseUrl).origin,
              'openaiImages.azure.authentication': 'entraId',
              'openaiImages.azure.deployments': { 'gpt-image-2.6-sunburst': 'images-prod' },
            },
          }),
        },
        async ({ workspace, fake, workbench }) => {
          fake.azure.deployments = { 'images-prod': 'gpt-image-2.6-sunburst' };
          fake.azure.bearerTokens.push(token);
          await workbench.openFile('guide.md');
          await workbench.selectLine(3);
          await workbench.runCommand('OpenAI Images: Generate Image from Selection');
          // VS Code's own consent, not the extension's key box.
          const allow = workbench.dialogButton('Allow');
          await allow.waitFor({ state: 'visible', timeout: 30_000 });
          assert.match(await workbench.page.locator('.monaco-dialog-box').innerText(), /OpenAI Images.*wants to sign in using Microsoft/s);
          await workbench.screenshot('sign-in-consent');
          await allow.click();
          const file = path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png');
          const bytes = await waitForFile(file);
          assert.equal(fake.requests.length, 1);
          const [request] = fake.requests;
          // The GA v1 API by default: OpenAI's path under /openai/v1, the deployment named in the body.
          assert.equal(request!.url, '/openai/v1/images/generations');
          assert.deepEqual(request!.azure, { deployment: 'images-prod', apiVersion: 'v1', auth: 'bearer' });
          assert.equal(request!.headers.authorization, `Bearer ${token}`);
          assert.equal(request!.headers['api-key'], undefined, 'no key goes with a token');
          assert.equal(sha256(bytes), request!.returned[0]);
          const signIns = readFileSync(recordFile, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { call: string; scopes: string[] | null });
          assert.deepEqual(
            signIns.filter((entry) => entry.call === 'createSession'),
            [{ call: 'createSession', scopes: ['https://cognitiveservices.azure.com/.default'] }],
          );
          // The cost comes from the catalogue row of the model the deployment serves.
          const results = await waitFor('the panel to show the image', async () => {
            const shown = await workbench.panelResults();
            return shown[0]?.imageWidths[0] ? shown : undefined;
          });
          assert.match(results[0]!.text, /\$0\.0\d\d/);
          await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night\.png/);
          // A second image uses the session VS Code keeps: no second consent, no second sign-in.
          await workbench.selectLine(5);
          await workbench.runCommand('OpenAI Images: Generate Image from Selection');
          await waitFor('the second request', () => fake.requests.length === 2 && fake.requests[1]!.status === 200, 60_000);
          assert.equal(fake.requests[1]!.headers.authorization, `Bearer ${token}`);
          assert.equal(readFileSync(recordFile, 'utf8').match(/createSession/g)?.length, 1);
          await waitForCreated(workbench, /Created docs\//);
        },
      );
    });

    it("34. behind a TLS-inspecting proxy: VS Code's http.proxy carries requests to api.openai.com; an authority nobody trusts and a 407 each get their message; the company's authority, once trusted, works", async () => {
      let proxy: MitmProxy | undefined;
      try {
        await scenario(
          '34-corporate-proxy',
          {
            forFake: async (fake) => {
              proxy = await startMitmProxy({ host: 'api.openai.com', upstreamPort: Number(new URL(fake.baseUrl).port) });
              // The machine's certificate store with the company's authority installed, as its administrators
              // would (update-ca-certificates). VS Code's fetch trusts Node's bundled roots plus the system store,
              // never NODE_EXTRA_CA_CERTS; with http.systemCertificatesNode it reads the store through Node, which
              // takes SSL_CERT_FILE, so the test can point "the system" at a file instead of changing /etc/ssl.
              const store = path.join(outputDir, '34-corporate-proxy', 'system-ca-certificates.crt');
              writeFileSync(store, proxy.caPem);
              return {
                // No base URL: the extension talks to api.openai.com, as for a user; only the proxy knows the fake.
                settings: {
                  'openaiImages.baseUrl': '',
                  'http.proxy': proxy.url,
                  'http.proxyStrictSSL': true,
                  'http.systemCertificates': true,
                  'http.systemCertificatesNode': true,
                },
                env: { SSL_CERT_FILE: store, SSL_CERT_DIR: path.join(outputDir, '34-corporate-proxy', 'no-certificate-folder') },
              };
            },
          },
          async ({ workspace, fake, workbench }) => {
            const mitm = proxy!;
            await workbench.openFile('guide.md');
            // 1. The proxy re-signs with an authority this machine was never told about.
            mitm.presentStranger = true;
            await workbench.selectLine(3);
            await workbench.runCommand('OpenAI Images: Generate Image from Selection');
            await answerKeyPrompt(workbench);
            const untrusted = await workbench.waitForNotification(/The TLS certificate presented for api\.openai\.com is not trusted/, 60_000);
            assert.match((await untrusted.textContent()) ?? '', /http\.systemCertificates/);
            assert.equal(fake.requests.length, 0, 'nothing reached the API through an untrusted tunnel');
            assert.equal(mitm.connects[0]?.target, 'api.openai.com:443', 'the request went through http.proxy');
            await workbench.screenshot('untrusted-certificate');
            await workbench.dismissToasts();
            // 2. The proxy wants credentials.
            mitm.presentStranger = false;
            mitm.credentials = 'ada:correct-horse';
            const tunnels = mitm.connects.length;
            await workbench.selectLine(3);
            await workbench.runCommand('OpenAI Images: Generate Image from Selection');
            await waitFor('the second request to reach the proxy', () => mitm.connects.length > tunnels, 30_000);
            const proxyAuth = await workbench.waitForNotification(/The proxy asked for credentials \(407\)/, 60_000);
            assert.match((await proxyAuth.textContent()) ?? '', /http\.proxy/);
            assert.ok(mitm.connects.slice(tunnels).every((each) => !each.authorized));
            assert.equal(fake.requests.length, 0);
            await workbench.screenshot('proxy-407');
            await workbench.dismissToasts();
            // 3. The company's own authority, which the machine's store holds.
            mitm.credentials = undefined;
            await workbench.selectLine(3);
            await workbench.runCommand('OpenAI Images: Generate Image from Selection');
            const bytes = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
            assert.equal(fake.requests.length, 1);
            assert.equal(fake.requests[0]!.headers.host, 'api.openai.com');
            assert.equal(sha256(bytes), fake.requests[0]!.returned[0]);
            assert.ok(mitm.connects.every((each) => each.target === 'api.openai.com:443'));
            await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night\.png/);
          },
        );
      } finally {
        await proxy?.close();
      }
    });

    it('35. a compatible server: the declared model gets only the declared and basic fields, the file holds its picture and recipe, and the cost shows as unknown', async () => {
      await scenario(
        '35-compatible-server',
        {
          // Settings an OpenAI user would have: a dear quality, transparency, streaming. None of it is this server's.
          userSettings: {
            'openaiImages.compatibleModel': 'flux-schnell',
            'openaiImages.compatibleModels': { 'flux-schnell': { sizes: ['512x512', '1024x1024'], mask: false } },
            'openaiImages.size': '512x512',
            'openaiImages.quality': 'high',
            'openaiImages.background': 'transparent',
            'openaiImages.partialImages': 2,
          },
          forFake: (fake) => {
            fake.compatible = fakeCompatible();
            return {};
          },
        },
        async ({ workspace, fake, workbench }) => {
          await workbench.openFile('guide.md');
          await workbench.selectLine(3);
          await workbench.runCommand('OpenAI Images: Generate Image from Selection');
          await answerKeyPrompt(workbench);
          const bytes = await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
          const generations = fake.requests.filter((request) => request.path === '/v1/images/generations');
          assert.equal(generations.length, 1);
          assert.deepEqual(generations[0]!.fields, {
            model: 'flux-schnell',
            prompt: 'A lighthouse on a cliff at night.',
            n: 1,
            size: '512x512',
            response_format: 'b64_json',
          });
          // Unsigned (no local server signs), so the file carries its recipe in a PNG chunk; the pixels are the answer's.
          const [written, answered] = await Promise.all([bytes, generations[0]!.returnedBytes[0]!].map((png) => sharp(png).raw().toBuffer()));
          assert.ok(written!.equals(answered!), 'the pixels are the answer');
          const recipe = await recipeOf(workspace, bytes);
          assert.equal(recipe.model, 'flux-schnell');
          assert.equal(recipe.prompt, 'A lighthouse on a cliff at night.');
          assert.ok(
            fake.requests.every((request) => request.path === '/v1/images/generations' || request.path === '/v1/models'),
            'nothing OpenAI-only (a model lookup by id, a stream) was asked of it',
          );
          await waitFor('the panel to show the image', async () => {
            const shown = await workbench.panelResults();
            return shown[0]?.imageWidths[0] ? shown : undefined;
          });
          assert.equal((await sharp(bytes).metadata()).width, 512, 'the size asked for');
          await waitFor('the card to say the cost is unknown and the picture unsigned', async () => {
            const text = (await workbench.panelResults())[0]?.text ?? '';
            return text.includes('cost unknown') && text.includes('Content Credentials: none');
          });
          assert.doesNotMatch((await workbench.panelResults())[0]!.text, /\$\d/, 'no invented price');
          await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night\.png/);
          await workbench.screenshot('compatible-panel');
        },
      );
    });
  });

  it('36. Get Started: opened by itself in the first window after install, each step with its page and picture; steps complete when the user does what they ask (a key stored, a first image), not when they are opened; not opened again', async () => {
    const machineSettings = { 'workbench.welcomePage.walkthroughs.openOnInstall': true };
    await scenario('36-walkthrough', { machineSettings }, async ({ workspace, workbench }) => {
      const page = workbench.page;
      const step = (title: string) => page.locator('.getting-started-step', { hasText: title }).first();
      // VS Code marks a done step's checkbox icon `complete` (and its step aria-checked).
      const isComplete = async (title: string) => (await step(title).locator('.codicon.complete').count()) > 0;
      const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get Started with OpenAI Images' }).first();
      // The extension was installed from the command line (as the README's command does): nothing was run.
      await walkthrough.waitFor({ state: 'visible', timeout: 60_000 });
      // The open step's own page, in a webview: its words and its picture, loaded from the extension.
      await waitFor(
        "the first step's page with its picture",
        async () => {
          for (const frame of page.frames()) {
            const shown = await frame
              .evaluate(() => {
                const image = document.querySelector('img');
                return (
                  document.body.innerText.includes('platform.openai.com') &&
                  !!image &&
                  image.complete &&
                  image.naturalWidth > 0 &&
                  image.alt.includes('OpenAI API Key')
                );
              })
              .catch(() => false);
            if (shown) return true;
          }
          return undefined;
        },
        30_000,
      );
      const titles = [
        'Store your API key',
        'Check that images can be made',
        'Make a first image from a sentence',
        'Edit it by drawing where to change',
        "Keep a repository's images as code",
      ];
      for (const title of titles) await step(title).waitFor({ state: 'attached', timeout: 10_000 });
      for (const title of titles) assert.equal(await isComplete(title), false, `${title} is not done yet`);
      await workbench.screenshot('walkthrough-new');
      // From the step's own button, as a newcomer would. (Run from the palette, the page takes the focus back from
      // the key box when the palette returns it to the page.)
      await step('Store your API key').getByText('Set API Key', { exact: true }).click();
      await workbench.quickInput('OpenAI API Key').waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot('key-box');
      await answerKeyPrompt(workbench);
      await waitFor('the key step to complete', () => isComplete('Store your API key'), 30_000);
      assert.equal(await isComplete('Make a first image from a sentence'), false);
      await workbench.openFile('guide.md');
      await workbench.selectLine(3);
      await workbench.runCommand('OpenAI Images: Generate Image from Selection');
      await waitForFile(path.join(workspace, 'docs', 'a-lighthouse-on-a-cliff-at-night.png'));
      await waitForCreated(workbench, /Created docs\/a-lighthouse-on-a-cliff-at-night\.png/);
      await workbench.runCommand('OpenAI Images: Get Started');
      await waitFor('the first-image step to complete', () => isComplete('Make a first image from a sentence'), 30_000);
      assert.equal(await isComplete('Check that images can be made'), false, 'Check Setup was not run');
      assert.equal(await isComplete('Edit it by drawing where to change'), false);
      await workbench.screenshot('walkthrough-two-done');
      // Once only: after a reload the extension starts again and leaves the Welcome page closed.
      await workbench.runCommand('View: Close All Editors');
      await walkthrough.waitFor({ state: 'hidden', timeout: 15_000 });
      await workbench.reloadWindow();
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      await workbench.panelFrame();
      assert.equal(await page.locator('.gettingStartedContainer').first().isVisible(), false, 'the walkthrough is not opened again');
    });
  });
});
