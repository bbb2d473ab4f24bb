/** Assets as code through the command line, against the fake Images API: incremental, ordered, bounded, resilient. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { parseLockFile, serializeLockFile } from '../../src/core/assets/assetLock';
import { withAltText } from '../../src/core/assets/assetAlt';
import { withoutTextChunk } from '../../src/core/pngText';
import { RECIPE_KEYWORD } from '../../src/core/recipe';
import { FAKE_API_KEY, errorBody, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Ten generated icons, a JPEG and a WebP banner, and an edit of one icon: 13 assets, one depending on another. */
function manifest(overrides: { prompt3?: string } = {}) {
  const icons = Array.from({ length: 10 }, (_, i) => ({
    out: `icons/icon-${i}.png`,
    prompt: i === 3 && overrides.prompt3 ? overrides.prompt3 : `a flat icon number ${i}`,
    size: '1024x1024',
  }));
  return {
    $schema: 'https://example.invalid/images-manifest.schema.json',
    defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
    assets: [
      { out: 'icons/icon-0-night.png', prompt: 'the same icon at night', edit: { images: ['icons/icon-0.png'] } },
      ...icons,
      { out: 'banners/store.jpg', prompt: 'a store banner', size: '1536x1024', outputCompression: 80 },
      { out: 'banners/social.webp', prompt: 'a social card', background: 'opaque' },
    ],
  };
}

describe('assets as code (command line) against the fake Images API', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(async () => {
    server = await startFakeImagesServer();
    server.delayMs = 80;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-assets-'));
    await writeManifest(manifest());
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const manifestFile = () => path.join(dir, 'art.images.json');
  const lockFile = () => path.join(dir, 'art.images.lock.json');
  async function writeManifest(value: unknown) {
    await fs.writeFile(manifestFile(), JSON.stringify(value, null, 2));
  }
  async function cli(args: string[], options: { ask?: (question: string) => Promise<boolean>; signal?: AbortSignal; env?: Record<string, string> } = {}) {
    out = [];
    err = [];
    return runAssetsCli(['art.images.json', '--base-url', server.baseUrl, ...args], {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env: options.env ?? { OPENAI_API_KEY: FAKE_API_KEY },
      cwd: dir,
      ask: options.ask,
      signal: options.signal,
    });
  }
  const imageRequests = () => server.requests.filter((request) => request.path.startsWith('/v1/images/'));

  it('makes every asset once, in dependency order, at most 3 at a time, and locks each file', async () => {
    assert.equal(await cli([]), 0, err.join('\n'));
    assert.equal(imageRequests().length, 13);
    assert.ok(server.maxConcurrent <= 3, `at most 3 at once, saw ${server.maxConcurrent}`);
    assert.ok(server.maxConcurrent >= 2, 'it did run in parallel');
    const lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    assert.equal(Object.keys(lock.assets).length, 13);
    for (const [key, entry] of Object.entries(lock.assets)) assert.equal(entry.file, sha256(await fs.readFile(path.join(dir, key))), key);
    // The edit went out after icon-0 was written, with icon-0's bytes as written.
    const edit = imageRequests().find((request) => request.path === '/v1/images/edits')!;
    assert.equal(edit.files[0]!.sha256, sha256(await fs.readFile(path.join(dir, 'icons/icon-0.png'))));
    const icon0 = server.requests.find((request) => request.fields.prompt === 'a flat icon number 0')!;
    assert.equal(sha256(withoutTextChunk(await fs.readFile(path.join(dir, 'icons/icon-0.png')), RECIPE_KEYWORD)), icon0.returned[0]);
    // Settings: defaults, then the asset's own, the format from the extension.
    const banner = server.requests.find((request) => request.fields.prompt === 'a store banner')!;
    assert.deepEqual(
      [banner.fields.model, banner.fields.quality, banner.fields.size, banner.fields.output_format, banner.fields.output_compression],
      ['gpt-image-2.6-flare', 'low', '1536x1024', 'jpeg', 80],
    );
    assert.equal((await fs.readFile(path.join(dir, 'banners/store.jpg')))[0], 0xff);
    assert.match(out.at(-1)!, /Made 13, unchanged 0, failed 0/);
  });

  it('an asset whose answer was paid for and then refused counts in the run cost', async () => {
    await writeManifest({ defaults: { model: 'gpt-image-2.6-flare', quality: 'low' }, assets: [{ out: 'logo.svg', prompt: 'a logo' }] });
    server.fixedImages.svg = Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    assert.equal(await cli([]), 1);
    assert.equal(imageRequests().length, 1);
    assert.match(out.at(-1)!, /Made 0, unchanged 0, failed 1, skipped 0; \$0\.0*[1-9]/, out.join('\n'));
    await assert.rejects(fs.access(path.join(dir, 'logo.svg')));
  });

  it('a second run sends nothing; changing one prompt sends exactly one request; --check tells stale from fresh', async () => {
    assert.equal(await cli([]), 0);
    const before = imageRequests().length;
    assert.equal(await cli([]), 0);
    assert.equal(imageRequests().length, before, 'nothing is stale');
    assert.equal(await cli(['--check']), 0);

    await writeManifest(manifest({ prompt3: 'a flat icon number three, in red' }));
    assert.equal(await cli(['--check']), 1);
    assert.ok(
      out.some((line) => line.includes('icons/icon-3.png: recipe changed')),
      out.join('\n'),
    );
    assert.equal(imageRequests().length, before, '--check calls nothing');
    assert.equal(await cli(['--dry-run']), 0);
    assert.equal(imageRequests().length, before, '--dry-run calls nothing');
    assert.equal(await cli([]), 0);
    assert.equal(imageRequests().length, before + 1);
    assert.equal(imageRequests().at(-1)!.fields.prompt, 'a flat icon number three, in red');
    assert.equal(await cli(['--check']), 0);
  });

  it('--check fails while an "auto" alt text is missing from the lock, never calls a model, and passes once the lock records it', async () => {
    await writeManifest({ defaults: { model: 'gpt-image-2.6-flare', quality: 'low' }, assets: [{ out: 'hero.png', prompt: 'a hero', alt: 'auto' }] });
    assert.equal(await cli([]), 0, err.join('\n'));
    const requests = server.requests.length;
    assert.equal(await cli(['--check']), 1);
    assert.ok(
      out.some((line) => line.includes('hero.png: no description')),
      out.join('\n'),
    );
    assert.equal(server.requests.length, requests, 'no model and no image was asked');
    // What Generate Assets in VS Code records after describing the picture.
    const lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    const described = withAltText(lock, 'hero.png', lock.assets['hero.png']!.file, { text: 'A hero on a hill', by: 'copilot/gpt-4o' })!;
    await fs.writeFile(lockFile(), serializeLockFile(described));
    assert.equal(await cli(['--check']), 0, out.join('\n'));
    // A new image of the asset has no description until it is described again.
    await writeManifest({ defaults: { model: 'gpt-image-2.6-flare', quality: 'low' }, assets: [{ out: 'hero.png', prompt: 'a braver hero', alt: 'auto' }] });
    assert.equal(await cli([]), 0);
    assert.equal(parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock.assets['hero.png']!.alt, undefined);
    assert.equal(await cli(['--check']), 1);
  });

  it('a changed input makes its edits stale too', async () => {
    assert.equal(await cli([]), 0);
    const before = imageRequests().length;
    await writeManifest({
      ...manifest(),
      assets: manifest().assets.map((asset) => (asset.out === 'icons/icon-0.png' ? { ...asset, prompt: 'icon zero, new' } : asset)),
    });
    assert.equal(await cli([]), 0);
    assert.deepEqual(
      imageRequests()
        .slice(before)
        .map((request) => request.path),
      ['/v1/images/generations', '/v1/images/edits'],
    );
  });

  it('a file edited by hand is never overwritten silently: skipped without a terminal, replaced when confirmed', async () => {
    assert.equal(await cli([]), 0);
    const target = path.join(dir, 'icons/icon-5.png');
    const mine = Buffer.from('my own drawing');
    await fs.writeFile(target, mine);
    await writeManifest(manifest()); // unchanged recipe: only the disk changed
    assert.equal(await cli(['--check']), 1);
    assert.ok(out.some((line) => line.includes('icons/icon-5.png: changed on disk since it was made')));

    const before = imageRequests().length;
    assert.equal(await cli([]), 1, 'no terminal to ask: skipped, and the run says so');
    assert.deepEqual(await fs.readFile(target), mine);
    assert.ok(err.some((line) => line.startsWith('skipped: icons/icon-5.png')));
    assert.equal(imageRequests().length, before);

    const asked: string[] = [];
    assert.equal(await cli([], { ask: async (question) => (asked.push(question), true) }), 0);
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /icons\/icon-5\.png was changed on disk/);
    assert.notDeepEqual(await fs.readFile(target), mine);
    assert.equal(await cli(['--check']), 0);
  });

  it('a burst of 429s slows the run down instead of failing it', async () => {
    const tooMany = {
      status: 429,
      body: errorBody('Rate limit reached for images per minute.', 'rate_limit_exceeded', 'requests'),
      headers: { 'retry-after-ms': '50' },
    };
    server.script(...Array.from({ length: 12 }, () => tooMany));
    assert.equal(await cli([]), 0, err.join('\n'));
    assert.equal(imageRequests().filter((request) => request.status === 200).length, 13);
    assert.ok(
      err.some((line) => /rate limited: again in \d+ms, at most [12] at once/.test(line)),
      err.join('\n'),
    );
    assert.match(out.at(-1)!, /Made 13, unchanged 0, failed 0/);
  });

  it('cancel in the middle keeps only complete, locked files', async () => {
    server.delayMs = 400;
    const controller = new AbortController();
    const running = cli([], { signal: controller.signal });
    const started = Date.now();
    while (out.filter((line) => /^\d+\/\d+ made /.test(line)).length < 3 && Date.now() - started < 20_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    assert.equal(await running, 1);
    const lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    const written = (await fs.readdir(path.join(dir, 'icons'))).concat(
      existsSync(path.join(dir, 'banners')) ? (await fs.readdir(path.join(dir, 'banners'))).map((name) => `../banners/${name}`) : [],
    );
    assert.ok(
      written.every((name) => !name.endsWith('.tmp')),
      `no temp file: ${written.join(', ')}`,
    );
    assert.ok(
      Object.keys(lock.assets).length >= 3 && Object.keys(lock.assets).length < 13,
      `${Object.keys(lock.assets).length} locked: ${Object.keys(lock.assets).join(', ')}; ${out.join(' | ')}; ${err.join(' | ')}`,
    );
    for (const [key, entry] of Object.entries(lock.assets)) assert.equal(entry.file, sha256(await fs.readFile(path.join(dir, key))), key);
    assert.equal(written.length, Object.keys(lock.assets).length, 'every file on disk is locked, and only those');
    // The next run makes the rest.
    server.delayMs = 0;
    assert.equal(await cli([]), 0);
    assert.equal(await cli(['--check']), 0);
  });

  it('reports manifest errors with line and column, and exits 2 without calling the API', async () => {
    await fs.writeFile(
      manifestFile(),
      '{\n  "assets": [\n    { "out": "../outside.png", "prompt": "x" },\n    { "out": "a.png", "prompt": "y", "colour": "red" }\n  ]\n}\n',
    );
    assert.equal(await cli([]), 2);
    assert.ok(
      err.some((line) => line.startsWith('art.images.json:4:38: error: Unknown key "colour"')),
      err.join('\n'),
    );
    // The fields are checked first; an unknown key stops before the paths are looked at.
    await fs.writeFile(manifestFile(), '{\n  "assets": [\n    { "out": "../outside.png", "prompt": "x" }\n  ]\n}\n');
    assert.equal(await cli([]), 2);
    assert.ok(
      err.some((line) => /art\.images\.json:3:14: error: "\.\.\/outside\.png" is outside the workspace folder/.test(line)),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 0);
  });

  it('needs OPENAI_API_KEY to make anything, but not to check', async () => {
    assert.equal(await cli([], { env: {} }), 2);
    assert.ok(err.some((line) => line.includes('OPENAI_API_KEY is not set')));
    assert.equal(await cli(['--check'], { env: {} }), 1);
    assert.equal(imageRequests().length, 0);
  });
  it('collecting a batch where one file cannot be written still locks every file that was written', async () => {
    server.batchPollsToComplete = 1;
    assert.equal(await cli(['--batch', '--max-cost', '5']), 0, err.join('\n'));
    // The folder of the banners becomes a file: their writes fail, the icons' succeed.
    await fs.writeFile(path.join(dir, 'banners'), 'not a folder');
    assert.equal(await cli(['--collect']), 1);
    assert.ok(
      err.some((line) => line.startsWith('failed: banners/store.jpg: Could not write the file: ')),
      err.join('\n'),
    );
    const lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    assert.equal(lock.batch, undefined);
    assert.equal(Object.keys(lock.assets).length, 10, 'the ten icons written are locked');
    assert.equal(lock.assets['icons/icon-4.png']!.file, sha256(await fs.readFile(path.join(dir, 'icons/icon-4.png'))));
    // So the next run pays only for what is missing, not for the icons again as "changed by hand".
    await fs.rm(path.join(dir, 'banners'));
    assert.equal(await cli(['--dry-run']), 0);
    assert.ok(
      out.some((line) => /13 assets: 3 to make/.test(line)),
      out.join('\n'),
    );
  });

  it('the Batch API route: submit, pending, collect; failed items reported per asset; edits left for a direct run', async () => {
    server.blockedPrompts = ['number 7'];
    server.batchPollsToComplete = 2;
    assert.equal(await cli(['--batch']), 0, err.join('\n'));
    assert.ok(
      err.some((line) => line.startsWith('not in the batch: icons/icon-0-night.png (an edit')),
      err.join('\n'),
    );
    const upload = server.requests.find((request) => request.path === '/v1/files')!;
    assert.equal(upload.fields.purpose, 'batch');
    assert.equal(upload.files[0]!.filename, 'openai-images-assets.jsonl');
    const batch = [...server.batches.values()][0]!;
    assert.equal(batch.endpoint, '/v1/images/generations');
    assert.equal(batch.lines.length, 12);
    assert.deepEqual(batch.lines[0], {
      custom_id: 'icons/icon-0.png',
      method: 'POST',
      url: '/v1/images/generations',
      body: {
        model: 'gpt-image-2.6-flare',
        prompt: 'a flat icon number 0',
        n: 1,
        size: '1024x1024',
        quality: 'low',
        background: 'auto',
        output_format: 'png',
        moderation: 'auto',
      },
    });
    let lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    assert.equal(lock.batch?.id, batch.id);
    assert.equal(Object.keys(lock.batch!.assets).length, 12);
    assert.equal(imageRequests().length, 0, 'nothing went to the images endpoints directly');

    // A second submit is refused while one is pending; the first collect finds it still running.
    assert.equal(await cli(['--batch']), 1);
    assert.equal(await cli(['--collect']), 0);
    assert.ok(
      out.some((line) => /Batch batch_1 is in_progress/.test(line)),
      out.join('\n'),
    );

    assert.equal(await cli(['--collect']), 1, 'one item failed');
    assert.ok(
      err.some((line) => line.startsWith('failed: icons/icon-7.png: Your request was rejected as a result of our safety system.')),
      err.join('\n'),
    );
    assert.ok(
      out.some((line) => /Batch batch_1 completed: wrote 11, failed 1, skipped 0/.test(line)),
      out.join('\n'),
    );
    lock = parseLockFile(await fs.readFile(lockFile(), 'utf8')).lock;
    assert.equal(lock.batch, undefined, 'collected: no longer pending');
    assert.equal(Object.keys(lock.assets).length, 11);
    const icon2 = await fs.readFile(path.join(dir, 'icons/icon-2.png'));
    assert.equal(sha256(withoutTextChunk(icon2, RECIPE_KEYWORD)), batch.returned['icons/icon-2.png']);
    assert.equal(lock.assets['icons/icon-2.png']!.file, sha256(icon2));
    assert.equal(existsSync(path.join(dir, 'icons/icon-7.png')), false);

    // What is left (the failed one and the edit) is stale, and a direct run makes exactly those.
    server.blockedPrompts = [];
    assert.equal(await cli(['--check']), 1);
    assert.equal(await cli([]), 0, err.join('\n'));
    assert.deepEqual(
      imageRequests()
        .map((request) => request.fields.prompt)
        .sort(),
      ['a flat icon number 7', 'the same icon at night'],
    );
    assert.equal(await cli(['--check']), 0);
  });
});
