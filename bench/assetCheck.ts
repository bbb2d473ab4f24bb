/**
 * 8. `--check` on a manifest of 10,000 assets with two derivatives each (30,000 files, all up to date), against a
 * bare script that reads and hashes the same files: what parsing, containment, planning and the lock add.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runAssetsCli } from '../src/cli/assetsCli';
import { assetRecipeHash, EMPTY_LOCK, serializeLockFile, type LockFile } from '../src/core/assets/assetLock';
import { deriveSpecHash } from '../src/core/assets/derivatives';
import { parseManifest } from '../src/core/assets/manifestParse';
import { isoDay } from '../src/core/modelLifecycle';
import { englishTranslate } from '../src/core/translate';
import { inspectManifestFiles } from '../src/pipeline/assetRunner';
import { nodeAssetFiles } from '../src/pipeline/nodeAssetFiles';
import { median, noisePng, tempDir, timed, type Row } from './support';

const ASSETS = 10_000;
const SIZES = [16, 32];

/** Reads and hashes every file, 16 at a time: the least any check of these files must do. */
async function bareHashing(files: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      createHash('sha256')
        .update(await fs.readFile(file))
        .digest('hex');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function prepare(dir: string): Promise<string[]> {
  const posix = dir.split(path.sep).join('/');
  const image = await noisePng(24, 24);
  const files: string[] = [];
  const assets = Array.from({ length: ASSETS }, (_, i) => ({
    out: `icons/${Math.floor(i / 100)}/icon-${i}.png`,
    prompt: `icon number ${i}`,
    derive: [{ out: `icons/${Math.floor(i / 100)}/icon-${i}-{size}.png`, sizes: SIZES }],
  }));
  const text = JSON.stringify({ defaults: { quality: 'low', size: '1024x1024' }, assets });
  await fs.writeFile(path.join(dir, 'set.images.json'), text);
  for (let folder = 0; folder < ASSETS / 100; folder++) await fs.mkdir(path.join(dir, 'icons', String(folder)), { recursive: true });
  for (const asset of assets) {
    for (const file of [asset.out, ...SIZES.map((size) => asset.derive[0]!.out.replace('{size}', String(size)))]) {
      files.push(path.join(dir, file));
      await fs.writeFile(path.join(dir, file), image);
    }
  }
  // The lock of a run that made everything: every asset and derivative up to date.
  const { manifest } = parseManifest(text, { manifestDir: posix, rootDir: posix, t: englishTranslate, today: isoDay(new Date()) });
  if (!manifest) throw new Error('manifest');
  const { hashes } = await inspectManifestFiles(manifest, nodeAssetFiles, posix);
  const lock: LockFile = { ...EMPTY_LOCK, assets: {}, derived: {} };
  for (const asset of manifest.assets) {
    const file = hashes.get(asset.outPath)!;
    lock.assets[asset.key] = { recipe: assetRecipeHash(asset, (input) => hashes.get(input)).recipe, file, generatedAt: new Date().toISOString() };
    for (const derivative of asset.derive)
      lock.derived![derivative.key] = { from: asset.key, source: file, spec: deriveSpecHash(derivative.spec), file: hashes.get(derivative.outPath)! };
  }
  await fs.writeFile(path.join(dir, 'set.images.lock.json'), serializeLockFile(lock));
  return files;
}

export async function assetCheck(): Promise<Row[]> {
  const dir = await tempDir('asset-check');
  try {
    const files = await prepare(dir);
    const bare: number[] = [];
    const check: number[] = [];
    for (let run = 0; run < 3; run++) {
      bare.push((await timed(() => bareHashing(files))).ms);
      const { ms, value } = await timed(() =>
        runAssetsCli(['set.images.json', '--check'], { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir }),
      );
      if (value !== 0) throw new Error(`--check exited ${value}: not all up to date`);
      check.push(ms);
    }
    const ratio = median(check) / median(bare);
    return [
      {
        benchmark: `8. --check, ${ASSETS.toLocaleString('en')} assets with ${SIZES.length} derivatives each (${files.length.toLocaleString('en')} files; median of 3)`,
        measured: `${median(check).toFixed(0)} ms`,
        baseline: `${median(bare).toFixed(0)} ms (read and hash the same files)`,
        ratio,
        target: '<= 1.5',
        met: ratio <= 1.5,
      },
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
