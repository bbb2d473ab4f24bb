/** The pure parts of asset sets: prompt composition, derive expansion, candidates' records, responsive markup. */
import * as assert from 'node:assert/strict';
import { responsiveMarkup } from '../../src/core/assets/responsiveMarkup';
import { composePrompt, REFERENCE_INSTRUCTION } from '../../src/core/assets/styleKit';
import { expandDerive } from '../../src/core/assets/derivatives';
import { draftsAreCurrent, gitignoreWithDrafts, parseCandidatesRecord, remakePrompt, REMAKE_INSTRUCTION } from '../../src/core/assets/candidates';
import { englishTranslate } from '../../src/core/translate';
import { dependencyOrder, parseManifest } from '../../src/core/assets/manifestParse';

const variants = [
  { file: '/w/site/img/hero-960.webp', width: 960, format: 'webp' as const },
  { file: '/w/site/img/hero-480.webp', width: 480, format: 'webp' as const },
  { file: '/w/site/img/hero-480.png', width: 480, format: 'png' as const },
  { file: '/w/site/img/hero-960.avif', width: 960, format: 'avif' as const },
];

describe('asset sets: the pure core', () => {
  it('composes a styled prompt in the documented order, with the reference line only when references go', () => {
    const style = { name: 'icons', brief: 'flat icons', palette: ['#112233', '#aabbcc'], negative: 'text', references: [], options: {} };
    assert.equal(composePrompt('a house', style, true), `a house\n\nStyle: flat icons\nPalette: #112233, #aabbcc\nAvoid: text\n${REFERENCE_INSTRUCTION}`);
    assert.equal(composePrompt('a house', style, false), 'a house\n\nStyle: flat icons\nPalette: #112233, #aabbcc\nAvoid: text');
    assert.equal(composePrompt('a house', undefined, false), 'a house');
  });

  it('expands every derive kind to one file each, and explains a pattern without its sizes', () => {
    const squares = expandDerive({ out: 'icons/app-{size}.png', sizes: [16, 32] }, 0, '/w', englishTranslate);
    assert.deepEqual(
      squares.derivatives.map((derivative) => [derivative.key, derivative.spec]),
      [
        ['icons/app-16.png', { kind: 'box', format: 'png', width: 16, height: 16, fit: 'cover' }],
        ['icons/app-32.png', { kind: 'box', format: 'png', width: 32, height: 32, fit: 'cover' }],
      ],
    );
    const ico = expandDerive({ out: 'favicon.ico', sizes: [16, 32, 48] }, 0, '/w', englishTranslate);
    assert.deepEqual(ico.derivatives[0]!.spec, { kind: 'ico', format: 'ico', sizes: [16, 32, 48] });
    const broken = expandDerive({ out: 'hero-{width}.webp', width: 100 }, 0, '/w', englishTranslate);
    assert.ok(broken.problems.some((problem) => /has \{width\} but the entry has no "widths"/.test(problem.message)));
  });

  it('writes the remake prompt and the drafts .gitignore line once', () => {
    assert.equal(remakePrompt('a fox'), `a fox\n\n${REMAKE_INSTRUCTION}`);
    assert.equal(gitignoreWithDrafts(undefined), '# Candidates drafted by OpenAI Images, waiting for a choice\n.openai-images/drafts/\n');
    assert.equal(gitignoreWithDrafts('dist'), 'dist\n# Candidates drafted by OpenAI Images, waiting for a choice\n.openai-images/drafts/\n');
    assert.equal(gitignoreWithDrafts('x\r\n.openai-images/drafts/\r\n'), undefined);
    assert.equal(gitignoreWithDrafts('.openai-images/\n'), undefined, 'already ignored whole');
  });

  it('reads a candidates record as untrusted: a draft file name that leaves the folder is refused', () => {
    const record = {
      version: 1,
      asset: 'logo.png',
      recipe: 'a'.repeat(64),
      model: 'gpt-image-2.6-flare',
      quality: 'low',
      createdAt: '2026-12-04T00:00:00.000Z',
      costUsd: 0.02,
      drafts: [{ file: '1.png', sha256: 'b'.repeat(64) }],
    };
    const parsed = parseCandidatesRecord(JSON.stringify(record));
    assert.ok(parsed);
    assert.equal(draftsAreCurrent(parsed, { key: 'logo.png', candidates: { count: 1, model: 'gpt-image-2.6-flare', quality: 'low' } }, 'a'.repeat(64)), true);
    assert.equal(draftsAreCurrent(parsed, { key: 'logo.png', candidates: { count: 1, model: 'gpt-image-2.6-flare', quality: 'high' } }, 'a'.repeat(64)), false);
    assert.equal(parseCandidatesRecord(JSON.stringify({ ...record, drafts: [{ file: '../../secret.png', sha256: 'b'.repeat(64) }] })), undefined);
    assert.equal(parseCandidatesRecord('not json'), undefined);
  });

  it('a shut-down draft model is diagnosed where the manifest names it, with its successor', () => {
    const text = JSON.stringify({ assets: [{ out: 'a.png', prompt: 'x', candidates: 4, draftModel: 'gpt-image-1-mini' }] });
    const { diagnostics } = parseManifest(text, { manifestDir: '/w', rootDir: '/w', t: englishTranslate, today: '2026-12-04' });
    const retired = diagnostics.find((diagnostic) => diagnostic.fix?.kind === 'replace-model');
    assert.equal(text.slice(retired!.offset, retired!.offset + retired!.length), '"gpt-image-1-mini"');
    assert.equal(retired!.fix!.replacement, 'gpt-image-2.6-flare');
  });

  it('orders 10,000 assets inputs first, stable by manifest order', () => {
    assert.deepEqual(dependencyOrder([[], [3], [], []]), [0, 2, 3, 1]);
    const chain = Array.from({ length: 10_000 }, (_, index) => (index === 9_999 ? [] : [index + 1]));
    const order = dependencyOrder(chain);
    assert.equal(order.length, 10_000);
    assert.deepEqual(order.slice(0, 3), [9_999, 9_998, 9_997]);
  });

  it('responsive markup: <img srcset> in the source format, <picture> with AVIF then WebP sources', () => {
    const source = { file: '/w/site/hero.png', format: 'png' as const };
    assert.equal(
      responsiveMarkup('srcset', 'html', '/w/site', { ...source, format: 'webp' }, variants, 'a "harbour" {at} dawn'),
      '<img src="hero.png" srcset="img/hero-480.webp 480w, img/hero-960.webp 960w" sizes="100vw" alt="a &quot;harbour&quot; &#123;at&#125; dawn">',
    );
    assert.equal(
      responsiveMarkup('picture', 'html', '/w/site', source, variants, 'a harbour'),
      [
        '<picture>',
        '  <source type="image/avif" srcset="img/hero-960.avif 960w" sizes="100vw">',
        '  <source type="image/webp" srcset="img/hero-480.webp 480w, img/hero-960.webp 960w" sizes="100vw">',
        '  <img src="hero.png" srcset="img/hero-480.png 480w" sizes="100vw" alt="a harbour">',
        '</picture>',
      ].join('\n'),
    );
    assert.equal(
      responsiveMarkup('srcset', 'jsx', '/w/site/pages', source, variants.slice(2, 3), 'a harbour'),
      '<img src="../hero.png" srcSet="../img/hero-480.png 480w" sizes="100vw" alt={"a harbour"} />',
    );
  });
});
