import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { embedRecipe, readRecipe, recordableInputs, type Recipe } from '../../src/core/recipe';
import { readTextChunk, withTextChunk, withoutTextChunk } from '../../src/core/pngText';
import { isComplete } from '../../src/core/imageBytes';
import { pngImage } from '../support/images';

const recipe: Recipe = {
  version: 1,
  kind: 'edit',
  prompt: '눈 속의 여우, with a hat — “quoted”',
  model: 'gpt-image-1.5',
  size: '1024x1536',
  quality: 'high',
  background: 'transparent',
  createdAt: '2026-11-22T05:30:00.000Z',
  sources: ['../photos/fox.png'],
  mask: 'fox.mask.png',
};

describe('recipe in a PNG', () => {
  it('keeps the parent image of a refinement', async () => {
    const { mask: _mask, ...withoutMask } = recipe;
    const refinement: Recipe = { ...withoutMask, sources: ['lighthouse.png'], parent: 'lighthouse.png' };
    assert.deepEqual(readRecipe(embedRecipe(await pngImage(8, 8), refinement)), refinement);
  });

  it('round-trips, and the PNG stays a valid, complete image', async () => {
    const png = await pngImage(40, 30);
    const withRecipe = embedRecipe(png, recipe);
    assert.deepEqual(readRecipe(withRecipe), recipe);
    assert.ok(isComplete(withRecipe, 'png'));
    const decoded = await sharp(withRecipe).metadata();
    assert.equal(decoded.width, 40);
    assert.deepEqual(Buffer.from(withoutTextChunk(withRecipe, 'openai-images-recipe')), png, 'removing it gives back the original bytes');
  });

  it('replaces an earlier recipe instead of adding a second', async () => {
    const twice = embedRecipe(embedRecipe(await pngImage(), recipe), { ...recipe, prompt: 'second' });
    assert.equal(readRecipe(twice)?.prompt, 'second');
    assert.equal(Buffer.from(twice).toString('latin1').split('openai-images-recipe').length - 1, 1);
  });

  it('ignores PNGs without a recipe, corrupted chunks and invalid recipes', async () => {
    const png = await pngImage();
    assert.equal(readRecipe(png), undefined);
    const corrupted = Buffer.from(embedRecipe(png, recipe));
    const at = corrupted.indexOf('openai-images-recipe') + 30;
    corrupted[at] = corrupted[at]! ^ 0xff;
    assert.equal(readRecipe(corrupted), undefined, 'a checksum mismatch is not read');
    assert.equal(readRecipe(withTextChunk(png, 'openai-images-recipe', '{"version":2}')), undefined);
    assert.equal(readRecipe(withTextChunk(png, 'openai-images-recipe', 'not json')), undefined);
    assert.equal(readTextChunk(withTextChunk(png, 'Comment', 'hello'), 'Comment'), 'hello');
  });
});

describe('recipes in files that are not PNGs', () => {
  it('are not looked for by walking the file: 50 MiB of zeros (60 KB in git) or a signature then zeros have none', () => {
    const zeros = new Uint8Array(50 * 1024 * 1024);
    assert.equal(readRecipe(zeros), undefined);
    zeros.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(readRecipe(zeros), undefined);
    assert.equal(readTextChunk(zeros, 'openai-images'), undefined);
  });

  it('stop at IEND: a recipe chunk after it is not the file’s', async () => {
    const png = await pngImage(4, 4);
    const recipe: Recipe = {
      version: 1,
      kind: 'generate',
      prompt: 'p',
      model: 'm',
      size: '1024x1024',
      quality: 'low',
      background: 'auto',
      createdAt: '2026-12-03T00:00:00Z',
      sources: [],
    };
    const embedded = embedRecipe(Buffer.from(png), recipe);
    const moved = Buffer.concat([png, Buffer.from(embedded).subarray(8)]);
    assert.ok(readRecipe(embedded));
    assert.equal(readRecipe(moved), undefined);
  });
});

describe("what a recipe records of an edit's inputs", () => {
  it('relative paths when every input lies in the workspace folder', () => {
    assert.deepEqual(recordableInputs('/w/art', '/w', { sources: ['/w/docs/photo.png', '/w/art/logo.png'], mask: '/w/docs/photo.mask.png' }), {
      sources: ['../docs/photo.png', 'logo.png'],
      mask: '../docs/photo.mask.png',
      markup: undefined,
      parent: undefined,
    });
    assert.equal(recordableInputs('/w', '/w', { sources: ['/w/a.png'], refinement: true }).parent, 'a.png');
  });

  it('nothing when one input leaves it, or there is no workspace: no path out of the repository, no home layout', () => {
    assert.deepEqual(recordableInputs('/w/art', '/w', { sources: ['/w/a.png', '/home/me/Pictures/passport.png'] }), { sources: [] });
    assert.deepEqual(recordableInputs('/w/art', '/w', { sources: ['/w/a.png'], mask: '/w/../etc/mask.png' }), { sources: [] });
    assert.deepEqual(recordableInputs('/w/art', undefined, { sources: ['/w/a.png'] }), { sources: [] });
  });
});
