/** Drives the VS Code workbench in Chromium the way a user does: palette, menus, inputs, notifications. */
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import type { E2eTools } from './tools';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function launchBrowser(tools: E2eTools, profileDir: string, extraArgs: readonly string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly artifactsDir: string,
  ) {}

  static async open(context: BrowserContext, url: string, artifactsDir: string, options: { newWindow?: boolean } = {}): Promise<Workbench> {
    const page = (!options.newWindow && context.pages()[0]) || (await context.newPage());
    const workbench = new Workbench(page, artifactsDir);
    await page.goto(url);
    await workbench.waitUntilReady();
    return workbench;
  }

  async waitUntilReady(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // The explorer lists the workspace once the remote file system is connected.
    await waitFor('the explorer to list the workspace', () => this.page.locator('.explorer-folders-view .monaco-list-row').first().isVisible(), 60_000);
  }

  /** "Developer: Reload Window": VS Code saves its state and reloads, as when a user reloads. */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (frame) => frame === this.page.mainFrame(), timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.waitUntilReady();
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Runs a command by its palette title, as a user types it. Right after the window opens, the palette may not
   * list extension commands yet, so it is opened again until the command shows up.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const label = this.page.locator('.label-name', { hasText: exact });
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
    await waitFor(
      `the command "${title}" in the palette`,
      async () => {
        // Escape only inside the palette: in the editor it would drop the selection.
        if (await input.isVisible()) await input.press('Escape');
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>${title}`);
        return row.waitFor({ state: 'visible', timeout: 3_000 }).then(
          () => true,
          () => false,
        );
      },
      45_000,
    );
    // Enter on the row whose label is exactly the title, not a click: the list is re-laid out while the filter
    // settles, and a click waits for a row that keeps moving ("element is not stable", e2e 23 in CI). The row is not
    // always the first: a recently used command that also matches the filter is listed above it.
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused').filter({ has: label });
    for (let step = 0; step < 30 && !(await focused.isVisible()); step++) await input.press('ArrowDown');
    await focused.waitFor({ state: 'visible', timeout: 5_000 });
    await input.press('Enter');
  }

  /**
   * The quick input showing `title`. VS Code reuses one widget for the palette and every input box, so the
   * title element, not any text in the widget, tells which one is open.
   */
  quickInput(title: string): Locator {
    return this.page.locator('.quick-input-widget').filter({ has: this.page.locator('.quick-input-title', { hasText: title }) });
  }

  /** Types into the input box (or quick pick) titled `title` once it is open, and accepts. */
  async answer(text: string, title: string): Promise<void> {
    const widget = this.quickInput(title);
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    const input = widget.locator('input').first();
    // When the palette closes, VS Code hands the focus back to the editor it came from, and a webview there (the
    // Images panel, a conversation) may take it after the next input opened (e2e 24 in CI): the box stays open
    // without the cursor, and a user clicks into it.
    await waitFor(
      `the "${title}" input to have the focus`,
      async () => {
        if (await input.evaluate((element) => element === document.activeElement)) return true;
        await input.click({ timeout: 2_000 });
        return false;
      },
      10_000,
    );
    await input.fill(text);
    await input.press('Enter');
  }

  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+p');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Selects line `line` (1-based) of the active editor with the keyboard. */
  async selectLine(line: number): Promise<void> {
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
  }

  explorerRow(name: string | RegExp): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  }

  async expandFolder(name: string, child: string | RegExp): Promise<void> {
    if (await this.explorerRow(child).first().isVisible()) return;
    await this.explorerRow(name).first().click();
    await this.explorerRow(child).first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /**
   * Opens `target`'s context menu until it lists `item` (right after the window opens, extension menu items may
   * not be there yet) and returns the entry, without clicking it.
   */
  async openContextMenu(target: Locator, item: string): Promise<Locator> {
    const entry = this.page.locator('.context-view .action-label', { hasText: item }).first();
    await waitFor(
      `"${item}" in the context menu`,
      async () => {
        if (await this.page.locator('.context-view .monaco-menu').first().isVisible()) await this.page.keyboard.press('Escape');
        await target.click({ button: 'right' });
        return entry.waitFor({ state: 'visible', timeout: 3_000 }).then(
          () => true,
          () => false,
        );
      },
      45_000,
    );
    return entry;
  }

  async contextMenu(target: Locator, item: string): Promise<void> {
    await this.openContextMenu(target, item);
    await this.chooseMenuEntry(item);
  }

  /**
   * Chooses an entry of the open context menu the way that cannot miss: the pointer highlights it, the test
   * waits until the menu shows it highlighted, and Enter runs it. (A plain click sometimes landed while the menu
   * was still settling and did nothing.)
   */
  async chooseMenuEntry(item: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu').first();
    const row = this.page
      .locator('.context-view .action-item')
      .filter({ has: this.page.locator('.action-label', { hasText: item }) })
      .first();
    await row.hover();
    await waitFor(`"${item}" highlighted in the menu`, async () => /\bfocused\b/.test((await row.getAttribute('class')) ?? ''), 10_000);
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * A notification's buttons are pressed with Enter on the focused button (see the scenarios): a click on a toast
   * that is still sliding in did not land once under load, and nothing then happened.
   */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text });
  }

  /** Waits for the toast showing `text`; if it never comes, the error says which toasts were there instead. */
  async waitForNotification(text: string | RegExp, timeoutMs: number): Promise<Locator> {
    const toast = this.notification(text);
    try {
      await toast.waitFor({ state: 'visible', timeout: timeoutMs });
      return toast;
    } catch (error) {
      const shown = await this.page.locator('.notification-toast').allTextContents();
      throw new Error(`No notification matching ${String(text)} within ${timeoutMs / 1000} s; shown instead: ${JSON.stringify(shown)}`, { cause: error });
    }
  }

  dialogButton(label: string): Locator {
    return this.page.locator('.monaco-dialog-box .monaco-button', { hasText: label });
  }

  /** The frame of the Images panel's webview content, once it shows something. */
  async panelFrame(timeoutMs = 30_000): Promise<Frame> {
    return waitFor(
      'the Images panel to render',
      async () => {
        for (const frame of this.page.frames()) {
          const found = await frame
            .evaluate(() => document.getElementById('results') !== null && document.getElementById('strings') !== null)
            .catch(() => false);
          if (found) return frame;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** The frame of a conversation's webview once it shows its conversation (`header h1` is drawn from it). */
  async conversationFrame(timeoutMs = 30_000): Promise<Frame> {
    return waitFor(
      'a conversation to render',
      async () => {
        for (const frame of this.page.frames()) {
          const found = await frame
            .evaluate(() => document.getElementById('thread') !== null && document.querySelector('#header h1') !== null)
            .catch(() => false);
          if (found) return frame;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** The frame of an edit canvas's webview once its image is shown and fitted (the canvas has drawn its first view). */
  async canvasFrame(imageName: string, timeoutMs = 30_000): Promise<Frame> {
    return waitFor(
      `the edit canvas for ${imageName}`,
      async () => {
        for (const frame of this.page.frames()) {
          const found = await frame
            .evaluate((name) => {
              const image = document.getElementById('image') as HTMLImageElement | null;
              return !!image && image.alt === name && image.complete && image.naturalWidth > 0 && !!document.getElementById('stage')?.dataset.scale;
            }, imageName)
            .catch(() => false);
          if (found) return frame;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Drags the mouse over the canvas through points given in image pixels, as a user draws: the image's place on
   * the page comes from the element itself, so zoom and pan need no arithmetic here.
   */
  async drawOnCanvas(frame: Frame, points: ReadonlyArray<{ x: number; y: number }>): Promise<void> {
    const image = frame.locator('#image');
    // The stage moves when the editor's column narrows (the panel opening beside it wraps the toolbar): draw only
    // once the image holds still across two animation frames.
    const box = await waitFor('the canvas image to hold still', async () => {
      const before = await image.boundingBox();
      await image.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const after = await image.boundingBox();
      const same = before && after && before.x === after.x && before.y === after.y && before.width === after.width && before.height === after.height;
      return same ? after : undefined;
    });
    const natural = await image.evaluate((element: HTMLImageElement) => ({ width: element.naturalWidth, height: element.naturalHeight }));
    if (!box) throw new Error('The canvas image is not on screen.');
    const page = (point: { x: number; y: number }) => ({
      x: box.x + (point.x / natural.width) * box.width,
      y: box.y + (point.y / natural.height) * box.height,
    });
    const [first, ...rest] = points.map(page);
    if (!first) return;
    await this.page.mouse.move(first.x, first.y);
    await this.page.mouse.down();
    for (const point of rest) await this.page.mouse.move(point.x, point.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /**
   * Results as the panel shows them: status class, prompt text, each final image's natural width, the partial
   * image drawn while it streams (its index), files shown as missing, and the thread it was refined from.
   */
  async panelResults(): Promise<
    Array<{ status: string; prompt: string; text: string; imageWidths: number[]; partialIndex?: number; missing: number; thread: string }>
  > {
    const frame = await this.panelFrame();
    return frame.evaluate(() =>
      [...document.querySelectorAll('.result')].map((item) => {
        const partial = item.querySelector('img.partial') as HTMLImageElement | null;
        return {
          status: item.className.replace('result', '').trim(),
          prompt: item.querySelector('.prompt')?.textContent ?? '',
          text: item.textContent ?? '',
          imageWidths: [...item.querySelectorAll('.files img')].map((image) => (image as HTMLImageElement).naturalWidth),
          // 'final' marks the finished image drawn from memory before its file is written: not a partial.
          partialIndex: partial && partial.naturalWidth > 0 && partial.dataset.partialIndex !== 'final' ? Number(partial.dataset.partialIndex) : undefined,
          missing: item.querySelectorAll('.image.missing').length,
          thread: item.querySelector('.thread')?.textContent ?? '',
        };
      }),
    );
  }

  /** Closes the notification toasts (e.g. "Created ..."): they lie over the panel's lower part and take clicks. */
  async dismissToasts(): Promise<void> {
    const close = this.page.locator('.notifications-toasts .notification-list-item .codicon-notifications-clear');
    for (let i = 0; i < 10 && (await close.count()) > 0; i++) {
      await close
        .first()
        .click({ timeout: 2_000 })
        .catch(() => undefined);
    }
  }

  /**
   * Drags the panel's newest image with the mouse, as a user does, and drops it just after the end of the
   * editor line showing `lineText`. The webview is a frame of its own; the mouse moves in page coordinates.
   */
  async dragPanelImageTo(lineText: string): Promise<void> {
    await this.dismissToasts();
    const frame = await this.panelFrame();
    const from = await frame.locator('.files img').first().boundingBox();
    const to = await this.page.locator('.monaco-editor .view-line', { hasText: lineText }).first().boundingBox();
    if (!from || !to) throw new Error('The panel image or the editor line is not on screen.');
    const mouse = this.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    await mouse.move(from.x + from.width / 2 - 20, from.y + from.height / 2, { steps: 5 });
    await mouse.move(to.x + to.width + 5, to.y + to.height / 2, { steps: 20 });
    await mouse.up();
  }

  /**
   * Presses a result's button in the panel from the keyboard, as a keyboard user does: focus, then Enter (opening
   * its "More" menu the same way when the button is in there). No pointer: nothing on top of the button, no scroll
   * of the virtual list and no re-render while a click lands can make it miss.
   */
  async panelAction(prompt: string, action: string): Promise<void> {
    await this.dismissToasts();
    const frame = await this.panelFrame();
    const result = frame.locator('.result', { has: frame.locator('.prompt', { hasText: prompt }) }).first();
    const button = result.locator(`button[data-action="${action}"]`).first();
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    if (!(await button.isVisible())) {
      const more = result.locator('details.more').first();
      await more.locator('summary').press('Enter');
      await waitFor('the More menu open', async () => (await more.getAttribute('open')) !== null, 10_000);
    }
    await button.press('Enter', { timeout: 10_000 });
  }
}
