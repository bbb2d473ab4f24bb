import * as assert from 'node:assert/strict';
import { detectFormat, isComplete, jpegOrientation, orientedSize, readImageInfo } from '../../src/core/imageBytes';
import { jpegImage, pngImage, webpImage } from '../support/images';

describe('image bytes', () => {
  it('recognizes PNG, JPEG and WebP by magic number and reads their size', async () => {
    assert.deepEqual(readImageInfo(await pngImage(33, 21, true)), { format: 'png', width: 33, height: 21, hasAlpha: true });
    assert.deepEqual(readImageInfo(await pngImage(33, 21, false)), { format: 'png', width: 33, height: 21, hasAlpha: false });
    assert.deepEqual(readImageInfo(await jpegImage(70, 50)), { format: 'jpeg', width: 70, height: 50, hasAlpha: false });
    assert.deepEqual(readImageInfo(await webpImage(41, 31)), { format: 'webp', width: 41, height: 31, hasAlpha: false });
    assert.deepEqual(readImageInfo(await webpImage(41, 31, true)), { format: 'webp', width: 41, height: 31, hasAlpha: false });
    assert.equal(readImageInfo(await webpImage(41, 31, true, true))?.hasAlpha, true);
  });

  it('finds a tRNS chunk as transparency in a palette PNG', async () => {
    const sharp = (await import('sharp')).default;
    const palette = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png({ palette: true })
      .toBuffer();
    assert.equal(palette[25], 3, 'colour type 3 (palette)');
    assert.equal(readImageInfo(palette)?.hasAlpha, true);
  });

  it('refuses lookalikes', () => {
    assert.equal(detectFormat(Buffer.from('GIF89a')), undefined);
    assert.equal(detectFormat(Buffer.from('<svg/>')), undefined);
    assert.equal(detectFormat(Buffer.from('RIFF0000WAVE')), undefined);
    assert.equal(readImageInfo(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), undefined);
  });

  it('tells a complete file from a truncated one', async () => {
    for (const bytes of [await pngImage(), await jpegImage(), await webpImage()]) {
      const format = detectFormat(bytes)!;
      assert.ok(isComplete(bytes, format), format);
      assert.ok(!isComplete(bytes.subarray(0, bytes.length - 10), format), `${format} truncated`);
    }
  });
});

describe('JPEG orientation', () => {
  it('reads the EXIF orientation and swaps the size for a quarter turn, as the API and the browser do', async () => {
    const { default: sharp } = await import('sharp');
    const stored = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const turned = await sharp(stored).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const mirrored = await sharp(stored).withMetadata({ orientation: 2 }).jpeg().toBuffer();
    assert.equal(jpegOrientation(stored), 1);
    assert.equal(jpegOrientation(turned), 6);
    assert.equal(jpegOrientation(mirrored), 2);
    assert.deepEqual(orientedSize(turned, readImageInfo(turned)!), { width: 20, height: 40 });
    assert.deepEqual(orientedSize(mirrored, readImageInfo(mirrored)!), { width: 40, height: 20 });
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    assert.deepEqual(orientedSize(png, readImageInfo(png)!), { width: 40, height: 20 });
  });

  it('a truncated or odd APP1 segment reads as no orientation, never out of bounds', () => {
    const header = [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, ...[...'Exif'].map((c) => c.charCodeAt(0)), 0, 0, 0x4d, 0x4d, 0, 42, 0, 0, 0xff, 0xff];
    assert.equal(jpegOrientation(new Uint8Array(header)), 1);
    assert.equal(jpegOrientation(new Uint8Array([0xff, 0xd8, 0xff])), 1);
  });
});
