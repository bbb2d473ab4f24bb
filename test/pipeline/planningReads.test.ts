/**
 * Planning reads most files directly (one synchronous open per file whose folder is already resolved) and the rest
 * the general way (containment, stat, bounded read). Both must decide every hostile path alike: the direct way
 * exists only to be fast, never to let something through.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';
import { inspectManifestFiles } from '../../src/pipeline/assetRunner';
import type { AssetFiles } from '../../src/pipeline/containedFiles';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { pngImage } from '../support/images';

const MB = 1024 * 1024;

describe('planning reads: the direct way and the general way agree', function () {
  this.timeout(60_000);
  let base: string;
  let root: string;

  before(async function () {
    if (!nodeAssetFiles.readUnlinkedSync) this.skip(); // Windows: every file takes the general way.
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-planning-'));
    const repo = path.join(base, 'repo');
    const outside = path.join(base, 'home');
    await fs.mkdir(path.join(repo, 'icons'), { recursive: true });
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'secret.png'), await pngImage(16, 16));
    await fs.writeFile(path.join(repo, 'icons', 'a.png'), await pngImage(32, 32));
    await fs.writeFile(path.join(repo, 'notes.txt'), 'a file where a folder is expected');
    await fs.mkdir(path.join(repo, 'icons', 'folder.png'));
    await fs.symlink('a.png', path.join(repo, 'icons', 'inside-link.png'));
    await fs.symlink(path.join(outside, 'secret.png'), path.join(repo, 'icons', 'outside-link.png'));
    await fs.symlink(path.join(outside, 'gone.png'), path.join(repo, 'icons', 'dangling.png'));
    await fs.symlink('/dev/zero', path.join(repo, 'icons', 'zero.png'));
    await fs.symlink(outside, path.join(repo, 'linked'));
    await fs.symlink('.', path.join(repo, 'loop'));
    execFileSync('mkfifo', [path.join(repo, 'icons', 'fifo.png')]);
    // Sparse, so they cost no disk: one above the size read directly, one above the API's limit.
    await fs.truncate(await touch(path.join(repo, 'icons', 'big.png')), 5 * MB);
    await fs.truncate(await touch(path.join(repo, 'icons', 'huge.png')), 60 * MB);
    root = (await fs.realpath(repo)).split(path.sep).join('/');
  });
  after(async () => {
    if (base) await fs.rm(base, { recursive: true, force: true });
  });

  async function touch(file: string): Promise<string> {
    await fs.writeFile(file, '');
    return file;
  }

  const names = [
    'icons/a.png',
    'icons/missing.png',
    'nowhere/missing.png',
    'notes.txt/child.png',
    'icons/folder.png',
    'icons/inside-link.png',
    'icons/outside-link.png',
    'icons/dangling.png',
    'icons/zero.png',
    'icons/fifo.png',
    'icons/big.png',
    'icons/huge.png',
    'linked/secret.png',
    'loop/loop/icons/a.png',
  ];

  async function inspect(files: AssetFiles) {
    const { manifest } = parseManifest(JSON.stringify({ assets: names.map((name, i) => ({ out: `out/${i}.png`, prompt: 'x', edit: { images: [name] } })) }), {
      manifestDir: root,
      rootDir: root,
      t: englishTranslate,
      today: '2026-12-04',
    });
    assert.ok(manifest);
    const inspected = await inspectManifestFiles(manifest, files, root);
    return {
      hashes: names.map((name) => [name, inspected.hashes.get(`${root}/${name}`)]),
      problems: inspected.problems.map((problem) => [path.posix.relative(root, problem.path), problem.reason]).sort(),
    };
  }

  it('decides each path as stat-then-read does, and reads the plain files directly', async () => {
    const direct: string[] = [];
    const general: string[] = [];
    const counting: AssetFiles = {
      ...nodeAssetFiles,
      read: (file, maxBytes) => (general.push(path.posix.relative(root, file)), nodeAssetFiles.read(file, maxBytes)),
      readUnlinkedSync: (file, maxBytes) => (direct.push(path.posix.relative(root, file)), nodeAssetFiles.readUnlinkedSync!(file, maxBytes)),
    };
    const withoutDirect: AssetFiles = { ...nodeAssetFiles, readUnlinkedSync: undefined };
    const fast = await inspect(counting);
    const slow = await inspect(withoutDirect);
    assert.deepEqual(fast, slow);
    assert.deepEqual(fast.problems, [
      ['icons/dangling.png', 'through-link'],
      ['icons/fifo.png', 'not-a-file'],
      ['icons/folder.png', 'not-a-file'],
      ['icons/huge.png', 'too-large'],
      ['icons/outside-link.png', 'outside'],
      ['icons/zero.png', 'outside'],
      ['linked/secret.png', 'outside'],
    ]);
    const hash = new Map(fast.hashes as [string, string | undefined][]);
    assert.ok(hash.get('icons/a.png'));
    assert.equal(hash.get('icons/inside-link.png'), hash.get('icons/a.png'));
    assert.equal(hash.get('loop/loop/icons/a.png'), hash.get('icons/a.png'));
    assert.equal(hash.get('icons/missing.png'), undefined);
    assert.ok(hash.get('icons/big.png'));
    // a.png once, whatever the names; the big file and the link's target the general way; nothing outside read.
    assert.equal(direct.filter((file) => file === 'icons/a.png').length, 1);
    assert.ok(!general.includes('icons/a.png'));
    assert.deepEqual(general, ['icons/big.png']);
    assert.ok([...direct, ...general].every((file) => !file.startsWith('..')));
  });
});
