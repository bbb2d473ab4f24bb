/**
 * 4. Activation and size: loading the bundled extension and running activate() (with a stand-in `vscode`)
 * against loading an empty module, each in a fresh process; and the sizes of the .vsix, the bundle, and a
 * bundle of the openai SDK alone.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { median, tempDir, type Row } from './support';

const run = promisify(execFile);
const RUNS = 9;
const root = path.join(__dirname, '..');

async function timeLoad(file: string, mode: 'activate' | 'load' | 'main'): Promise<number> {
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'activationChild.cjs'), file, mode]);
  return (JSON.parse(stdout) as { ms: number }).ms;
}

export async function activation(): Promise<Row[]> {
  const bundle = path.join(root, 'dist', 'extension.js');
  const vsix = path.join(root, 'openai-images.vsix');
  if (!existsSync(bundle) || !existsSync(vsix)) throw new Error('Run "npm run package" first: the benchmark measures the production bundle and the .vsix.');
  const dir = await tempDir('activation');
  const empty = path.join(dir, 'empty.js');
  await fs.writeFile(empty, 'module.exports = {};\n');
  const extension: number[] = [];
  const baseline: number[] = [];
  const firstUse: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    extension.push(await timeLoad(bundle, 'activate'));
    baseline.push(await timeLoad(empty, 'load'));
    firstUse.push(await timeLoad(path.join(root, 'dist', 'main.js'), 'main'));
  }
  // The SDK alone, bundled the way the extension is: what the extension weighs beyond its one dependency.
  const sdkEntry = path.join(dir, 'sdk.js');
  await fs.writeFile(sdkEntry, "module.exports = require('openai');\n");
  const sdkBundle = path.join(dir, 'sdk.bundle.js');
  await esbuild.build({
    entryPoints: [sdkEntry],
    outfile: sdkBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'silent',
  });
  const sizes = {
    vsix: (await fs.stat(vsix)).size,
    entry: (await fs.stat(bundle)).size,
    bundle: (await fs.stat(bundle)).size + (await fs.stat(path.join(root, 'dist', 'main.js'))).size,
    sdk: (await fs.stat(sdkBundle)).size,
  };
  await fs.rm(dir, { recursive: true, force: true });

  const added = median(extension) - median(baseline);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  return [
    {
      benchmark: `4. Activation: load dist/extension.js + activate() (median of ${RUNS})`,
      measured: `${median(extension).toFixed(1)} ms`,
      baseline: `${median(baseline).toFixed(1)} ms (empty module)`,
      target: '< 50 ms added',
      met: added < 50,
    },
    {
      benchmark: `4. First use: load dist/main.js + compose (once, on the first command or 1.5 s after activation)`,
      measured: `${median(firstUse).toFixed(1)} ms`,
      baseline: '',
      target: 'report',
    },
    {
      benchmark: '4. Bundle size (extension.js + main.js, minified)',
      measured: `${kb(sizes.bundle)} (entry ${kb(sizes.entry)})`,
      baseline: `${kb(sizes.sdk)} (openai SDK alone)`,
      ratio: sizes.bundle / sizes.sdk,
      target: 'report',
    },
    { benchmark: '4. Package size (.vsix)', measured: kb(sizes.vsix), baseline: '', target: 'report' },
  ];
}
