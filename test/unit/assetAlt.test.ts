/** A manifest's `"alt"`: the words themselves, or "auto" recorded in the lock for the file it describes. */
import * as assert from 'node:assert/strict';
import { altTextsWanted, assetAltText, withAltText } from '../../src/core/assets/assetAlt';
import { assetPromptReplacement } from '../../src/core/assets/assetPromptEdit';
import { EMPTY_LOCK, parseLockFile, serializeLockFile, type LockFile } from '../../src/core/assets/assetLock';
import { planAssets } from '../../src/core/assets/assetPlan';
import { parseManifest } from '../../src/core/assets/manifestParse';
import { englishTranslate } from '../../src/core/translate';

const context = { manifestDir: '/w', rootDir: '/w', t: englishTranslate, today: '2026-12-04' };

function manifest(alt: unknown) {
  const result = parseManifest(JSON.stringify({ assets: [{ out: 'hero.png', prompt: 'a hero', ...(alt === undefined ? {} : { alt }) }] }), context);
  assert.ok(result.manifest, JSON.stringify(result.diagnostics));
  return result.manifest;
}

describe('asset alt text', () => {
  it('takes words or "auto", and refuses an empty or overlong alt where it is written', () => {
    assert.equal(manifest('A hero on a hill').assets[0]!.alt, 'A hero on a hill');
    assert.equal(manifest('auto').assets[0]!.alt, 'auto');
    assert.equal(manifest(undefined).assets[0]!.alt, undefined);
    for (const bad of ['', 'x'.repeat(301), 5]) {
      const result = parseManifest(JSON.stringify({ assets: [{ out: 'hero.png', prompt: 'a hero', alt: bad }] }), context);
      assert.equal(result.manifest, undefined, JSON.stringify(bad));
      assert.match(result.diagnostics[0]?.message ?? '', /alt/);
    }
  });

  it('wants a description for an up-to-date "auto" asset until the lock has one for its file, and drops it for a new file', () => {
    const parsed = manifest('auto');
    const hashes: Record<string, string> = { '/w/hero.png': 'a'.repeat(64) };
    const plan0 = planAssets(parsed, EMPTY_LOCK, (file) => hashes[file]);
    assert.deepEqual(altTextsWanted(plan0, EMPTY_LOCK), [], 'an untracked file is not described');
    const recipe = plan0.items[0]!.recipe!;
    const lock: LockFile = { version: 1, assets: { 'hero.png': { recipe, file: 'a'.repeat(64), generatedAt: '2026-12-04' } } };
    const plan = planAssets(parsed, lock, (file) => hashes[file]);
    assert.deepEqual(
      altTextsWanted(plan, lock).map((item) => item.asset.key),
      ['hero.png'],
    );
    assert.equal(withAltText(lock, 'hero.png', 'b'.repeat(64), { text: 'x', by: 'y' }), undefined, 'not for another file');
    const described = withAltText(lock, 'hero.png', 'a'.repeat(64), { text: 'A hero on a hill at dawn', by: 'copilot/gpt-4o' })!;
    const read = parseLockFile(serializeLockFile(described)).lock;
    assert.deepEqual(
      altTextsWanted(
        planAssets(parsed, read, (file) => hashes[file]),
        read,
      ),
      [],
    );
    assert.equal(assetAltText(parsed.assets[0]!, read, 'a'.repeat(64)), 'A hero on a hill at dawn');
    assert.equal(assetAltText(parsed.assets[0]!, read, 'c'.repeat(64)), undefined, 'a changed file has no description');
    assert.equal(assetAltText(manifest('Own words').assets[0]!, EMPTY_LOCK, undefined), 'Own words');
  });
});

describe("an asset's prompt, rewritten in place", () => {
  it('replaces exactly the prompt string of that asset, escaped, and leaves the rest of the text as it was', () => {
    const text = '{\n  // brand images\n  "assets": [\n    { "out": "a.png", "prompt": "first" },\n    { "prompt": "second", "out": "b.png" }\n  ]\n}\n';
    const change = assetPromptReplacement(text, 1, 'a "quoted"\nrobot')!;
    const result = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
    assert.equal(result, text.replace('"second"', '"a \\"quoted\\"\\nrobot"'));
    assert.equal(assetPromptReplacement(text, 5, 'x'), undefined);
    assert.equal(assetPromptReplacement('{"assets":[{"prompt":5}]}', 0, 'x'), undefined);
  });
});
