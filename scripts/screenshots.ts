/**
 * Every README and walkthrough picture, taken from the end-to-end run (test-output/e2e), so they show the product
 * as a user sees it with today's models. `npm run screenshots` runs the end-to-end suite and rewrites them in
 * place; CI runs `tsx scripts/screenshots.ts --into test-output/screenshots` after its end-to-end step, which fails
 * when a scenario stopped taking a picture the docs use.
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(__dirname, '..');
const e2e = path.join(root, 'test-output', 'e2e');

/** Where each picture goes, and which scenario's screenshot it is. */
export const SCREENSHOTS: Readonly<Record<string, string>> = {
  'docs/images/panel.png': '1-selection-palette/panel.png',
  'docs/images/explorer-menu.png': '3-explorer-edit-mask/explorer-menu-only.png',
  'docs/images/verification-error.png': '5-verification-403/verification-toast.png',
  'docs/images/streaming.png': '14-streaming-partials/partial.png',
  'docs/images/history.png': '15-history-actions/after-actions.png',
  'docs/images/asset-plan.png': '17-assets/asset-plan.png',
  'docs/images/edit-canvas.png': '21-canvas-mask/canvas.png',
  'docs/images/tool-confirmation.png': '23-agent-tools/tool-confirmation.png',
  'docs/images/conversation.png': '24-conversation/conversation.png',
  'docs/images/walkthrough.png': '36-walkthrough/walkthrough-two-done.png',
  'media/walkthrough/1-key.png': '36-walkthrough/key-box.png',
  'media/walkthrough/2-check-setup.png': '10-check-setup/check-setup-report.png',
  'media/walkthrough/3-first-image.png': '1-selection-palette/panel.png',
  'media/walkthrough/4-canvas-edit.png': '21-canvas-mask/canvas.png',
  'media/walkthrough/5-first-asset.png': '17-assets/asset-plan.png',
};

async function main(): Promise<void> {
  const into = process.argv.includes('--into') ? path.resolve(process.argv[process.argv.indexOf('--into') + 1] ?? '') : root;
  const missing = Object.values(SCREENSHOTS).filter((source) => !existsSync(path.join(e2e, source)));
  if (missing.length > 0) {
    console.error(`These screenshots were not taken (run the end-to-end suite first):\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  for (const [target, source] of Object.entries(SCREENSHOTS)) {
    const file = path.join(into, target);
    mkdirSync(path.dirname(file), { recursive: true });
    // A palette PNG: a screenshot of a workbench has few colours, and the .vsix carries the walkthrough's.
    await sharp(path.join(e2e, source)).png({ palette: true, compressionLevel: 9 }).toFile(file);
    console.log(`${target} <- test-output/e2e/${source}`);
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
