/** What the benchmarks that run in a real VS Code (code-server + Chromium) share: set-up and the page's heap. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { installExtension } from '../test/e2e/codeServer';
import { ensureTools, type E2eTools } from '../test/e2e/tools';

const root = path.join(__dirname, '..');

export interface CodeServerBench {
  readonly tools: E2eTools;
  /** test-output/bench/<name>, emptied. */
  readonly dir: string;
  /** The packaged extension, installed once, for every window of this benchmark. */
  readonly template: string;
}

/** The tools, an empty output folder, and the packaged extension installed: what each such benchmark starts from. */
export function prepareCodeServerBench(name: string): CodeServerBench {
  const vsix = path.join(root, 'openai-images.vsix');
  if (!existsSync(vsix)) throw new Error('Run "npm run package" first.');
  const tools = ensureTools();
  const dir = path.join(root, 'test-output', 'bench', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const template = path.join(dir, '.extensions-template');
  installExtension(tools, vsix, template, path.join(dir, '.install'));
  return { tools, dir, template };
}

/** Chromium's JavaScript heap in use where `target` runs, in bytes, after a collection (needs --expose-gc). */
export async function usedHeap(target: Page | Frame): Promise<number> {
  return target.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
}
