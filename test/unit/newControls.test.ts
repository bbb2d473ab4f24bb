/** GPT Image 2.5/2.6 controls: the rules each model sets, the output checks, estimates and actual costs. */
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { EMPTY_LOCK, recipeHash } from '../../src/core/assets/assetLock';
import { planAssets } from '../../src/core/assets/assetPlan';
import { observedTokens } from '../../src/core/costCalibration';
import { checkGif, checkOutputFile } from '../../src/core/outputFiles';
import { actualCost, estimateCost } from '../../src/core/pricing';
import { planEdit, planGenerate } from '../../src/core/requestPlan';
import type { ResultEntry } from '../../src/core/results';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { partialImagesFor } from '../../src/core/streaming';
import { englishTranslate } from '../../src/core/translate';
import { jpegImage, pngImage, webpImage } from '../support/images';

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });
const codes = (plan: { ok: boolean; problems?: Array<{ code: string }> }) => (plan.ok ? [] : (plan.problems ?? []).map((p) => p.code));

describe('new controls: the rules each model sets', () => {
  it('xhigh and max on GPT Image 2.5 only', () => {
    assert.ok(planGenerate('x', settings({ model: 'gpt-image-2.5-sunburst', quality: 'max' })).ok);
    assert.ok(planGenerate('x', settings({ model: 'gpt-image-2.5-flare-2026-09-08', quality: 'xhigh' })).ok);
    assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-2', quality: 'xhigh' }))), ['quality-unsupported']);
    // GPT Image 2.6 is offered them (sources disagree): the API's refusal, if it comes, is what the user sees.
    assert.ok(planGenerate('x', settings({ quality: 'xhigh' })).ok);
    assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-2', quality: 'max' }))), ['quality-unsupported']);
  });

  it('complexity: sent when set, left out for auto, refused where the model has none', () => {
    const plan = planGenerate('x', settings({ complexity: 'high' }));
    assert.ok(plan.ok && plan.body.complexity === 'high');
    const auto = planGenerate('x', settings());
    assert.ok(auto.ok && !('complexity' in auto.body));
    assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-2', complexity: 'low' }))), ['complexity-unsupported']);
  });

  it('GIF: frames sent, never streamed, no mask, no compression, no transparency; not on gpt-image-2', async () => {
    const plan = planGenerate('x', settings({ outputFormat: 'gif', gifFrameCount: 4, gifFrameDurationMs: 120 }));
    assert.ok(plan.ok);
    assert.deepEqual([plan.body.output_format, plan.body.frame_count, plan.body.frame_duration_ms], ['gif', 4, 120]);
    assert.equal(partialImagesFor(1, 2, false, { model: DEFAULT_SETTINGS.model, format: 'gif' }), undefined);
    assert.equal(partialImagesFor(1, 2, false, { model: DEFAULT_SETTINGS.model, format: 'png' }), 2);
    assert.deepEqual(codes(planGenerate('x', settings({ outputFormat: 'gif', outputCompression: 50 }))), ['compression-format']);
    assert.deepEqual(codes(planGenerate('x', settings({ outputFormat: 'gif', background: 'transparent' }))), ['transparent-format']);
    assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-2', outputFormat: 'gif' }))), ['format-unsupported']);
    const image = { name: 'a.png', bytes: await pngImage(64, 64) };
    assert.deepEqual(codes(planEdit('x', [image], { name: 'm.png', bytes: await pngImage(64, 64, true) }, settings({ outputFormat: 'gif' }))), ['gif-mask']);
  });

  it('SVG: one image, not streamed, no compression', () => {
    const plan = planGenerate('x', settings({ outputFormat: 'svg' }));
    assert.ok(plan.ok && !('frame_count' in plan.body));
    assert.equal(partialImagesFor(1, 3, false, { model: DEFAULT_SETTINGS.model, format: 'svg' }), undefined);
    assert.deepEqual(codes(planGenerate('x', settings({ outputFormat: 'svg', count: 2 }))), ['svg-count']);
    assert.deepEqual(codes(planGenerate('x', settings({ outputFormat: 'svg', outputCompression: 80 }))), ['compression-format']);
  });

  it("markup: GPT Image 2.5, a transparent PNG of the first image's size, never with a mask", async () => {
    const image = { name: 'a.png', bytes: await pngImage(64, 64) };
    const markup = { name: 'a.markup.png', bytes: await pngImage(64, 64, true) };
    const plan = planEdit('move the logo here', [image], undefined, settings({ model: 'gpt-image-2.5-sunburst' }), markup);
    assert.ok(plan.ok && plan.body.markup?.mimeType === 'image/png');
    assert.deepEqual(codes(planEdit('x', [image], undefined, settings({ model: 'gpt-image-2' }), markup)), ['markup-unsupported']);
    assert.deepEqual(codes(planEdit('x', [image], { name: 'm.png', bytes: markup.bytes }, settings({ model: 'gpt-image-2.5-flare' }), markup)), [
      'markup-with-mask',
    ]);
    assert.deepEqual(
      codes(planEdit('x', [image], undefined, settings({ model: 'gpt-image-2.5-flare' }), { name: 'b.png', bytes: await pngImage(32, 64, true) })),
      ['markup-dimensions'],
    );
    assert.deepEqual(
      codes(planEdit('x', [image], undefined, settings({ model: 'gpt-image-2.5-flare' }), { name: 'c.png', bytes: await pngImage(64, 64, false) })),
      ['markup-no-alpha'],
    );
  });
});

describe('output files are checked whole before they are written', () => {
  it('GIF: a complete stream passes; a cut one, or bytes after the trailer, do not', async () => {
    const frames = await Promise.all(
      [0, 1, 2].map((i) =>
        sharp({ create: { width: 32, height: 24, channels: 3, background: { r: i * 90, g: 20, b: 200 } } })
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 100, 100] })
      .toBuffer();
    assert.equal(checkGif(gif), undefined);
    assert.equal(checkOutputFile(gif, 'gif'), undefined);
    assert.match(checkGif(gif.subarray(0, gif.length - 10))!, /cut short/);
    assert.match(checkGif(Buffer.concat([gif, Buffer.from('<script>')]))!, /after the GIF trailer/);
    assert.match(checkOutputFile(gif, 'png')!, /got unknown bytes/);
    assert.match(checkGif(await pngImage())!, /not a GIF/);
    const bomb = Buffer.from(gif);
    bomb.writeUInt16LE(65535, 6);
    bomb.writeUInt16LE(65535, 8);
    assert.match(checkGif(bomb)!, /65535x65535 pixels, more than the API makes/, 'a GIF bomb: a tiny file declaring a huge canvas');
  });

  it('raster: the format asked for, and complete', async () => {
    const png = await pngImage();
    assert.equal(checkOutputFile(png, 'png'), undefined);
    assert.match(checkOutputFile(png.subarray(0, png.length - 12), 'png')!, /ends before IEND/);
    assert.match(checkOutputFile(png, 'jpeg')!, /got png/);
  });

  it('raster: a whole file of its format, not just its first and last bytes', async () => {
    const html = Buffer.from('<!doctype html><html><body>Service unavailable</body></html>');
    // FF D8 FF, then a web page, then FF D9: the first and last bytes of a JPEG, and nothing else of one.
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), html, Buffer.from([0xff, 0xd9])]);
    assert.ok(checkOutputFile(fakeJpeg, 'jpeg'));
    assert.equal(checkOutputFile(await jpegImage(), 'jpeg'), undefined);
    assert.equal(checkOutputFile(await webpImage(), 'webp'), undefined);
    assert.equal(checkOutputFile(await webpImage(40, 30, true, true), 'webp'), undefined);
    const png = Buffer.from(await pngImage());
    const flipped = Buffer.from(png);
    flipped[20] = flipped[20]! ^ 0xff; // one byte of the IHDR data: its CRC no longer matches
    assert.match(checkOutputFile(flipped, 'png')!, /CRC/);
    assert.match(checkOutputFile(Buffer.concat([png, html]), 'png')!, /bytes follow IEND/);
    const webp = Buffer.from(await webpImage());
    assert.match(checkOutputFile(Buffer.concat([webp, html]), 'webp')!, /follow/);
    assert.match(checkOutputFile(Buffer.concat([await jpegImage(), html]), 'jpeg')!, /follow EOI|no marker/);
  });
});

describe('cost of the new models', () => {
  it('estimates GPT Image 2.6 from token rates at an upper bound until measured; complexity high costs more', () => {
    const medium = estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'medium', n: 1 });
    assert.deepEqual([medium.basis, medium.approximate, medium.unmeasured], ['token-rates', true, true]);
    // gpt-image-2's figure (1767 tokens) is copied, so it counts 4x: one provider measured 2.6 near 4x it at low quality.
    assert.ok(Math.abs(medium.usd - (4 * 1767 * 30) / 1e6) < 1e-12);
    const low = estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1536x1024', quality: 'low', n: 1 });
    assert.ok(low.usd >= (664 * 30) / 1e6, 'never below the measured 664 tokens the copied 167 would understate');
    const measuredModel = estimateCost({ model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 1 });
    assert.equal(measuredModel.unmeasured, undefined, "gpt-image-2's own published prices need no bound");
    const high = estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'medium', n: 1, complexity: 'high' });
    assert.ok(high.usd > medium.usd);
    const max = estimateCost({ model: 'gpt-image-2.5-sunburst', size: '1024x1024', quality: 'max', n: 1 });
    assert.ok(max.usd > estimateCost({ model: 'gpt-image-2.5-sunburst', size: '1024x1024', quality: 'high', n: 1 }).usd);
  });

  it("calibrates from the user's own requests with the same model, quality, size and complexity", () => {
    const entry = (id: string, outputTokens: number, extra: Partial<ResultEntry> = {}): ResultEntry => ({
      id,
      status: 'done',
      kind: 'generate',
      prompt: 'x',
      model: 'gpt-image-2.6-sunburst',
      size: '1024x1024',
      quality: 'medium',
      format: 'png',
      startedAt: 1,
      files: ['file:///a.png'],
      sources: [],
      usage: { inputTokens: 20, outputTokens },
      partialImages: 2,
      ...extra,
    });
    const history = [
      entry('a', 1400),
      entry('b', 1600),
      entry('c', 9000, { quality: 'high' }),
      entry('d', 5000, { status: 'failed' }),
      entry('e', 3000, {
        settings: { background: 'auto', outputFormat: 'png', outputCompression: null, moderation: 'auto', inputFidelity: 'low', count: 1, complexity: 'high' },
      }),
    ];
    const observed = observedTokens(history, { model: 'gpt-image-2.6-sunburst', quality: 'medium', size: '1024x1024', complexity: 'auto' });
    assert.deepEqual(observed, [1200, 1400], 'partial images taken out; other quality, complexity and failed requests left out');
    const estimate = estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'medium', n: 2, observedTokens: observed });
    assert.deepEqual([estimate.basis, estimate.samples, estimate.approximate, estimate.unmeasured], ['calibrated', 2, false, undefined]);
    assert.ok(Math.abs(estimate.usd - 2 * ((1300 * 30) / 1e6)) < 1e-12);
  });

  it("counts text output tokens and the SVG author's tokens in the actual cost", () => {
    const usage = {
      input_tokens: 20,
      output_tokens: 1100,
      input_tokens_details: { text_tokens: 20, image_tokens: 0 },
      output_tokens_details: { image_tokens: 1000, text_tokens: 100 },
    };
    // No text output rate is published for GPT Image 2.6: priced at the image output rate (an upper bound).
    assert.ok(Math.abs(actualCost('gpt-image-2.6-flare', usage) - (20 * 5 + 1000 * 30 + 100 * 30) / 1e6) < 1e-12);
    const svg = actualCost('gpt-image-2.6-flare', usage, { input_tokens: 300, output_tokens: 900 });
    assert.ok(Math.abs(svg - (20 * 5 + 1100 * 30 + 300 * 5 + 900 * 30) / 1e6) < 1e-12);
  });
});

describe('retired models in manifests', () => {
  const context = (today: string) => ({ manifestDir: '/repo', rootDir: '/repo', t: englishTranslate, today });
  const text = '{\n  "defaults": { "model": "gpt-image-1" },\n  "assets": [\n    { "out": "a.png", "prompt": "a", "model": "gpt-image-1.5" }\n  ]\n}';

  it('an error at the model once it is shut down, a warning before, each with the successor as a fix', () => {
    const before = parseManifest(text, context('2026-11-22'));
    assert.deepEqual(
      before.diagnostics.map((d) => [d.severity, d.message, text.slice(d.offset, d.offset + d.length), d.fix?.replacement]),
      [
        ['error', 'gpt-image-1 was shut down on 2026-10-23; use its successor gpt-image-2.5-sunburst.', '"gpt-image-1"', 'gpt-image-2.5-sunburst'],
        [
          'warning',
          'gpt-image-1.5 shuts down on 2026-12-01 (9 days from now); switch to its successor gpt-image-2.6-sunburst.',
          '"gpt-image-1.5"',
          'gpt-image-2.6-sunburst',
        ],
      ],
    );
    assert.equal(before.manifest, undefined, 'a shut-down model stops the run');
    const after = parseManifest(text.replace('"gpt-image-1"', '"gpt-image-2.6-flare"'), context('2026-12-15'));
    assert.deepEqual(
      after.diagnostics.map((d) => [d.severity, d.fix?.replacement]),
      [['error', 'gpt-image-2.6-sunburst']],
    );
  });

  it('new outputs and controls: .gif and .svg outputs, complexity, frames and markup', () => {
    const parsed = parseManifest(
      JSON.stringify({
        assets: [
          { out: 'spin.gif', prompt: 'a spinner', gifFrameCount: 6, complexity: 'low' },
          { out: 'logo.svg', prompt: 'a logo' },
          { out: 'x.png', prompt: 'x', model: 'gpt-image-2.5-flare', edit: { images: ['spin.png'], markup: 'marks.png' } },
        ],
      }),
      context('2026-12-15'),
    );
    assert.deepEqual(parsed.diagnostics, []);
    const [gif, svg, edit] = parsed.manifest!.assets;
    assert.deepEqual(
      [gif!.format, gif!.settings.gifFrameCount, gif!.settings.complexity, svg!.format, edit!.edit?.markup],
      ['gif', 6, 'low', 'svg', '/repo/marks.png'],
    );
    const refused = parseManifest(
      JSON.stringify({ assets: [{ out: 'x.png', prompt: 'x', model: 'gpt-image-2', edit: { images: ['a.png'], markup: 'm.png' } }] }),
      context('2026-12-15'),
    );
    assert.match(refused.diagnostics[0]!.message, /does not take markup/);
  });

  it('an asset made with the earlier built-in default is not stale because the default moved', () => {
    const { manifest } = parseManifest(
      JSON.stringify({
        assets: [
          { out: 'a.png', prompt: 'a' },
          { out: 'b.png', prompt: 'b', model: 'gpt-image-2' },
        ],
      }),
      context('2026-12-15'),
    );
    const [a, b] = manifest!.assets;
    const oldA = recipeHash({ ...a!, settings: { ...a!.settings, model: 'gpt-image-1.5' } }, [], undefined);
    const oldB = recipeHash({ ...b!, settings: { ...b!.settings, model: 'gpt-image-1.5' } }, [], undefined);
    const lock = {
      ...EMPTY_LOCK,
      assets: { 'a.png': { recipe: oldA, file: 'a'.repeat(64), generatedAt: '' }, 'b.png': { recipe: oldB, file: 'b'.repeat(64), generatedAt: '' } },
    };
    const hashes = new Map([
      ['/repo/a.png', 'a'.repeat(64)],
      ['/repo/b.png', 'b'.repeat(64)],
    ]);
    const plan = planAssets(manifest!, lock, (file) => hashes.get(file));
    assert.deepEqual(
      plan.items.map((item) => item.status),
      ['up-to-date', 'recipe-changed'],
      'b names its model: a change of it is a new recipe',
    );
  });
});
