/**
 * `npm run bench`: what the extension adds on top of the API, each figure against its own baseline measured
 * in the same run. Prints a Markdown table and writes test-output/bench/results.json. Not a test: nothing
 * here fails a build; the README shows a run and the machine it ran on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activation } from './activation';
import { assetCheck } from './assetCheck';
import { largeInputs } from './largeInputs';
import { manyAssets } from './manyAssets';
import { requestOverhead } from './requestOverhead';
import { formatTable, type Row } from './support';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const benchmarks: Array<[string, () => Promise<Row | Row[]>]> = [
    ['overhead', requestOverhead],
    ['large', largeInputs],
    ['assets', manyAssets],
    ['check', assetCheck],
    ['activation', activation],
    // Typed with the browser's DOM (test/e2e/tsconfig.json), so loaded by path rather than imported here.
    ['panel', async () => ((await import(path.join(__dirname, 'panel'))) as { panel: () => Promise<Row[]> }).panel()],
    ['gallery', async () => ((await import(path.join(__dirname, 'gallery'))) as { gallery: () => Promise<Row[]> }).gallery()],
    ['canvas', async () => ((await import(path.join(__dirname, 'canvas'))) as { canvas: () => Promise<Row[]> }).canvas()],
  ];
  const rows: Row[] = [];
  for (const [name, benchmark] of benchmarks) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`running ${name}...\n`);
    rows.push(...[await benchmark()].flat());
  }
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  const table = formatTable(rows);
  console.log(`${table}\n\nMachine: ${machine}`);
  const out = path.join(__dirname, '..', 'test-output', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
