/**
 * 2. Large inputs: an edit of one 40 MB PNG, and of 16 PNGs of 3 MB, each in a fresh process: wall time and
 * peak RSS of the extension's edit pipeline against the bare SDK doing the same upload.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startFakeImagesServer } from '../test/fakeServer/fakeImagesServer';
import { median, noisePng, tempDir, type Row } from './support';

const run = promisify(execFile);
const RUNS = 3;

async function child(variant: 'pipeline' | 'bare', baseUrl: string, outDir: string, inputs: readonly string[]): Promise<{ ms: number; maxRssMb: number }> {
  const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'largeInputsChild.ts'), variant, baseUrl, outDir, ...inputs], {
    cwd: path.join(__dirname, '..'),
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as { ms: number; maxRssMb: number };
}

export async function largeInputs(): Promise<Row[]> {
  const server = await startFakeImagesServer();
  const dir = await tempDir('large');
  const rows: Row[] = [];
  try {
    const big = path.join(dir, 'big.png');
    await fs.writeFile(big, await noisePng(3200, 3200));
    const small = await noisePng(880, 880);
    const smalls = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const file = path.join(dir, `small-${i}.png`);
        await fs.writeFile(file, small);
        return file;
      }),
    );
    const cases: Array<[string, string[]]> = [
      [`one ${((await fs.stat(big)).size / 1e6).toFixed(0)} MB PNG`, [big]],
      [`16 PNGs of ${(small.length / 1e6).toFixed(1)} MB`, smalls],
    ];
    for (const [label, inputs] of cases) {
      const results = { pipeline: [] as Array<{ ms: number; maxRssMb: number }>, bare: [] as Array<{ ms: number; maxRssMb: number }> };
      for (let i = 0; i < RUNS; i++) {
        for (const variant of ['pipeline', 'bare'] as const) {
          const out = await tempDir('large-out');
          results[variant].push(await child(variant, server.baseUrl, out, inputs));
          await fs.rm(out, { recursive: true, force: true });
        }
      }
      const time = (variant: 'pipeline' | 'bare') => median(results[variant].map((result) => result.ms));
      const rss = (variant: 'pipeline' | 'bare') => median(results[variant].map((result) => result.maxRssMb));
      const timeRatio = time('pipeline') / time('bare');
      const rssRatio = rss('pipeline') / rss('bare');
      rows.push({
        benchmark: `2. Edit of ${label}: time (median of ${RUNS})`,
        measured: `${time('pipeline').toFixed(0)} ms`,
        baseline: `${time('bare').toFixed(0)} ms (bare SDK)`,
        ratio: timeRatio,
        target: '<= 1.1',
        met: timeRatio <= 1.1,
      });
      rows.push({
        benchmark: `2. Edit of ${label}: peak RSS`,
        measured: `${rss('pipeline').toFixed(0)} MB`,
        baseline: `${rss('bare').toFixed(0)} MB (bare SDK)`,
        ratio: rssRatio,
        target: '<= 1.5',
        met: rssRatio <= 1.5,
      });
    }
  } finally {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return rows;
}
