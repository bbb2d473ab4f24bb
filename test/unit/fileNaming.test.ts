import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { candidateName, editStem, maskNameFor, sanitizeStem, slugFromPrompt } from '../../src/core/fileNaming';

function assertSafeSegment(stem: string) {
  assert.ok(stem.length > 0, 'not empty');
  assert.ok(!/[\\/:*?"<>|]/.test(stem), `no separators or reserved characters: ${JSON.stringify(stem)}`);
  assert.ok(!/[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f]/u.test(stem), 'no control or bidi characters');
  assert.ok(!/[. ]$/.test(stem), 'no trailing dot or space');
  assert.ok(!stem.startsWith('.'), 'not hidden, not ..');
  assert.ok(Buffer.byteLength(`${stem}-9999.webp`, 'utf8') <= 255, 'fits in 255 bytes with suffix and extension');
  assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)\s*(\.|$)/i.test(stem), 'not a Windows device name');
  // Joined to a folder, it stays directly inside that folder.
  assert.equal(path.dirname(path.join('/target', `${stem}.png`)), '/target');
}

describe('file naming', () => {
  it('makes short readable slugs from prompts, in any script', () => {
    assert.equal(slugFromPrompt('A watercolor fox, sitting in the snow at dawn!'), 'a-watercolor-fox-sitting-in-the-snow-at');
    assert.equal(slugFromPrompt('Un zorro acuarela en la nieve'), 'un-zorro-acuarela-en-la-nieve');
    assert.equal(slugFromPrompt('눈 속의 수채화 여우'), '눈-속의-수채화-여우');
    assert.equal(slugFromPrompt('!!!'), 'image');
    assert.equal(slugFromPrompt(''), 'image');
  });

  it('neutralizes hostile prompts', () => {
    assert.equal(slugFromPrompt('../../etc/x'), 'etc-x');
    assert.equal(slugFromPrompt('CON'), 'con_');
    assert.equal(sanitizeStem('a/b\\c:*?'), 'a-b-c-');
    assert.equal(sanitizeStem('evil\u202Egnp.exe'), 'evilgnp.exe');
    assert.equal(sanitizeStem('nul\u0000byte'), 'nulbyte');
    assert.equal(sanitizeStem('..'), 'image');
    assert.equal(sanitizeStem('name. . '), 'name');
    assert.equal(sanitizeStem('aux.tar'), 'aux_.tar');
    assert.equal(sanitizeStem('nul../'), 'nul_..-');
    const long = sanitizeStem('가'.repeat(300));
    assert.ok(Buffer.byteLength(long, 'utf8') <= 200);
    assert.ok(long.startsWith('가가'), 'cut at a character boundary');
  });

  it('names edits after the image', () => {
    assert.equal(editStem('photo.final.png'), 'photo.final-edit');
    assert.equal(editStem('icon'), 'icon-edit');
    assert.equal(maskNameFor('hero.png'), 'hero.mask.png');
  });

  it('numbers candidates', () => {
    assert.deepEqual(
      [0, 1, 2].map((i) => candidateName('fox', 'png', i)),
      ['fox.png', 'fox-1.png', 'fox-2.png'],
    );
  });

  it('property: any prompt gives a safe single path segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (prompt) => {
        assertSafeSegment(slugFromPrompt(prompt));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any text sanitized is a safe single path segment', () => {
    const hostile = fc.constantFrom('/', '\\', '..', '.', ':', '\u0000', '\u202e', '\u2066', ' ', 'CON', 'nul', 'COM1', '가', '😀', 'a');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.array(hostile, { maxLength: 200 }).map((parts) => parts.join('')),
        ),
        (text) => {
          assertSafeSegment(sanitizeStem(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
