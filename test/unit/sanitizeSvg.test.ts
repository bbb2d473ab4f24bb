import * as assert from 'node:assert/strict';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { SaxesParser } from 'saxes';
import { inspectOutputFile } from '../../src/core/outputFiles';
import { sanitizeSvg } from '../../src/core/svg/sanitizeSvg';
import { BENIGN_SVG, HOSTILE_SVGS } from './svgCorpus';

type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['childNode'];

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Drawing elements, named here apart from the sanitizer's own list. */
const DRAWING = new Set(
  'svg g defs symbol use switch path rect circle ellipse line polyline polygon text tspan textpath lineargradient radialgradient stop pattern clippath mask marker image filter title desc style animate animatetransform set'
    .split(' ')
    .concat(
      'blend colormatrix componenttransfer composite convolvematrix diffuselighting displacementmap distantlight dropshadow flood funca funcb funcg funcr gaussianblur merge mergenode morphology offset pointlight specularlighting spotlight tile turbulence'
        .split(' ')
        .map((name) => `fe${name}`),
    ),
);
const INERT_REFERENCE = /^(#[A-Za-z_][\w.-]*|data:image\/(png|jpeg|gif|webp);base64,[A-Za-z\d+/=\s]*)$/;
const LOADS_OR_RUNS = [/url\((?!#)/i, /url\(#[^)]*[^\w.)-]/i, /@import/i, /image-set/i, /expression\s*\(/i, /javascript:/i, /\\/, /behavior|binding/i];

/** The elements of an inlined SVG as an HTML parser (parse5, the spec's algorithm) builds them. */
function htmlElements(svg: string): Element[] {
  const found: Element[] = [];
  const walk = (nodes: readonly Node[]) =>
    nodes.forEach((node) => {
      if (!('tagName' in node)) return;
      found.push(node);
      walk(node.childNodes);
    });
  walk(parseFragment(`<div>${svg}</div>`).childNodes);
  return found.slice(1);
}

/** What a site that inlines or serves the SVG would run or load; nothing, for a sanitized one. */
function assertInert(svg: string): void {
  const elements = htmlElements(svg);
  assert.ok(elements.length > 0, 'nothing parsed');
  for (const element of elements) {
    assert.equal(element.namespaceURI, SVG_NS, `an HTML parser reads <${element.tagName}> outside SVG`);
    assert.ok(DRAWING.has(element.tagName.toLowerCase()), `<${element.tagName}>`);
    for (const attribute of element.attrs) {
      assert.ok(!/^on/i.test(attribute.name) && attribute.name !== 'xml:base', attribute.name);
      if (attribute.name.toLowerCase() === 'attributename') assert.doesNotMatch(attribute.value, /^on|href|style/i, `animates ${attribute.value}`);
      if (/href$/i.test(attribute.name)) assert.match(attribute.value, INERT_REFERENCE, `${attribute.name}=${attribute.value}`);
      for (const pattern of LOADS_OR_RUNS) assert.doesNotMatch(attribute.value, pattern, `${attribute.name}=${attribute.value}`);
    }
    const text = element.childNodes.map((child) => ('value' in child ? child.value : '')).join('');
    if (element.tagName === 'style') for (const pattern of LOADS_OR_RUNS) assert.doesNotMatch(text, pattern, text);
  }
  // An XML parser reads the same elements in the same order: no HTML/XML differential.
  const xmlNames: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => xmlNames.push(tag.local.toLowerCase()));
  parser.write(svg).close();
  assert.deepEqual(
    elements.map((element) => element.tagName.toLowerCase()),
    xmlNames,
  );
  assert.doesNotMatch(svg, /<!--|<!\[CDATA\[|<\?(?!xml version="1\.0" encoding="UTF-8"\?>)/);
}

describe('SVG output: parsed, cut to an allow-list, written from the tree', () => {
  it('keeps what a drawing needs: gradients by reference, classes, text, transforms, an animation, an inline raster', () => {
    const result = sanitizeSvg(Buffer.from(BENIGN_SVG));
    assert.ok(result.ok, result.ok ? '' : result.problem);
    assert.deepEqual(result.removed, []);
    for (const kept of [
      'fill="url(#sky)"',
      'style="stop-color:rgb(56 189 248)"',
      '.needle{fill:#ef4444;stroke:white;stroke-width:2}',
      'transform="translate(60 60) rotate(45)"',
      'filter="url(#soft)"',
      'xlink:href="#sky"',
      '<tspan>N ©</tspan>',
      '<title>A compass &amp; its rose</title>',
      '<animate attributeName="r" values="4;6;4" dur="2s" repeatCount="indefinite"/>',
      'href="data:image/png;base64,iVBORw0KGgo="',
    ])
      assert.ok(result.svg.includes(kept), `lost ${kept}\n${result.svg}`);
    assertInert(result.svg);
  });

  it('writes the serialized tree, not the input: a fixpoint, and the bytes inspectOutputFile hands on', () => {
    const first = sanitizeSvg(Buffer.from(BENIGN_SVG));
    assert.ok(first.ok);
    const second = sanitizeSvg(Buffer.from(first.svg));
    assert.ok(second.ok);
    assert.equal(second.svg, first.svg);
    const report = inspectOutputFile(Buffer.from(BENIGN_SVG), 'svg');
    assert.ok(report.problem === undefined);
    assert.equal(Buffer.from(report.bytes).toString('utf8'), first.svg);
    assert.ok(!Buffer.from(report.bytes).toString('utf8').includes('made by a model'));
  });

  it('writes an editor’s SVG 1.1 DOCTYPE-only file (never fetched, not written) and an encoding spelled utf8', () => {
    const inkscape = `<?xml version="1.0" encoding="UTF8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="${SVG_NS}" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>`;
    const result = sanitizeSvg(Buffer.from(inkscape));
    assert.ok(result.ok, result.ok ? '' : result.problem);
    assert.doesNotMatch(result.svg, /DOCTYPE|w3\.org\/Graphics/);
    assert.deepEqual(result.removed, ['the DOCTYPE']);
  });

  it('refuses what is not UTF-8: a UTF-16 file, invalid bytes', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<svg xmlns="${SVG_NS}"><rect/></svg>`, 'utf16le')]);
    assert.match(sanitizeSvg(utf16).ok ? '' : (sanitizeSvg(utf16) as { problem: string }).problem, /UTF-8/);
    const invalid = Buffer.concat([Buffer.from(`<svg xmlns="${SVG_NS}"><text>`), Buffer.from([0xc3, 0x28]), Buffer.from('</text></svg>')]);
    assert.equal(sanitizeSvg(invalid).ok, false);
  });

  it('refuses nesting deeper than it reads, and more than it reads', () => {
    const deep = `<svg xmlns="${SVG_NS}">${'<g>'.repeat(300)}${'</g>'.repeat(300)}</svg>`;
    const result = sanitizeSvg(Buffer.from(deep));
    assert.ok(!result.ok && /nested deeper/.test(result.problem));
    const huge = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
    assert.ok(!sanitizeSvg(huge).ok);
  });

  it('reads a long hostile style in one pass (the old url( expression took 13 s on 125 KiB)', () => {
    const style = `<svg xmlns="${SVG_NS}"><rect style="${'fill: url( '.repeat(64 * 1024)}"/></svg>`;
    const result = sanitizeSvg(Buffer.from(style));
    assert.ok(result.ok);
    assertInert(result.svg);
  });

  it('the check of what runs or loads is not blind: it catches the raw hostile inputs', () => {
    const caught = HOSTILE_SVGS.filter((hostile) => !hostile.refused && !hostile.rawInert).filter((hostile) => {
      try {
        assertInert(hostile.svg);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(
      HOSTILE_SVGS.filter((hostile) => !hostile.refused && !hostile.rawInert && !caught.includes(hostile)).map((hostile) => hostile.name),
      [],
    );
  });

  for (const hostile of HOSTILE_SVGS) {
    it(`hostile: ${hostile.name}`, () => {
      const result = sanitizeSvg(Buffer.from(hostile.svg));
      if (hostile.refused) {
        assert.ok(!result.ok, `written:\n${result.ok ? result.svg : ''}`);
        assert.match(result.problem, hostile.refused);
        return;
      }
      assert.ok(result.ok, result.ok ? '' : result.problem);
      if (hostile.left) assert.match(result.removed.join('; '), hostile.left);
      assertInert(result.svg);
    });
  }
});
