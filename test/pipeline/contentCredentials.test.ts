/**
 * Content Credentials as c2pa-rs (through the extension's own reader) sees them, on real images OpenAI signed:
 * the third-party recordings in ../shared/recordings, read there and never copied into the repository.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { withoutManifest } from '../../src/core/credentials/stripManifest';
import { embedRecipe } from '../../src/core/recipe';
import { credentialsReader } from '../support/credentials';
import { pngImage, withCabx } from '../support/images';

const recordings = path.join(__dirname, '..', '..', '..', 'shared', 'recordings');

/** The first image of a recorded answer (`b64_json` in a VCR cassette, a JPEG's base64 in a pydantic one). */
function recordedImage(file: string, pattern: RegExp): Buffer {
  const text = readFileSync(path.join(recordings, file), 'utf8');
  const found = pattern.exec(text)?.[1];
  assert.ok(found, `no image in ${file}`);
  const base64 = found.replace(/\s+/g, '');
  return Buffer.from(base64 + '='.repeat((4 - (base64.length % 4)) % 4), 'base64');
}

const B64_JSON = /"b64_json": "([A-Za-z0-9+/=]+)/;
const gptImage2 = () =>
  recordedImage('crmne__ruby_llm/image_edit_functionality_with_flexible_sizes_gpt-image-2_accepts_a_16px-multiple_size_on_edits.yml', B64_JSON);
const gptImage1 = () => recordedImage('crmne__ruby_llm/image_basic_functionality_openai_gpt-image-1_can_paint_images.yml', B64_JSON);
const truepicJpeg = () => recordedImage('pydantic__pydantic-ai/test_openai_responses_image_generation_jpeg.yaml', /(\/9j\/[A-Za-z0-9+/=\n ]+)/);

describe('Content Credentials of real OpenAI images (c2pa-rs)', function () {
  this.timeout(30_000);
  const reader = credentialsReader();

  it('a gpt-image-2 PNG is signed by OpenAI Media Service, intact, and says what made it', async () => {
    const report = await reader.read(gptImage2());
    assert.equal(report.state, 'intact', report.problems.join(','));
    assert.equal(report.signer, 'OpenAI Media Service');
    assert.equal(report.issuer, 'OpenAI OpCo, LLC');
    assert.equal(report.softwareAgent, 'gpt-image 2.0');
    assert.ok(report.aiGenerated);
    assert.deepEqual(report.actions, ['c2pa.created', 'c2pa.converted', 'c2pa.watermarked.unbound']);
    // Issued by another CA (SSL.com rather than Trufo): no single issuer is pinned.
    assert.equal((await reader.read(gptImage1())).state, 'intact');
  });

  it('the recipe chunk earlier versions added breaks them: altered, as every validator says', async () => {
    const signed = gptImage2();
    const report = await reader.read(
      embedRecipe(signed, {
        version: 1,
        kind: 'generate',
        prompt: 'x',
        model: 'gpt-image-2',
        size: '1536x864',
        quality: 'low',
        background: 'auto',
        createdAt: '',
        sources: [],
      }),
    );
    assert.equal(report.state, 'altered');
    assert.ok(report.problems.includes('assertion.dataHash.mismatch'), report.problems.join(','));
    const flipped = Buffer.from(signed);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 40) ^ 1, flipped.length - 40);
    // A changed pixel byte breaks the IDAT CRC too; the whole-file check would refuse it before writing, c2pa-rs calls it altered.
    assert.equal((await reader.read(flipped)).state, 'altered');
  });

  it('strip leaves no credentials and the same pixels', async () => {
    const signed = gptImage2();
    const stripped = withoutManifest(signed, 'png');
    assert.equal((await reader.read(stripped)).state, 'none');
    const [before, after] = await Promise.all([sharp(signed).raw().toBuffer(), sharp(stripped).raw().toBuffer()]);
    assert.ok(before.equals(after));
  });

  it('a 2025 Truepic-signed JPEG is intact but its certificate has expired: not trusted, never "altered"', async () => {
    const report = await reader.read(truepicJpeg());
    assert.equal(report.state, 'untrusted');
    assert.ok(report.problems.includes('signingCredential.expired'), report.problems.join(','));
    assert.equal(report.signer, 'Truepic Lens CLI in DALL·E');
  });

  it('a manifest store that is not one (a hostile caBX chunk) is reported, not thrown', async () => {
    const hostile = withCabx(await pngImage(), Buffer.from('not jumbf at all, just bytes'));
    const report = await reader.read(hostile);
    assert.equal(report.state, 'altered', 'damage, not the absence of credentials');
  });
});
