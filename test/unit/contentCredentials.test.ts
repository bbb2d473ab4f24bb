/**
 * The pure side of Content Credentials: finding the manifest's container unit, removing it whole, deciding what is
 * written and where the recipe goes, the recipe registry's file, and the verdicts drawn from c2pa-rs's report.
 */
import * as assert from 'node:assert/strict';
import { placeImage } from '../../src/core/credentials/imagePlacement';
import { reportFromStore } from '../../src/core/credentials/credentialsReport';
import { credentialsLine } from '../../src/core/credentials/credentialsMessages';
import {
  MAX_REGISTRY_ENTRIES,
  parseRegistry,
  lookupDescription,
  withDescription,
  recipeOfImage,
  serializeRegistry,
  sha256Hex,
  withEntries,
  EMPTY_REGISTRY,
} from '../../src/core/credentials/recipeRegistry';
import { withoutManifest } from '../../src/core/credentials/stripManifest';
import { crc32, tableCrc32 } from '../../src/core/crc32';
import { inspectContainer } from '../../src/core/imageContainer';
import { embedRecipe, readRecipe, type Recipe } from '../../src/core/recipe';
import { englishTranslate } from '../../src/core/translate';
import { jpegImage, pngImage, webpImage, withCabx } from '../support/images';

const recipe: Recipe = {
  version: 1,
  kind: 'generate',
  prompt: 'a lighthouse',
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'low',
  background: 'auto',
  createdAt: '2026-12-01T00:00:00Z',
  sources: [],
};

/** A JPEG with APP11 JUMBF segments after APP0, where OpenAI puts them. */
function withApp11(jpeg: Buffer, parts: number): Buffer {
  const segments = Array.from({ length: parts }, (_, index) => {
    const payload = Buffer.concat([Buffer.from('JP'), Buffer.from([0, 1, 0, 0, 0, index + 1]), Buffer.from('jumb-c2pa-opaque')]);
    const segment = Buffer.alloc(4 + payload.length);
    segment.writeUInt16BE(0xffeb, 0);
    segment.writeUInt16BE(2 + payload.length, 2);
    payload.copy(segment, 4);
    return segment;
  });
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** A WebP with a `C2PA` chunk at its end (odd-sized, so padded), the RIFF size set to match. */
function withC2paChunk(webp: Buffer): Buffer {
  const store = Buffer.from('c2pa-store-odd');
  const chunk = Buffer.alloc(8 + store.length + (store.length % 2));
  chunk.write('C2PA', 0, 'latin1');
  chunk.writeUInt32LE(store.length, 4);
  store.copy(chunk, 8);
  const out = Buffer.concat([webp, chunk]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

describe('Content Credentials: containers', () => {
  it('finds the manifest store where each format keeps it, in the same pass as the whole-file check', async () => {
    const [png, jpeg, webp] = await Promise.all([pngImage(), jpegImage(), webpImage()]);
    assert.deepEqual(inspectContainer(png, 'png'), { manifest: false });
    assert.deepEqual(inspectContainer(withCabx(png, Buffer.from('store')), 'png'), { manifest: true });
    assert.deepEqual(inspectContainer(withApp11(jpeg, 2), 'jpeg'), { manifest: true });
    assert.deepEqual(inspectContainer(jpeg, 'jpeg'), { manifest: false });
    assert.deepEqual(inspectContainer(withC2paChunk(webp), 'webp'), { manifest: true });
    assert.ok(inspectContainer(withCabx(png, Buffer.from('store')).subarray(0, 60), 'png').problem, 'a cut file is still refused');
  });

  it('removes the store whole and leaves every other byte as it was', async () => {
    const [png, jpeg, webp] = await Promise.all([pngImage(), jpegImage(), webpImage()]);
    assert.ok(Buffer.from(withoutManifest(withCabx(png, Buffer.alloc(5000, 7)), 'png')).equals(png));
    assert.ok(Buffer.from(withoutManifest(withApp11(jpeg, 3), 'jpeg')).equals(jpeg), 'every APP11 part of a store split over segments');
    const stripped = Buffer.from(withoutManifest(withC2paChunk(webp), 'webp'));
    assert.ok(stripped.equals(webp), 'the RIFF size is set back');
    assert.deepEqual(inspectContainer(stripped, 'webp'), { manifest: false });
    assert.ok(Buffer.from(withoutManifest(png, 'png')).equals(png), 'a file without one is unchanged');
  });
});

describe('Content Credentials: what is written', () => {
  it('keep: a signed file is written as it arrived and its recipe is not embedded', async () => {
    const signed = withCabx(await pngImage(), Buffer.from('store'));
    const placed = placeImage(signed, 'png', true, recipe, 'keep');
    assert.equal(placed.bytes, signed);
    assert.deepEqual([placed.manifest, placed.embedded], ['kept', false]);
  });

  it('strip: the manifest goes, and the PNG may then carry its recipe', async () => {
    const png = await pngImage();
    const placed = placeImage(withCabx(png, Buffer.from('store')), 'png', true, recipe, 'strip');
    assert.deepEqual([placed.manifest, placed.embedded], ['stripped', true]);
    assert.deepEqual(readRecipe(placed.bytes), recipe);
    assert.deepEqual(inspectContainer(placed.bytes, 'png'), { manifest: false });
    const jpeg = placeImage(withApp11(await jpegImage(), 1), 'jpeg', true, recipe, 'strip');
    assert.deepEqual([jpeg.manifest, jpeg.embedded], ['stripped', false]);
  });

  it('an unsigned PNG (a compatible endpoint) carries its recipe as before; other formats are left alone', async () => {
    const png = await pngImage();
    const placed = placeImage(png, 'png', false, recipe, 'keep');
    assert.deepEqual([placed.manifest, placed.embedded], ['none', true]);
    assert.deepEqual(readRecipe(placed.bytes), recipe);
    const webp = await webpImage();
    assert.equal(placeImage(webp, 'webp', false, recipe, 'keep').bytes, webp);
  });
});

describe('Content Credentials: the recipe registry', () => {
  it('finds a recipe by the file hash, and a PNG written before 0.4 by its own chunk', async () => {
    const png = await pngImage();
    const registry = withEntries(EMPTY_REGISTRY, [{ sha256: sha256Hex(png), file: 'art/a.png', recipe }]);
    const read = parseRegistry(serializeRegistry(registry));
    assert.deepEqual(recipeOfImage(read, png), recipe);
    const old = embedRecipe(await pngImage(32, 32), { ...recipe, prompt: 'an older one' });
    assert.equal(recipeOfImage(read, old)?.prompt, 'an older one');
    assert.equal(recipeOfImage(read, await jpegImage()), undefined);
  });

  it('keeps alt text by the file hash beside the recipes, and writes a file without any as before', async () => {
    const png = await pngImage();
    const withRecipe = withEntries(EMPTY_REGISTRY, [{ sha256: sha256Hex(png), file: 'art/a.png', recipe }]);
    assert.doesNotMatch(serializeRegistry(withRecipe), /descriptions/, 'an older registry is not changed by reading and writing it');
    const description = { text: 'A red fox asleep on a log', file: 'art/a.png', by: 'copilot/gpt-4o', describedAt: '2026-12-04T10:00:00.000Z' };
    const described = withDescription(withRecipe, sha256Hex(png), description);
    const read = parseRegistry(serializeRegistry(described));
    assert.deepEqual(lookupDescription(read, png), description);
    assert.deepEqual(recipeOfImage(read, png), recipe, 'the recipe is still there');
    const again = parseRegistry(serializeRegistry(withEntries(read, [{ sha256: 'f'.repeat(64), file: 'b.png', recipe }])));
    assert.deepEqual(lookupDescription(again, png), description, 'adding recipes keeps the descriptions');
    const replaced = withDescription(again, sha256Hex(png), { ...description, text: 'A fox', by: 'user' });
    assert.equal(lookupDescription(replaced, png)?.text, 'A fox');
    const hostile = parseRegistry(
      JSON.stringify({
        version: 1,
        recipes: {},
        descriptions: { ['a'.repeat(64)]: { ...description, text: '' }, ['b'.repeat(64)]: { ...description, text: 'x'.repeat(301) }, short: description },
      }),
    );
    assert.equal(hostile.descriptions.size, 0, 'an empty, overlong or unkeyed description is left out');
  });

  it('reads a damaged or hostile file entry by entry, and never throws', () => {
    const hash = 'a'.repeat(64);
    const text = JSON.stringify({
      version: 1,
      recipes: {
        [hash]: { file: 'a.png', recipe },
        ['b'.repeat(64)]: { file: 'b.png', recipe: { ...recipe, prompt: '' } },
        'not-a-hash': { file: 'c.png', recipe },
        __proto__: { file: 'd.png', recipe },
      },
    });
    const read = parseRegistry(text);
    assert.deepEqual([...read.entries.keys()], [hash]);
    for (const broken of ['', '{', '[]', 'null', '{"recipes": 5}']) assert.equal(parseRegistry(broken).entries.size, 0, broken);
  });

  it('writes keys sorted (stable diffs, fewer merge conflicts) and stays bounded, dropping the oldest', () => {
    const entries = ['c', 'a', 'b'].map((letter, index) => ({
      sha256: letter.repeat(64),
      file: `${letter}.png`,
      recipe: { ...recipe, createdAt: `2026-12-0${index + 1}` },
    }));
    const text = serializeRegistry(withEntries(EMPTY_REGISTRY, entries));
    assert.deepEqual(Object.keys((JSON.parse(text) as { recipes: object }).recipes), ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)]);
    const many = Array.from({ length: MAX_REGISTRY_ENTRIES + 2 }, (_, index) => ({
      sha256: index.toString(16).padStart(64, '0'),
      file: `${index}.png`,
      recipe: { ...recipe, createdAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString() },
    }));
    const bounded = withEntries(EMPTY_REGISTRY, many);
    assert.equal(bounded.entries.size, MAX_REGISTRY_ENTRIES);
    assert.ok(!bounded.entries.has('0'.padStart(64, '0')), 'the oldest went');
  });
});

describe('Content Credentials: verdicts', () => {
  const store = (validation: object, manifest: object = {}) => ({
    active_manifest: 'urn:c2pa:1',
    manifests: {
      'urn:c2pa:1': {
        claim_generator_info: [{ name: 'OpenAI Media Service API' }],
        signature_info: { common_name: 'OpenAI Media Service', issuer: 'OpenAI OpCo, LLC', time: '2026-08-12T22:06:46Z' },
        assertions: [
          {
            label: 'c2pa.actions.v2',
            data: {
              actions: [
                {
                  action: 'c2pa.created',
                  softwareAgent: { name: 'gpt-image', version: '2.0' },
                  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
                },
                { action: 'c2pa.watermarked.unbound' },
              ],
            },
          },
        ],
        ...manifest,
      },
    },
    ...validation,
  });

  it('intact, untrusted, altered, and what the manifest says', () => {
    const intact = reportFromStore(store({ validation_state: 'Trusted', validation_results: { activeManifest: { failure: [] } } }));
    assert.deepEqual([intact.state, intact.signer, intact.softwareAgent, intact.aiGenerated], ['intact', 'OpenAI Media Service', 'gpt-image 2.0', true]);
    assert.deepEqual(intact.actions, ['c2pa.created', 'c2pa.watermarked.unbound']);
    assert.equal(credentialsLine(intact, englishTranslate), 'Content Credentials: signed by OpenAI Media Service (OpenAI OpCo, LLC), intact');

    const untrusted = reportFromStore(
      store({ validation_state: 'Valid', validation_results: { activeManifest: { failure: [{ code: 'signingCredential.untrusted' }] } } }),
    );
    assert.equal(untrusted.state, 'untrusted', 'a test certificate is not "altered"');
    assert.equal(credentialsLine(untrusted, englishTranslate), 'Content Credentials: signed by OpenAI Media Service (OpenAI OpCo, LLC), issuer not trusted');

    const altered = reportFromStore(
      store({
        validation_state: 'Invalid',
        validation_results: { activeManifest: { failure: [{ code: 'signingCredential.untrusted' }, { code: 'assertion.dataHash.mismatch' }] } },
      }),
    );
    assert.deepEqual([altered.state, altered.problems], ['altered', ['assertion.dataHash.mismatch']]);
    assert.equal(credentialsLine(altered, englishTranslate), 'Content Credentials: altered after signing');
  });

  it('never trusts what it cannot read: no active manifest, or a store of the wrong shape, is altered', () => {
    assert.equal(reportFromStore({ manifests: {} }).state, 'altered');
    assert.equal(reportFromStore('a string').state, 'altered');
    assert.equal(reportFromStore(store({ validation_state: 'Trusted' }, { signature_info: 'not an object' })).state, 'altered');
  });
});

describe('CRC-32 on the write path', () => {
  it('the native and the table CRC agree, on the standard check value and on image-sized data', () => {
    const check = new TextEncoder().encode('123456789');
    assert.equal(crc32(check), 0xcbf43926);
    assert.equal(tableCrc32(check), 0xcbf43926);
    const data = new Uint8Array(300_000).map((_, index) => (index * 2654435761) >>> 24);
    assert.equal(crc32(data), tableCrc32(data));
  });
});
