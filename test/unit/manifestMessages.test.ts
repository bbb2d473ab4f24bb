/** Manifest problems are worded through the caller's translation, never left as parser codes or zod's English. */
import * as assert from 'node:assert/strict';
import { describeAssetFailure, type AssetFailureReason } from '../../src/core/assets/assetFailure';
import { parseManifest } from '../../src/core/assets/manifestParse';
import type { Translate } from '../../src/core/translate';

/** A translation that marks what went through it: every word a user sees must. */
const marked: Translate = (message, ...args) => `«${message.replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole))}»`;

function diagnosticsOf(text: string): string[] {
  return parseManifest(text, { manifestDir: '/w', rootDir: '/w', t: marked, today: '2026-12-15' }).diagnostics.map((diagnostic) => diagnostic.message);
}

describe('manifest and asset messages in the user language', () => {
  it('JSON syntax errors are translated sentences, not parser codes', () => {
    const [message] = diagnosticsOf('{ "assets": [ { "out": "a.png" "prompt": "x" } ] }');
    assert.equal(message, '«JSON: a comma is expected.»');
  });

  it('schema problems are translated, with the place named', () => {
    const messages = diagnosticsOf(
      JSON.stringify({ assets: [{ out: 'a.bmp', prompt: 'x' }, { out: 'b.png', prompt: 'y', quality: 'ultra', gifFrameCount: 2.5 }, { out: 'c.png' }] }),
    );
    assert.ok(messages.includes('«assets.0.out: «must end in .png, .jpg, .jpeg, .webp, .gif or .svg»»'), messages.join('\n'));
    assert.ok(
      messages.some((message) => /^«assets\.1\.quality: «must be one of: "auto", "low", "medium", "high"/.test(message)),
      messages.join('\n'),
    );
    assert.ok(messages.includes('«assets.1.gifFrameCount: «must be a whole number»»'), messages.join('\n'));
    assert.ok(messages.includes('«assets.2.prompt: «is required»»'), messages.join('\n'));
    for (const message of messages) assert.ok(!/Invalid|expected|Too (big|small)/.test(message), `zod's English leaked: ${message}`);
  });

  it('every asset failure reason is worded through the translation', () => {
    const reasons: AssetFailureReason[] = [
      { code: 'input-refused', problem: { path: '/etc/passwd', reason: 'outside' } },
      { code: 'input-missing', path: 'a.png' },
      { code: 'request', failure: { kind: 'server', status: 502 } },
      { code: 'cancelled' },
      { code: 'write-refused', problem: { path: '/w/link/x.png', reason: 'outside' } },
      { code: 'changed-on-disk' },
      { code: 'write-failed', detail: 'EACCES' },
      { code: 'blocked', input: 'hero.png' },
      { code: 'not-in-manifest' },
      { code: 'no-result', batchStatus: 'expired' },
      { code: 'not-an-image', format: 'png', detail: 'truncated' },
    ];
    for (const reason of reasons) assert.match(describeAssetFailure(reason, marked), /^«.*»$/s, reason.code);
    // The API's and the system's own words stay as they were given.
    assert.equal(describeAssetFailure({ code: 'batch-error', detail: 'mixed_models: Line 2' }, marked), 'mixed_models: Line 2');
  });
});
