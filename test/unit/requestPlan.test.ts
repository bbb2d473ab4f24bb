import * as assert from 'node:assert/strict';
import { KNOWN_MODEL_IDS as MODEL_IDS } from '../../src/core/modelCatalogue';
import { checkSize } from '../../src/core/models';
import { planEdit, planGenerate } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { jpegImage, pngImage, webpImage } from '../support/images';

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });
const codes = (plan: { ok: boolean; problems?: Array<{ code: string }> }) => (plan.ok ? [] : (plan.problems ?? []).map((p) => p.code));

describe('request planning', () => {
  describe('generate', () => {
    it('always sends the model and the chosen settings, trimmed prompt', () => {
      const plan = planGenerate('  a red fox  ', settings({ quality: 'high', size: '1536x1024', count: 2 }));
      assert.ok(plan.ok);
      assert.deepEqual(plan.body, {
        model: 'gpt-image-2.6-sunburst',
        prompt: 'a red fox',
        n: 2,
        size: '1536x1024',
        quality: 'high',
        background: 'auto',
        output_format: 'png',
        moderation: 'auto',
      });
    });

    for (const model of MODEL_IDS) {
      it(`builds a valid body for ${model} without parameters it does not take`, () => {
        const plan = planGenerate('x', settings({ model }));
        assert.ok(plan.ok);
        assert.equal(plan.body.model, model);
        assert.ok(!('input_fidelity' in plan.body));
        assert.ok(!('response_format' in plan.body));
      });
    }

    it('sends compression only for jpeg and webp', () => {
      const plan = planGenerate('x', settings({ outputFormat: 'webp', outputCompression: 70 }));
      assert.ok(plan.ok);
      assert.equal(plan.body.output_compression, 70);
      assert.deepEqual(codes(planGenerate('x', settings({ outputCompression: 70 }))), ['compression-format']);
    });

    it('refuses a transparent background with jpeg', () => {
      assert.deepEqual(codes(planGenerate('x', settings({ background: 'transparent', outputFormat: 'jpeg' }))), ['transparent-format']);
      assert.ok(planGenerate('x', settings({ background: 'transparent', outputFormat: 'webp' })).ok);
    });

    it('refuses empty and too long prompts', () => {
      assert.deepEqual(codes(planGenerate(' \n\t ', settings())), ['prompt-empty']);
      assert.deepEqual(codes(planGenerate('a'.repeat(32_001), settings())), ['prompt-too-long']);
      assert.ok(planGenerate('a'.repeat(32_000), settings()).ok);
    });

    it('refuses a prompt taken from a binary file', () => {
      assert.deepEqual(codes(planGenerate('PNG\u0000\u0001\u0002IHDR', settings())), ['prompt-binary']);
      assert.deepEqual(codes(planGenerate('\ufffd\ufffd\ufffd\u0003\u0004 ab', settings())), ['prompt-binary']);
      assert.ok(planGenerate('a fox\tin the snow\r\nwith a hat', settings()).ok, 'tabs and newlines are text');
      assert.ok(planGenerate('눈 속의 여우 🦊', settings()).ok);
    });

    it('refuses a size the model does not take', () => {
      assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-1.5', size: '512x512' }))), ['size-not-offered']);
      assert.ok(planGenerate('x', settings({ model: 'gpt-image-2', size: '2048x1152' })).ok);
      assert.deepEqual(codes(planGenerate('x', settings({ model: 'gpt-image-2', size: '1000x1000' }))), ['size-invalid']);
    });
  });

  describe('gpt-image-2 sizes', () => {
    const cases: Array<[string, boolean, string?]> = [
      ['auto', true],
      ['1024x1024', true],
      ['3840x2160', true],
      ['3840x1280', true],
      ['3856x1024', false, 'edge-too-long'],
      ['1008x1008', true],
      ['1000x1000', false, 'not-multiple-of-16'],
      ['2400x768', false, 'ratio'],
      ['800x800', false, 'pixels'],
    ];
    for (const [size, ok, reason] of cases) {
      it(`${size} -> ${ok ? 'ok' : reason}`, () => {
        const check = checkSize('gpt-image-2', size);
        assert.equal(check.ok, ok);
        assert.equal(check.reason, reason);
      });
    }
  });

  describe('edit', () => {
    it('detects MIME types from bytes and keeps the images in order', async () => {
      const plan = planEdit(
        'add a hat',
        [
          { name: 'b.png', bytes: await pngImage() },
          { name: 'photo.jpeg', bytes: await jpegImage() },
          { name: 'wrongly-named.png', bytes: await webpImage() },
        ],
        undefined,
        settings(),
      );
      assert.ok(plan.ok);
      assert.deepEqual(
        plan.body.image.map((image) => [image.fileName, image.mimeType]),
        [
          ['b.png', 'image/png'],
          ['photo.jpg', 'image/jpeg'],
          ['wrongly-named.webp', 'image/webp'],
        ],
      );
      assert.ok(!('input_fidelity' in plan.body), 'GPT Image 2 and later refuse input_fidelity');
      assert.ok(!('moderation' in plan.body), 'edits take no moderation parameter');
    });

    it('leaves input fidelity out where the model does not take it, and refuses high for mini', async () => {
      const images = [{ name: 'a.png', bytes: await pngImage() }];
      // The SDK: "gpt-image-1-mini supports only low".
      const mini = planEdit('x', images, undefined, settings({ model: 'gpt-image-1-mini' }));
      assert.ok(mini.ok);
      assert.equal(mini.body.input_fidelity, 'low');
      for (const model of ['gpt-image-2.6-sunburst', 'gpt-image-2.5-flare']) {
        const plan = planEdit('x', images, undefined, settings({ model, inputFidelity: 'high' }));
        assert.ok(plan.ok && !('input_fidelity' in plan.body), model);
      }
      const two = planEdit('x', images, undefined, settings({ model: 'gpt-image-2', inputFidelity: 'high' }));
      assert.ok(two.ok);
      assert.ok(!('input_fidelity' in two.body));
      assert.deepEqual(codes(planEdit('x', images, undefined, settings({ model: 'gpt-image-1-mini', inputFidelity: 'high' }))), ['fidelity-unsupported']);
    });

    it('refuses files that are not images, empty, truncated, or too many', async () => {
      const png = await pngImage();
      assert.deepEqual(codes(planEdit('x', [{ name: 'gif.png', bytes: Buffer.from('GIF89a\x01\x00\x01\x00') }], undefined, settings())), ['image-unsupported']);
      assert.deepEqual(codes(planEdit('x', [{ name: 'svg.png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }], undefined, settings())), [
        'image-unsupported',
      ]);
      assert.deepEqual(codes(planEdit('x', [{ name: 'empty.png', bytes: Buffer.alloc(0) }], undefined, settings())), ['image-empty']);
      assert.deepEqual(codes(planEdit('x', [{ name: 'cut.png', bytes: png.subarray(0, png.length - 20) }], undefined, settings())), ['image-truncated']);
      const seventeen = Array.from({ length: 17 }, (_, i) => ({ name: `${i}.png`, bytes: png }));
      assert.deepEqual(codes(planEdit('x', seventeen, undefined, settings())), ['too-many-images']);
      assert.deepEqual(codes(planEdit('x', [], undefined, settings())), ['no-images']);
    });

    it('refuses an image of 50 MB or more', () => {
      const big = Buffer.alloc(50 * 1024 * 1024);
      assert.deepEqual(codes(planEdit('x', [{ name: 'big.png', bytes: big }], undefined, settings())), ['image-too-large']);
    });

    it('accepts a PNG mask of the same size with alpha, and refuses the rest', async () => {
      const image = { name: 'a.png', bytes: await pngImage(64, 64) };
      const ok = planEdit('x', [image], { name: 'a.mask.png', bytes: await pngImage(64, 64, true) }, settings());
      assert.ok(ok.ok);
      assert.equal(ok.body.mask?.mimeType, 'image/png');
      assert.deepEqual(codes(planEdit('x', [image], { name: 'm.png', bytes: await pngImage(32, 64, true) }, settings())), ['mask-dimensions']);
      assert.deepEqual(codes(planEdit('x', [image], { name: 'm.png', bytes: await pngImage(64, 64, false) }, settings())), ['mask-no-alpha']);
      assert.deepEqual(codes(planEdit('x', [image], { name: 'm.webp', bytes: await webpImage(64, 64, true, true) }, settings())), ['mask-not-png']);
      assert.deepEqual(codes(planEdit('x', [{ name: 'p.jpg', bytes: await jpegImage() }], { name: 'm.png', bytes: await pngImage() }, settings())), [
        'mask-image-not-png',
      ]);
    });

    it('refuses a mask of 4 MB or more', async () => {
      const sharp = (await import('sharp')).default;
      const side = 1100;
      const noise = Buffer.alloc(side * side * 4);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      const big = await sharp(noise, { raw: { width: side, height: side, channels: 4 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      assert.ok(big.length >= 4 * 1024 * 1024, `${big.length} bytes`);
      const image = await pngImage(side, side);
      assert.deepEqual(codes(planEdit('x', [{ name: 'a.png', bytes: image }], { name: 'a.mask.png', bytes: big }, settings())), ['mask-too-large']);
    });
  });
});

describe('planEdit: markup on a photo turned by its EXIF orientation', () => {
  it('takes a markup of the size after orientation and refuses one of the stored size', async () => {
    const { default: sharp } = await import('sharp');
    const photo = await sharp(await jpegImage(64, 48))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const settings: Settings = { ...DEFAULT_SETTINGS, model: 'gpt-image-2.5-sunburst' };
    const upright = planEdit('add a hat', [{ name: 'photo.jpg', bytes: photo }], undefined, settings, {
      name: 'photo.markup.png',
      bytes: await pngImage(48, 64, true),
    });
    assert.ok(upright.ok);
    const stored = planEdit('add a hat', [{ name: 'photo.jpg', bytes: photo }], undefined, settings, {
      name: 'photo.markup.png',
      bytes: await pngImage(64, 48, true),
    });
    assert.ok(!stored.ok);
    assert.deepEqual(
      stored.problems.map((problem) => problem.code),
      ['markup-dimensions'],
    );
  });
});
