/** Sets of assets through the command line against the fake Images API: style kits, reference chains, derivatives. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import decodeIco from 'decode-ico';
import sharp from 'sharp';
import { runAssetsCli } from '../../src/cli/assetsCli';
import { parseLockFile } from '../../src/core/assets/assetLock';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';
import { missingInputs } from '../../src/pipeline/assetRunner';
import { nodeAssetFiles } from '../../src/pipeline/nodeAssetFiles';
import { REFERENCE_INSTRUCTION } from '../../src/core/assets/styleKit';
import { parseRegistry, RECIPE_REGISTRY_PATH } from '../../src/core/credentials/recipeRegistry';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { pngImage } from '../support/images';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const styled = {
  defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
  styles: {
    icons: {
      brief: 'flat line icons, 2px strokes',
      references: ['brand/ref.png'],
      palette: ['#112233', '#AABBCC'],
      negative: 'gradients, text',
      anchor: 'icons/home.png',
      size: '1024x1024',
    },
    photos: { brief: 'warm film photos', references: ['brand/photo.png'] },
  },
  assets: [
    { out: 'icons/search.png', prompt: 'a magnifier', style: 'icons' },
    { out: 'icons/home.png', prompt: 'a house', style: 'icons' },
    { out: 'icons/gear.png', prompt: 'a gear', style: 'icons', quality: 'medium' },
    { out: 'photos/beach.png', prompt: 'a beach', style: 'photos' },
    { out: 'plain.png', prompt: 'a plain picture' },
  ],
};

describe('asset sets (command line) against the fake Images API', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-sets-'));
    await fs.mkdir(path.join(dir, 'brand'));
    await fs.writeFile(path.join(dir, 'brand/ref.png'), await pngImage(256, 256, false));
    await fs.writeFile(path.join(dir, 'brand/photo.png'), await pngImage(128, 128, false));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const writeManifest = (value: unknown) => fs.writeFile(path.join(dir, 'set.images.json'), JSON.stringify(value, null, 2));
  const readLock = async () => parseLockFile(await fs.readFile(path.join(dir, 'set.images.lock.json'), 'utf8')).lock;
  async function cli(args: string[] = []) {
    out = [];
    err = [];
    return runAssetsCli(['set.images.json', '--base-url', server.baseUrl, '--max-cost', '5', ...args], {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env: { OPENAI_API_KEY: FAKE_API_KEY },
      cwd: dir,
    });
  }
  const imageRequests = () => server.requests.filter((request) => request.path.startsWith('/v1/images/'));
  const requestFor = (prompt: string) => imageRequests().find((request) => String(request.fields.prompt).startsWith(prompt))!;

  it('a styled set sends its references, makes the anchor first, and records the style in every recipe', async () => {
    await writeManifest(styled);
    assert.equal(await cli(), 0, err.join('\n'));
    const home = requestFor('a house');
    const search = requestFor('a magnifier');
    const gear = requestFor('a gear');
    // The anchor went first: it carries only the style's reference; the rest carry the anchor too, as written.
    assert.ok(imageRequests().indexOf(home) < imageRequests().indexOf(search), 'the anchor is made first');
    assert.equal(home.path, '/v1/images/edits');
    assert.deepEqual(
      home.files.filter((file) => file.field.startsWith('image')).map((file) => file.sha256),
      [sha256(await fs.readFile(path.join(dir, 'brand/ref.png')))],
    );
    const homeBytes = await fs.readFile(path.join(dir, 'icons/home.png'));
    assert.deepEqual(
      search.files.filter((file) => file.field.startsWith('image')).map((file) => file.sha256),
      [sha256(homeBytes), sha256(await fs.readFile(path.join(dir, 'brand/ref.png')))],
    );
    // The prompt: the asset's words, then the style's, in the documented order.
    // multipart/form-data sends line breaks as CRLF (the form encoding's rule); the words are the same.
    assert.equal(
      String(search.fields.prompt).replaceAll('\r\n', '\n'),
      `a magnifier\n\nStyle: flat line icons, 2px strokes\nPalette: #112233, #aabbcc\nAvoid: gradients, text\n${REFERENCE_INSTRUCTION}`,
    );
    // The style's settings sit between defaults and the asset's own.
    assert.deepEqual([search.fields.size, search.fields.quality, gear.fields.quality], ['1024x1024', 'low', 'medium']);
    const plain = requestFor('a plain picture');
    assert.equal(plain.path, '/v1/images/generations');
    assert.equal(plain.fields.prompt, 'a plain picture');
    const lock = await readLock();
    assert.equal(lock.assets['icons/search.png']!.style!.name, 'icons');
    assert.deepEqual(Object.keys(lock.assets['icons/search.png']!.style!.references), ['brand/ref.png']);
    assert.equal(lock.assets['plain.png']!.style, undefined);
    // The recipe each image carries names its sources (the references) and the composed prompt.
    const registry = parseRegistry(await fs.readFile(path.join(dir, RECIPE_REGISTRY_PATH), 'utf8'));
    const recipe = [...registry.entries.values()].find((entry) => entry.recipe.prompt.startsWith('a magnifier'))!.recipe;
    assert.deepEqual(recipe.sources, ['home.png', '../brand/ref.png']);
    assert.match(recipe.prompt, /Style: flat line icons/);
  });

  it("a changed reference makes exactly that style's assets stale, and --check says why", async () => {
    await writeManifest(styled);
    assert.equal(await cli(), 0, err.join('\n'));
    assert.equal(await cli(['--check']), 0, out.join('\n'));
    await fs.writeFile(path.join(dir, 'brand/photo.png'), await pngImage(128, 128, true));
    assert.equal(await cli(['--check']), 1);
    assert.ok(out.includes('  photos/beach.png: style `photos` changed: reference `brand/photo.png`'), out.join('\n'));
    assert.match(out.join('\n'), /5 assets: 1 to make/);
    const before = imageRequests().length;
    assert.equal(await cli(), 0, err.join('\n'));
    assert.equal(imageRequests().length, before + 1);

    // A brief changed: every asset of that style, and nothing else.
    await writeManifest({ ...styled, styles: { ...styled.styles, icons: { ...styled.styles.icons, brief: 'bold glyphs' } } });
    assert.equal(await cli(['--check']), 1);
    const stale = out.filter((line) => line.startsWith('  '));
    assert.deepEqual(stale.sort(), [
      '  icons/gear.png: an input is made first',
      '  icons/home.png: style `icons` changed: brief',
      '  icons/search.png: an input is made first',
    ]);
  });

  it('referenceFrom makes another asset an input, made first', async () => {
    await writeManifest({
      defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
      assets: [
        { out: 'sequel.png', prompt: 'the same hero, running', referenceFrom: 'hero.png' },
        { out: 'hero.png', prompt: 'a hero' },
      ],
    });
    assert.equal(await cli(), 0, err.join('\n'));
    assert.deepEqual(
      imageRequests().map((request) => request.path),
      ['/v1/images/generations', '/v1/images/edits'],
    );
    assert.equal(imageRequests()[1]!.files[0]!.sha256, sha256(await fs.readFile(path.join(dir, 'hero.png'))));
  });

  it('every derive kind writes files of the exact pixel sizes and formats; a second run writes nothing', async () => {
    await writeManifest({
      defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
      assets: [
        {
          out: 'brand/logo.png',
          prompt: 'a logo',
          size: '1024x1024',
          derive: [
            { out: 'icons/app-{size}.png', sizes: [16, 32, 180, 512] },
            { out: 'favicon.ico', sizes: [16, 32, 48] },
          ],
        },
        {
          out: 'img/hero.png',
          prompt: 'a hero',
          size: '1536x1024',
          derive: [
            { out: 'img/hero-{width}.webp', widths: [480, 960], quality: 70 },
            { out: 'img/hero-{width}.avif', widths: [480] },
            { out: 'og.jpg', width: 1200, height: 630, fit: 'cover' },
            { out: 'og-contain.png', width: 1200, height: 630, fit: 'contain' },
          ],
        },
      ],
    });
    assert.equal(await cli(), 0, err.join('\n') + out.join('\n'));
    assert.equal(imageRequests().length, 2, 'derivatives cost no request');
    const shape = async (file: string) => {
      const meta = await sharp(await fs.readFile(path.join(dir, file))).metadata();
      return [meta.format, meta.width, meta.height];
    };
    assert.deepEqual(await shape('icons/app-16.png'), ['png', 16, 16]);
    assert.deepEqual(await shape('icons/app-180.png'), ['png', 180, 180]);
    assert.deepEqual(await shape('icons/app-512.png'), ['png', 512, 512]);
    assert.deepEqual(await shape('img/hero-480.webp'), ['webp', 480, 320]);
    assert.deepEqual(await shape('img/hero-960.webp'), ['webp', 960, 640]);
    assert.deepEqual(await shape('img/hero-480.avif'), ['heif', 480, 320]);
    assert.deepEqual(await shape('og.jpg'), ['jpeg', 1200, 630]);
    assert.deepEqual(await shape('og-contain.png'), ['png', 1200, 630]);
    const ico = decodeIco(await fs.readFile(path.join(dir, 'favicon.ico')));
    assert.deepEqual(
      ico.map((image) => [image.width, image.height]),
      [
        [16, 16],
        [32, 32],
        [48, 48],
      ],
    );
    const lock = await readLock();
    const logo = await fs.readFile(path.join(dir, 'brand/logo.png'));
    assert.deepEqual(lock.derived!['icons/app-32.png']!.from, 'brand/logo.png');
    assert.equal(lock.derived!['icons/app-32.png']!.source, sha256(logo));
    assert.equal(lock.derived!['favicon.ico']!.file, sha256(await fs.readFile(path.join(dir, 'favicon.ico'))));
    assert.equal(Object.keys(lock.derived!).length, 10);

    const stamps = new Map<string, number>();
    for (const key of Object.keys(lock.derived!)) stamps.set(key, (await fs.stat(path.join(dir, key))).mtimeMs);
    assert.equal(await cli(['--check']), 0, out.join('\n'));
    assert.equal(await cli(), 0);
    for (const [key, mtime] of stamps) assert.equal((await fs.stat(path.join(dir, key))).mtimeMs, mtime, `${key} was not rewritten`);
    assert.equal(imageRequests().length, 2);
  });

  it('a missing, stale or hand-edited derivative is found by --check; a changed spec remakes only that file', async () => {
    const asset = { out: 'logo.png', prompt: 'a logo', size: '1024x1024', derive: [{ out: 'logo-{size}.png', sizes: [64, 128] }] };
    await writeManifest({ defaults: { model: 'gpt-image-2.6-flare', quality: 'low' }, assets: [asset] });
    assert.equal(await cli(), 0, err.join('\n'));
    await fs.rm(path.join(dir, 'logo-64.png'));
    assert.equal(await cli(['--check']), 1);
    assert.ok(out.includes('  logo-64.png (from logo.png): missing'), out.join('\n'));
    assert.equal(await cli(), 0);
    assert.deepEqual((await sharp(await fs.readFile(path.join(dir, 'logo-64.png'))).metadata()).width, 64);

    await writeManifest({
      defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
      assets: [
        {
          ...asset,
          derive: [
            { out: 'logo-{size}.png', sizes: [64, 128] },
            { out: 'logo.webp', width: 100 },
          ],
        },
      ],
    });
    assert.equal(await cli(['--check']), 1);
    assert.deepEqual(
      out.filter((line) => line.startsWith('  ')),
      ['  logo.webp (from logo.png): missing'],
    );

    await fs.writeFile(path.join(dir, 'logo-128.png'), await pngImage(128, 128));
    assert.equal(await cli(['--check']), 1);
    assert.ok(out.includes('  logo-128.png (from logo.png): changed on disk since it was made'), out.join('\n'));
    const edited = await fs.readFile(path.join(dir, 'logo-128.png'));
    assert.equal(await cli(), 1, 'no terminal to ask: the hand-edited derivative is skipped');
    assert.deepEqual(await fs.readFile(path.join(dir, 'logo-128.png')), edited);
    assert.ok(
      err.some((line) => line.startsWith('skipped: logo-128.png')),
      err.join('\n'),
    );
    assert.equal(imageRequests().length, 1, 'derivatives never call the API');
  });

  it('a missing style reference is found where the manifest names it; an input another asset makes is not', async () => {
    const manifestText = JSON.stringify(
      {
        styles: { icons: { brief: 'flat', references: ['brand/ref.png', 'brand/gone.png'] } },
        assets: [
          { out: 'a.png', prompt: 'a', style: 'icons' },
          { out: 'b.png', prompt: 'b', referenceFrom: 'a.png' },
        ],
      },
      null,
      2,
    );
    const root = dir.split(path.sep).join('/');
    const { manifest } = parseManifest(manifestText, { manifestDir: root, rootDir: root, t: englishTranslate, today: '2026-12-04' });
    const missing = await missingInputs(manifest!, nodeAssetFiles, root);
    assert.deepEqual(
      missing.map((input) => [input.asset.key, input.written, manifestText.slice(input.offset, input.offset + input.length)]),
      [['a.png', 'brand/gone.png', '"brand/gone.png"']],
    );
  });

  it('a derivative larger than its source is refused with the reason', async () => {
    await writeManifest({
      defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
      assets: [{ out: 'small.png', prompt: 'x', size: '1024x1024', derive: [{ out: 'og.png', width: 1200, height: 630 }] }],
    });
    assert.equal(await cli(), 1);
    assert.ok(
      err.some((line) => line.includes('og.png') && line.includes('1200x630 is larger than its source (1024x1024)')),
      err.join('\n'),
    );
    await assert.rejects(fs.access(path.join(dir, 'og.png')));
    assert.equal(await cli(['--check']), 1, 'it stays stale');
  });
});

describe('candidates (command line) against the fake Images API', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let dir: string;
  let out: string[];
  let err: string[];

  beforeEach(async () => {
    server = await startFakeImagesServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-candidates-'));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const manifest = {
    draftModel: 'gpt-image-2.6-flare',
    draftQuality: 'low',
    assets: [
      {
        out: 'img/hero.png',
        prompt: 'a lighthouse at dusk',
        model: 'gpt-image-2.6-sunburst',
        quality: 'high',
        size: '1024x1024',
        candidates: 3,
        derive: [{ out: 'img/hero-{width}.png', widths: [256, 512] }],
      },
    ],
  };
  const writeManifest = (value: unknown) => fs.writeFile(path.join(dir, 'set.images.json'), JSON.stringify(value, null, 2));
  const readLock = async () => parseLockFile(await fs.readFile(path.join(dir, 'set.images.lock.json'), 'utf8').catch(() => undefined)).lock;
  async function run(args: string[], env: Record<string, string> = { OPENAI_API_KEY: FAKE_API_KEY }) {
    out = [];
    err = [];
    return runAssetsCli([...args, '--base-url', server.baseUrl, '--max-cost', '5'], {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env,
      cwd: dir,
    });
  }
  const imageRequests = () => server.requests.filter((request) => request.path.startsWith('/v1/images/'));
  const drafts = path.join('.openai-images', 'drafts', 'img', 'hero.png');
  const exists = (file: string) =>
    fs.stat(path.join(dir, file)).then(
      () => true,
      () => false,
    );

  it('drafts go to the drafts folder in one cheap request, out and the lock untouched; a second run pays nothing', async () => {
    await writeManifest(manifest);
    await fs.writeFile(path.join(dir, '.gitignore'), 'node_modules/\n');
    assert.equal(await run(['set.images.json']), 0, err.join('\n'));
    assert.equal(imageRequests().length, 1);
    const [draftRequest] = imageRequests();
    assert.equal(draftRequest!.fields.n, 3);
    assert.equal(draftRequest!.fields.model, 'gpt-image-2.6-flare');
    assert.equal(draftRequest!.fields.quality, 'low');
    for (const n of [1, 2, 3]) assert.ok(await exists(path.join(drafts, `${n}.png`)), `draft ${n}`);
    assert.equal(await exists('img/hero.png'), false, 'out waits for a choice');
    assert.equal(await exists('img/hero-256.png'), false, 'derivatives wait for their source');
    assert.equal((await readLock()).assets['img/hero.png'], undefined);
    assert.equal(
      await fs.readFile(path.join(dir, '.gitignore'), 'utf8'),
      'node_modules/\n# Candidates drafted by OpenAI Images, waiting for a choice\n.openai-images/drafts/\n',
    );
    assert.match(out.join('\n'), /img\/hero\.png: 3 candidates to choose from \(gpt-image-2\.6-flare low, \$/);
    assert.match(out.join('\n'), /choose one: openai-images-assets choose set\.images\.json img\/hero\.png <1-3>/);

    assert.equal(await run(['set.images.json']), 0, err.join('\n'));
    assert.equal(imageRequests().length, 1, 'the drafts are shown again, not paid for again');
    assert.match(out.join('\n'), /already drafted, nothing sent/);
    assert.equal(await run(['set.images.json', '--check']), 1, 'still stale until one is chosen');
  });

  it('choose remakes the chosen draft at the asset model, locks it with the choice, and makes its derivatives', async () => {
    await writeManifest(manifest);
    assert.equal(await run(['set.images.json']), 0, err.join('\n'));
    const chosenDraft = await fs.readFile(path.join(dir, drafts, '2.png'));
    assert.equal(await run(['choose', 'set.images.json', 'img/hero.png', '2']), 0, err.join('\n'));
    const remake = imageRequests()[1]!;
    assert.equal(remake.path, '/v1/images/edits');
    assert.equal(remake.fields.model, 'gpt-image-2.6-sunburst');
    assert.equal(remake.fields.quality, 'high');
    assert.equal(remake.files[0]!.sha256, sha256(chosenDraft), 'the chosen draft is the first input');
    assert.match(String(remake.fields.prompt).replace(/\r\n/g, '\n'), /^a lighthouse at dusk\n\nRemake the first input image/);
    const lock = await readLock();
    const entry = lock.assets['img/hero.png']!;
    assert.deepEqual(entry.chosen, { candidate: 2, of: 3, keptDraft: false });
    assert.equal(entry.file, sha256(await fs.readFile(path.join(dir, 'img/hero.png'))));
    for (const width of [256, 512]) assert.equal((await sharp(path.join(dir, `img/hero-${width}.png`)).metadata()).width, width);
    assert.deepEqual(Object.keys(lock.derived ?? {}).sort(), ['img/hero-256.png', 'img/hero-512.png']);
    assert.equal(await run(['set.images.json', '--check']), 0, out.concat(err).join('\n'));
  });

  it('choose --keep-draft writes the draft byte for byte with no request and no key; a wrong number or old drafts are refused', async () => {
    await writeManifest(manifest);
    assert.equal(await run(['set.images.json']), 0, err.join('\n'));
    assert.equal(await run(['choose', 'set.images.json', 'img/hero.png', '5', '--keep-draft'], {}), 1);
    assert.match(err.join('\n'), /There are 3 candidates; choose one from 1 to 3\./);
    assert.equal(await run(['choose', 'set.images.json', 'img/hero.png', '1', '--keep-draft'], {}), 0, err.join('\n'));
    assert.equal(imageRequests().length, 1, 'no request');
    assert.deepEqual(await fs.readFile(path.join(dir, 'img/hero.png')), await fs.readFile(path.join(dir, drafts, '1.png')));
    assert.deepEqual((await readLock()).assets['img/hero.png']!.chosen, { candidate: 1, of: 3, keptDraft: true });
    // The prompt moves on: the drafts answer an earlier recipe and are no longer offered.
    await writeManifest({ ...manifest, assets: [{ ...manifest.assets[0], prompt: 'a lighthouse at dawn' }] });
    assert.equal(await run(['choose', 'set.images.json', 'img/hero.png', '1', '--keep-draft'], {}), 1);
    assert.match(err.join('\n'), /drafted for an earlier prompt or inputs/);
  });

  it('--candidates N drafts an asset whose manifest names none, at its own model', async () => {
    await writeManifest({ assets: [{ out: 'logo.png', prompt: 'a fox logo', quality: 'low', size: '1024x1024' }] });
    assert.equal(await run(['set.images.json', '--candidates', '2']), 0, err.join('\n'));
    assert.equal(imageRequests()[0]!.fields.n, 2);
    assert.equal(await run(['choose', 'set.images.json', 'logo.png', '2']), 0, err.join('\n'));
    assert.equal(imageRequests().length, 1, 'drafted at the asset model and quality: nothing to remake');
    assert.deepEqual((await readLock()).assets['logo.png']!.chosen, { candidate: 2, of: 2, keptDraft: true });
    assert.equal(await run(['set.images.json', '--candidates', '9']), 2);
  });
});
