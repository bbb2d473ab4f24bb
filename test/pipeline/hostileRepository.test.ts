/**
 * A cloned repository is untrusted: through the command line (the same core as the extension), a manifest
 * cannot read, upload, write or replace a file outside its root, hang on a device, or spend above the limit.
 * Each case failed before the containment rule and the cost limit existed.
 */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';
import { inspectManifestFiles } from '../../src/pipeline/assetRunner';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { pngImage } from '../support/images';

describe('a hostile repository through the command line', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let base: string;
  let repo: string;
  let outside: string;
  let out: string[];
  let err: string[];

  beforeEach(async () => {
    server = await startFakeImagesServer();
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-hostile-'));
    repo = path.join(base, 'repo');
    outside = path.join(base, 'home');
    await fs.mkdir(repo);
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'passport-scan.png'), await pngImage(64, 64));
    await fs.writeFile(path.join(outside, 'bashrc.png'), await pngImage(32, 32));
    // The committed symlinked folder: inside the repository by name, the user's home folder in fact.
    await fs.symlink(outside, path.join(repo, 'linked'));
    await fs.writeFile(path.join(repo, 'logo.png'), await pngImage(64, 64));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(base, { recursive: true, force: true });
  });

  const imageRequests = () => server.requests.filter((request) => request.path.startsWith('/v1/images/'));
  async function cli(manifest: unknown, args: string[] = [], ask?: (question: string) => Promise<boolean>) {
    await fs.writeFile(path.join(repo, 'art.images.json'), JSON.stringify(manifest, null, 2));
    out = [];
    err = [];
    return runAssetsCli(['art.images.json', '--base-url', server.baseUrl, ...args], {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env: { OPENAI_API_KEY: FAKE_API_KEY },
      cwd: repo,
      ask,
    });
  }

  it('never uploads an edit input that a symlinked folder puts outside the root', async () => {
    const code = await cli({
      defaults: { quality: 'low' },
      assets: [{ out: 'scan-edit.png', prompt: 'make it brighter', edit: { images: ['linked/passport-scan.png'] } }],
    });
    assert.equal(code, 2);
    assert.ok(
      err.some((line) => /art\.images\.json:\d+:\d+: error: linked\/passport-scan\.png lies outside the workspace folder/.test(line)),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 0, 'nothing was sent');
  });

  it('never writes through a symlinked folder, nor replaces a file there', async () => {
    const before = await fs.readFile(path.join(outside, 'bashrc.png'));
    assert.equal(
      await cli({
        defaults: { quality: 'low' },
        assets: [
          { out: 'linked/bashrc.png', prompt: 'x' },
          { out: 'linked/new.png', prompt: 'y' },
        ],
      }),
      2,
    );
    assert.ok(
      err.some((line) => line.includes('linked/bashrc.png lies outside the workspace folder')),
      err.join('\n'),
    );
    assert.ok(
      err.some((line) => line.includes('linked/new.png lies outside the workspace folder')),
      err.join('\n'),
    );
    assert.deepEqual(await fs.readFile(path.join(outside, 'bashrc.png')), before);
    assert.equal(existsSync(path.join(outside, 'new.png')), false);
    assert.equal(imageRequests().length, 0);
  });

  it('never follows a dangling link out of the root to create a file', async () => {
    await fs.symlink(path.join(outside, 'created.png'), path.join(repo, 'dangling.png'));
    assert.equal(await cli({ defaults: { quality: 'low' }, assets: [{ out: 'dangling.png', prompt: 'x' }] }), 2);
    assert.ok(
      err.some((line) => line.includes('dangling.png goes through a symbolic link')),
      err.join('\n'),
    );
    assert.equal(existsSync(path.join(outside, 'created.png')), false);
    assert.equal(imageRequests().length, 0);
  });

  it('refuses a /dev/zero input and a device output without reading them', async function () {
    if (!existsSync('/dev/zero')) this.skip();
    await fs.symlink('/dev/zero', path.join(repo, 'zero.png'));
    await fs.mkdir(path.join(repo, 'folder.png'));
    const code = await cli({
      defaults: { quality: 'low' },
      assets: [
        { out: 'a.png', prompt: 'x', edit: { images: ['zero.png'] } },
        { out: 'folder.png', prompt: 'y' },
      ],
    });
    assert.equal(code, 2);
    // /dev/zero resolves outside the repository; a folder named like an image is not a file.
    assert.ok(
      err.some((line) => line.includes('zero.png lies outside the workspace folder')),
      err.join('\n'),
    );
    assert.ok(
      err.some((line) => line.includes('folder.png is not a regular file')),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 0);
  });

  it('refuses an input above the API limit from its size alone', async () => {
    const huge = await fs.open(path.join(repo, 'huge.png'), 'w');
    await huge.truncate(51 * 1024 * 1024); // sparse: no 51 MB written or read
    await huge.close();
    assert.equal(await cli({ defaults: { quality: 'low' }, assets: [{ out: 'a.png', prompt: 'x', edit: { images: ['huge.png'] } }] }), 2);
    assert.ok(
      err.some((line) => line.includes('huge.png is larger than 50 MB')),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 0);
  });

  it('follows links that stay inside, once per real file', async () => {
    await fs.symlink('.', path.join(repo, 'loop'));
    assert.equal(
      await cli({ defaults: { quality: 'low' }, assets: [{ out: 'logo-edit.png', prompt: 'x', edit: { images: ['loop/loop/loop/logo.png'] } }] }),
      0,
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 1);
  });

  it('reads each real file once while planning, however many links lead to it', async () => {
    await fs.symlink('.', path.join(repo, 'loop'));
    const root = (await fs.realpath(repo)).split(path.sep).join('/');
    const images = ['logo.png', 'loop/logo.png', 'loop/loop/logo.png', 'loop/loop/loop/logo.png'];
    const { manifest } = parseManifest(
      JSON.stringify({ assets: images.map((image, i) => ({ out: `out-${i}.png`, prompt: 'x', edit: { images: [image] } })) }),
      { manifestDir: root, rootDir: root, t: englishTranslate, today: '2026-11-23' },
    );
    assert.ok(manifest);
    const reads: string[] = [];
    const counting = {
      ...nodeAssetFiles,
      read: (file: string, maxBytes: number) => (reads.push(file), nodeAssetFiles.read(file, maxBytes)),
      readUnlinkedSync: (file: string, maxBytes: number) => (reads.push(file), nodeAssetFiles.readUnlinkedSync!(file, maxBytes)),
    };
    const inspected = await inspectManifestFiles(manifest, counting, root);
    assert.deepEqual(inspected.problems, []);
    assert.deepEqual(
      reads.filter((file) => file.endsWith('logo.png')),
      [`${root}/logo.png`],
    );
    assert.equal(new Set(images.map((image) => inspected.hashes.get(`${root}/${image}`))).size, 1);
  });

  it('refuses a lock file whose batch id or keys are not what this extension writes', async () => {
    const lock = {
      version: 1,
      assets: {},
      batch: {
        id: '[Collect](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%22%7D)',
        submittedAt: '2026-11-20T00:00:00Z',
        assets: {},
      },
    };
    await fs.writeFile(path.join(repo, 'art.images.lock.json'), JSON.stringify(lock));
    assert.equal(await cli({ assets: [{ out: 'a.png', prompt: 'x' }] }, ['--dry-run']), 2);
    assert.ok(
      err.some((line) => line.includes('is damaged')),
      err.join('\n'),
    );
    const badKey = { version: 1, assets: { '../../outside.png': { recipe: 'a'.repeat(64), file: 'b'.repeat(64), generatedAt: '2026-11-20T00:00:00Z' } } };
    await fs.writeFile(path.join(repo, 'art.images.lock.json'), JSON.stringify(badKey));
    assert.equal(await cli({ assets: [{ out: 'a.png', prompt: 'x' }] }, ['--dry-run']), 2);
  });

  it('asks above --max-cost in a terminal, refuses without one, and prints the estimate first', async () => {
    const expensive = {
      defaults: { quality: 'high', size: '1536x1024' },
      assets: Array.from({ length: 4 }, (_, i) => ({ out: `hero-${i}.png`, prompt: `hero ${i}` })),
    };
    assert.equal(await cli(expensive), 1);
    assert.ok(
      out.some((line) => /4 to make \(estimated (up to )?\$\d/.test(line)),
      out.join('\n'),
    );
    assert.ok(
      err.some((line) => /refused: This run may cost \$[\d.]+, above --max-cost \$0\.50+; nothing was sent/.test(line)),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 0);

    const questions: string[] = [];
    assert.equal(await cli(expensive, [], async (question) => (questions.push(question), false)), 1);
    assert.equal(questions.length, 1);
    assert.equal(imageRequests().length, 0, 'declined in the terminal: nothing sent');

    assert.equal(await cli(expensive, ['--max-cost', '5']), 0, err.join('\n'));
    assert.equal(imageRequests().length, 4);
  });

  it('writes an output whose name is just under 255 bytes, without a temporary name that is too long', async () => {
    const name = `${'é'.repeat(120)}.png`; // 244 bytes
    assert.equal(await cli({ defaults: { quality: 'low' }, assets: [{ out: name, prompt: 'x' }] }), 0, err.join('\n'));
    assert.ok(existsSync(path.join(repo, name)));
    assert.equal(await cli({ defaults: { quality: 'low' }, assets: [{ out: name, prompt: 'x' }] }), 0);
    assert.equal(imageRequests().length, 1, 'locked: not paid for again');
    assert.equal(await cli({ assets: [{ out: `${'é'.repeat(130)}.png`, prompt: 'x' }] }), 2);
    assert.ok(
      err.some((line) => line.includes('longer file name than file systems allow')),
      err.join('\n'),
    );
  });

  it('treats two outputs that differ only in Unicode normal form as one file', async () => {
    assert.equal(
      await cli({
        assets: [
          { out: 'caf\u00e9.png', prompt: 'x' },
          { out: 'cafe\u0301.png', prompt: 'y' },
        ],
      }),
      2,
    );
    assert.ok(
      err.some((line) => line.includes('both write')),
      err.join('\n'),
    );
  });
});
