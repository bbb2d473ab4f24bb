/**
 * 5. Panel: from the API's answer leaving the (fake) server to the image drawn in the panel's webview, in a
 * real VS Code (the end-to-end harness: code-server + Chromium), for a 2 MB and a 20 MB PNG. This spans
 * decoding, checking and writing the file, the panel update, and the webview loading the image.
 */
import { cpSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAKE_API_KEY, startFakeImagesServer } from '../test/fakeServer/fakeImagesServer';
import { QUIET_WORKBENCH_SETTINGS, startCodeServer } from '../test/e2e/codeServer';
import { launchBrowser, waitFor, Workbench } from '../test/e2e/workbench';
import { prepareCodeServerBench } from './codeServerBench';
import { median, noisePng, type Row } from './support';

const root = path.join(__dirname, '..');
const RUNS = 4;

export async function panel(): Promise<Row[]> {
  const { tools, dir, template } = prepareCodeServerBench('panel');
  const rows: Row[] = [];
  for (const [label, width] of [
    ['2 MB', 724],
    ['20 MB', 2290],
  ] as const) {
    const scenarioDir = path.join(dir, label.replace(' ', ''));
    const workspace = path.join(scenarioDir, 'workspace');
    cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'docs', 'bench.md'), Array.from({ length: RUNS }, (_, i) => `benchmark image ${i}`).join('\n') + '\n');
    const fake = await startFakeImagesServer();
    fake.fixedImages.png = await noisePng(width, width);
    const codeServer = await startCodeServer(tools, {
      scenarioDir,
      workspace,
      extensionsTemplate: template,
      userSettings: {
        // As in the end-to-end suite: nothing else in the window takes the focus.
        ...QUIET_WORKBENCH_SETTINGS,
        'security.workspace.trust.enabled': false,
        'openaiImages.baseUrl': fake.baseUrl,
        'openaiImages.partialImages': 0,
      },
      trustWorkspace: true,
    });
    const browser = await launchBrowser(tools, path.join(scenarioDir, 'browser-profile'));
    try {
      const workbench = await Workbench.open(browser, codeServer.url, scenarioDir);
      await workbench.runCommand('OpenAI Images: Set API Key');
      await workbench.answer(FAKE_API_KEY, 'OpenAI API Key');
      await workbench.openFile('bench.md');
      await workbench.runCommand('OpenAI Images: Show Images Panel');
      // A webview that loads after a click elsewhere takes the focus back: let it finish loading first.
      await workbench.panelFrame();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await workbench.selectLine(i + 1);
        await workbench.runCommand('OpenAI Images: Generate Image from Selection');
        const request = await waitFor('the request', () => fake.requests[i], 30_000).catch(async (error: unknown) => {
          await workbench.screenshot(`failure-${i}`);
          throw error;
        });
        // Polled in the page at every animation frame: the newest result's image has decoded pixels.
        const shown = await waitFor(
          'the image in the panel',
          async () => {
            const frame = await workbench.panelFrame();
            const handle = await frame
              .waitForFunction(
                `(() => { const newest = document.querySelector('.result'); const img = newest && newest.querySelector('.files img'); const prompt = newest && newest.querySelector('.prompt'); return !!img && img.complete && img.naturalWidth > 0 && !!prompt && prompt.textContent === ${JSON.stringify(`benchmark image ${i}`)}; })()`,
                undefined,
                { polling: 'raf', timeout: 60_000 },
              )
              .catch(() => undefined);
            return handle ? Date.now() : undefined;
          },
          90_000,
        );
        const answered = await waitFor('the answer time', () => request.answeredAt, 10_000);
        samples.push(shown - answered);
        await workbench.dismissToasts();
        // Let the webview settle (it reloads when a new image folder joins its roots, and takes the focus).
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      // The first image in a folder adds that folder to the webview's roots, which reloads the webview.
      const steady = median(samples.slice(1));
      rows.push({
        benchmark: `5. Panel: answer to image shown, ${label} PNG (median of runs 2-${RUNS})`,
        measured: `${steady.toFixed(0)} ms`,
        baseline: `first in its folder: ${samples[0]!.toFixed(0)} ms`,
        target: 'report',
      });
    } finally {
      await browser.close().catch(() => undefined);
      await codeServer.stop();
      await fake.close();
    }
  }
  return rows;
}
