/**
 * Assets that finish together share one lock write, yet each is locked on disk before its run reports it done:
 * a crash right after any progress event loses no lock entry of an asset reported made.
 */
import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMPTY_LOCK, parseLockFile } from '../../src/core/assets/assetLock';
import { planAssets } from '../../src/core/assets/assetPlan';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';
import { inspectManifestFiles, runAssets, type AssetFiles } from '../../src/pipeline/assetRunner';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';

describe('lock writes during an asset run', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    server.delayMs = 50;
    dir = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-lock-writes-')))).split(path.sep).join('/');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('has every asset reported made already in the lock on disk, with fewer writes than assets', async () => {
    const count = 12;
    const text = JSON.stringify({
      defaults: { quality: 'low' },
      assets: Array.from({ length: count }, (_, i) => ({ out: `a/${i}.png`, prompt: `icon ${i}` })),
    });
    const { manifest } = parseManifest(text, { manifestDir: dir, rootDir: dir, t: englishTranslate, today: '2026-12-04' });
    assert.ok(manifest);
    const lockPath = `${dir}/art.images.lock.json`;
    // The first lock write waits until the first four images are on disk: the three that finish meanwhile must
    // then share the next write, whatever the machine's timing.
    let lockWrites = 0;
    let imagesWritten = 0;
    let openGate = () => undefined as void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const files: AssetFiles = {
      ...nodeAssetFiles,
      replace: async (file, bytes) => {
        if (file === lockPath && ++lockWrites === 1) await gate;
        await nodeAssetFiles.replace(file, bytes);
        if (file !== lockPath && ++imagesWritten === 4) openGate();
      },
    };
    const lockedAtReport: boolean[] = [];
    const { hashes } = await inspectManifestFiles(manifest, files, dir);
    const summary = await runAssets({
      manifest,
      plan: planAssets(manifest, EMPTY_LOCK, (file) => hashes.get(file)),
      lock: EMPTY_LOCK,
      lockPath,
      root: dir,
      connection: { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 60, maxRetries: 0 },
      files,
      concurrency: 4,
      signal: new AbortController().signal,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      confirmOverwrite: async () => new Set(),
      // Read synchronously at the event, before anything else may write the lock.
      onProgress: ({ asset }) => {
        const { lock } = parseLockFile(readFileSync(lockPath, 'utf8'));
        lockedAtReport.push(asset.key in lock.assets);
      },
    });
    assert.equal(summary.generated.length, count);
    assert.deepEqual(
      lockedAtReport,
      Array.from({ length: count }, () => true),
    );
    assert.ok(lockWrites <= count - 2, `${lockWrites} lock writes for ${count} assets`);
    const { lock } = parseLockFile(await fs.readFile(lockPath, 'utf8'));
    assert.equal(Object.keys(lock.assets).length, count);
  });
});
