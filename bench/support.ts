/** What every benchmark shares: timing, medians, temporary folders, noise images. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function tempDir(name: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `openai-images-bench-${name}-`));
}

/** A PNG of random pixels: incompressible, so its size on disk is about width x height x 4 bytes. */
export async function noisePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 4);
  // A cheap xorshift: crypto-random bytes are not needed to defeat PNG compression.
  let state = 2463534242;
  for (let i = 0; i < pixels.length; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pixels.writeUInt32LE(state >>> 0, i);
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

export interface Row {
  readonly benchmark: string;
  readonly measured: string;
  readonly baseline: string;
  readonly ratio?: number;
  readonly target: string;
  readonly met?: boolean;
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Extension', 'Baseline', 'Ratio', 'Target', 'Met'];
  const cells = rows.map((row) => [
    row.benchmark,
    row.measured,
    row.baseline,
    row.ratio === undefined ? '' : row.ratio.toFixed(3),
    row.target,
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...cells.map((line) => `| ${line.join(' | ')} |`)].join('\n');
}

/** Starts bench/fakeServerProcess.ts; resolves with its base URL and a stop function. */
export async function fakeServerProcess(delayMs: number, imageFile?: string): Promise<{ baseUrl: string; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, 'fakeServerProcess.ts'), String(delayMs), ...(imageFile ? [imageFile] : [])],
    { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the fake server exited (${code})`)));
  });
  return { baseUrl, stop: () => void child.kill('SIGTERM') };
}
