/** 3. Many assets: 24 assets, 4 at a time, 300 ms per request, against the ideal 24 / 4 x 300 ms. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
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

async function runCase(image: Buffer): Promise<number[]> {
  // A ready-made answer, from a server in its own process: its work is not the extension's time.
  const imageDir = await tempDir('assets-image');
  const imageFile = path.join(imageDir, 'answer.png');
  await fs.writeFile(imageFile, image);
  const server = await fakeServerProcess(LATENCY_MS, imageFile);
  const totals: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      const dir = await tempDir('assets');
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
          connection: { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 60, maxRetries: 0 },
          files: nodeAssetFiles,
          concurrency: CONCURRENCY,
          signal: new AbortController().signal,
          log: { info: () => undefined, warn: () => undefined, error: () => undefined },
          confirmOverwrite: async () => new Set(),
        });
        if (summary.generated.length !== ASSETS) throw new Error(`made ${summary.generated.length}`);
      });
      totals.push(ms);
      await fs.rm(dir, { recursive: true, force: true });
    }
  } finally {
    server.stop();
    await fs.rm(imageDir, { recursive: true, force: true });
  }
  return totals;
}

export async function manyAssets(): Promise<Row[]> {
  const ideal = (ASSETS / CONCURRENCY) * LATENCY_MS;
  const small = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
  const rows: Row[] = [];
  for (const [label, image, target] of [
    [`${(small.length / 1024).toFixed(0)} KB answers: scheduling`, small, true],
    ['1 MB answers: with decoding, hashing and writing', await noisePng(512, 512), false],
  ] as const) {
    const totals = await runCase(image);
    const ratio = median(totals) / ideal;
    rows.push({
      benchmark: `3. Many assets (${ASSETS}, ${CONCURRENCY} at once, ${LATENCY_MS} ms each; median of 3), ${label}`,
      measured: `${median(totals).toFixed(0)} ms`,
      baseline: `${ideal} ms (ideal)`,
      ratio,
      target: target ? '<= 1.15' : 'report',
      met: target ? ratio <= 1.15 : undefined,
    });
  }
  return rows;
}
