/** The containment rule: inside the root as text and again once links are resolved. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LinkNotFollowedError, containPath, isInsideFolder, tooBroadForWebview, type RealPaths } from '../../src/core/containment';
import { nodeAssetFiles, nodeRealPath } from '../../src/pipeline/nodeAssetFiles';
import { readContained } from '../../src/pipeline/containedFiles';

const links = (map: Record<string, string>): RealPaths => ({
  async realPath(file) {
    for (const [from, to] of Object.entries(map)) if (file === from || file.startsWith(`${from}/`)) return to + file.slice(from.length);
    return file;
  },
});

describe('containment', () => {
  it('knows inside from outside as text', () => {
    assert.ok(isInsideFolder('/w', '/w/a/b.png'));
    assert.ok(isInsideFolder('/w', '/w'));
    assert.ok(!isInsideFolder('/w', '/w2/a.png'));
    assert.ok(!isInsideFolder('/w', '/a.png'));
  });

  it('refuses `..`, absolute paths and links that lead out; accepts links that stay in', async () => {
    const paths = links({ '/w/linked': '/home/me', '/w/loop': '/w' });
    assert.deepEqual(await containPath('/w', '../../Pictures/passport.png', paths), { ok: false, reason: 'outside' });
    assert.deepEqual(await containPath('/w', '/etc/passwd', paths), { ok: false, reason: 'outside' });
    assert.deepEqual(await containPath('/w', '/w/linked/passport.png', paths), { ok: false, reason: 'outside', realPath: '/home/me/passport.png' });
    assert.deepEqual(await containPath('/w', '/w/loop/a.png', paths), { ok: true, realPath: '/w/a.png' });
    assert.deepEqual(await containPath('/w', '/w/new/b.png', paths), { ok: true, realPath: '/w/new/b.png' });
  });

  it('never lets a webview root expose /, a drive, the home folder or a folder above it', () => {
    for (const folder of ['/', '/c:', '/home', '/home/me', '/home/me/']) assert.ok(tooBroadForWebview(folder, '/home/me'), folder);
    for (const folder of ['/home/me/project', '/home/me/Pictures', '/srv/art']) assert.ok(!tooBroadForWebview(folder, '/home/me'), folder);
  });

  it('refuses what a file system cannot resolve', async () => {
    const remote: RealPaths = {
      async realPath(file) {
        if (file.includes('/link/')) throw new LinkNotFollowedError(file);
        return file;
      },
    };
    assert.deepEqual(await containPath('/w', '/w/link/a.png', remote), { ok: false, reason: 'through-link' });
  });

  describe('on the local disk', () => {
    let dir: string;
    beforeEach(async () => {
      dir = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-contain-')))).split(path.sep).join('/');
      await fs.mkdir(`${dir}/w`);
      await fs.mkdir(`${dir}/out`);
      await fs.symlink(`${dir}/out`, `${dir}/w/linked`);
      await fs.symlink(`${dir}/out/missing.png`, `${dir}/w/dangling.png`);
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    it('resolves the existing part and keeps the rest', async () => {
      assert.equal(await nodeRealPath(`${dir}/w/linked/new/x.png`), `${dir}/out/new/x.png`);
      assert.equal(await nodeRealPath(`${dir}/w/a/b.png`), `${dir}/w/a/b.png`);
      await assert.rejects(nodeRealPath(`${dir}/w/dangling.png`), LinkNotFollowedError);
    });

    it('reads at most the limit, and nothing of a file that is too large', async () => {
      await fs.writeFile(`${dir}/w/small.png`, Buffer.alloc(10));
      await fs.writeFile(`${dir}/w/big.png`, Buffer.alloc(100));
      assert.deepEqual(await readContained(nodeAssetFiles, `${dir}/w`, `${dir}/w/small.png`, 50), { ok: true, bytes: Buffer.alloc(10) });
      assert.deepEqual(await readContained(nodeAssetFiles, `${dir}/w`, `${dir}/w/big.png`, 50), {
        ok: false,
        problem: { path: `${dir}/w/big.png`, reason: 'too-large', limit: 50 },
      });
      assert.deepEqual(await readContained(nodeAssetFiles, `${dir}/w`, `${dir}/w/none.png`, 50), { ok: true, bytes: undefined });
      assert.equal((await readContained(nodeAssetFiles, `${dir}/w`, `${dir}/w/linked/x.png`, 50)).ok, false);
    });
  });
});
