/**
 * 3. Many assets: 24 assets, 4 at a time, 300 ms per request. Scheduling (small answers) is held against the ideal
 * 24 / 4 x 300 ms; with 1 MB answers, the run's own work (decoding, checking, hashing, writing, locking) is held
 * against a bare SDK script making the same 24 images 4 at a time from the same server, interleaved with it, so
 * the server's encoding and the transfer count on both sides.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import OpenAI from 'openai';
import sharp from 'sharp';
import { planAssets } from '../src/core/assets/assetPlan';
import { EMPTY_LOCK } from '../src/core/assets/assetLock';
import { parseManifest } from '../src/core/assets/manifestParse';
import { englishTranslate } from '../src/core/translate';
import { inspectManifestFiles, runAssets } from '../src/pipeline/assetRunner';
import { nodeAssetFiles } from '../src/pipeline/nodeAssetFiles';
import { FAKE_API_KEY } from '../test/fakeServer/fakeImagesServer';
import { fakeServerProcess, median, noisePng, tempDir, timed, type Row } from './support';
import { isoDay } from '../src/core/modelLifecycle';

const ASSETS = 24;
const CONCURRENCY = 4;
const LATENCY_MS = 300;
const RUNS = 5;

async function runExtension(baseUrl: string): Promise<number> {
  const dir = await tempDir('assets');
  try {
    const manifestDir = dir.split(path.sep).join('/');
    const text = JSON.stringify({
      defaults: { quality: 'low', size: '1024x1024' },
      assets: Array.from({ length: ASSETS }, (_, i) => ({ out: `a/${i}.png`, prompt: `icon ${i}` })),
    });
    const { manifest } = parseManifest(text, { manifestDir, rootDir: manifestDir, t: englishTranslate, today: isoDay(new Date()) });
    if (!manifest) throw new Error('manifest');
    const { ms } = await timed(async () => {
      const { hashes } = await inspectManifestFiles(manifest, nodeAssetFiles, manifestDir);
      const plan = planAssets(manifest, EMPTY_LOCK, (file) => hashes.get(file));
      const summary = await runAssets({
        manifest,
        plan,
        lock: EMPTY_LOCK,
        lockPath: `${manifestDir}/bench.images.lock.json`,
        root: manifestDir,
        connection: { apiKey: FAKE_API_KEY, baseUrl, organization: '', project: '', timeoutSeconds: 60, maxRetries: 0 },
        files: nodeAssetFiles,
        concurrency: CONCURRENCY,
        signal: new AbortController().signal,
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        confirmOverwrite: async () => new Set(),
      });
      if (summary.generated.length !== ASSETS) throw new Error(`made ${summary.generated.length}`);
    });
    return ms;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The least a script making these images pays: the SDK's call, the base64 decoded, the file written. */
async function runBare(client: OpenAI): Promise<number> {
  const dir = await tempDir('assets-bare');
  try {
    await fs.mkdir(path.join(dir, 'a'));
    let next = 0;
    const { ms } = await timed(() =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < ASSETS) {
            const i = next++;
            const answer = await client.images.generate({ model: 'gpt-image-2', prompt: `icon ${i}`, quality: 'low', size: '1024x1024' });
            await fs.writeFile(path.join(dir, 'a', `${i}.png`), Buffer.from(answer.data?.[0]?.b64_json ?? '', 'base64'));
          }
        }),
      ),
    );
    return ms;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Median times of the extension's run and of the bare script, interleaved, each from a ready-made answer. */
async function runCase(image: Buffer): Promise<{ readonly extension: number; readonly bare: number }> {
  // A server in its own process: its work is not the measured process's time.
  const imageDir = await tempDir('assets-image');
  const imageFile = path.join(imageDir, 'answer.png');
  await fs.writeFile(imageFile, image);
  const server = await fakeServerProcess(LATENCY_MS, imageFile);
  const client = new OpenAI({ apiKey: FAKE_API_KEY, baseURL: server.baseUrl, maxRetries: 0, logLevel: 'off' });
  const extension: number[] = [];
  const bare: number[] = [];
  try {
    // The first of each warms up connections and code; it is not counted.
    for (let run = 0; run <= RUNS; run++) {
      const times = [await runExtension(server.baseUrl), await runBare(client)];
      if (run === 0) continue;
      extension.push(times[0]!);
      bare.push(times[1]!);
    }
  } finally {
    server.stop();
    await fs.rm(imageDir, { recursive: true, force: true });
  }
  return { extension: median(extension), bare: median(bare) };
}

export async function manyAssets(): Promise<Row[]> {
  const ideal = (ASSETS / CONCURRENCY) * LATENCY_MS;
  const small = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
  const label = (what: string) => `3. Many assets (${ASSETS}, ${CONCURRENCY} at once, ${LATENCY_MS} ms each; median of ${RUNS}), ${what}`;
  const scheduling = await runCase(small);
  const large = await runCase(await noisePng(512, 512));
  return [
    {
      benchmark: label(`${(small.length / 1024).toFixed(0)} KB answers: scheduling`),
      measured: `${scheduling.extension.toFixed(0)} ms`,
      baseline: `${ideal} ms (ideal)`,
      ratio: scheduling.extension / ideal,
      target: '<= 1.15',
      met: scheduling.extension / ideal <= 1.15,
    },
    {
      benchmark: label(`1 MB answers: the run's own work (decoding, checking, hashing, writing, locking); ideal ${ideal} ms`),
      measured: `${large.extension.toFixed(0)} ms (${(large.extension / ideal).toFixed(3)} of ideal)`,
      baseline: `${large.bare.toFixed(0)} ms (bare SDK + writeFile, ${(large.bare / ideal).toFixed(3)} of ideal)`,
      ratio: large.extension / large.bare,
      target: '<= 1.1',
      met: large.extension / large.bare <= 1.1,
    },
  ];
}
