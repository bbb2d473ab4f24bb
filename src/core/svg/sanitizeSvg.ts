/**
 * An SVG from the API (or any untrusted source) made into one a site can serve or inline: parsed by saxes (the
 * strict, namespace-aware XML parser jsdom uses; well-formedness errors, undefined entities and unbound prefixes
 * are errors), cut down to svgPolicy's allow-list by namespace URI and local name after every reference is decoded,
 * and written from the kept tree: never the input bytes. Comments, processing instructions and CDATA sections are
 * not written, text is escaped, and `title`/`desc` keep text only, so an HTML parser reading the inlined SVG sees
 * exactly what an XML parser does. One pass, linear in the input.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { cleanStylesheet, cleanDeclarations } from './svgCss';
import { ELEMENT_RULES, PLAIN_ATTRIBUTES, SVG_NS, XLINK_NS, XML_ATTRIBUTES, XML_NS, type ElementRule, type ValueKind } from './svgPolicy';
import { cleanAnimationValue, cleanValue } from './svgValues';

export type SanitizedSvg = { readonly ok: true; readonly svg: string; readonly removed: readonly string[] } | { readonly ok: false; readonly problem: string };

/** Larger than any drawing the API makes; a bigger answer is refused rather than parsed. */
export const MAX_SVG_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 256;
const MAX_REMOVED_SHOWN = 20;
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

class Refused extends Error {}

type Mode = 'keep' | 'drop' | 'text' | 'style' | 'unwrap';

interface Frame {
  readonly name: string;
  readonly mode: Mode;
  /** The start tag is written but not yet closed with `>` (an empty element is written `<x/>`). */
  pending: boolean;
  readonly css: string[];
}

const escapeText = (text: string): string => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const escapeAttribute = (text: string): string => text.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);

function kindOf(attribute: SaxesAttributeNS): ValueKind | undefined {
  if (attribute.uri === '') return PLAIN_ATTRIBUTES.get(attribute.local);
  if (attribute.uri === XLINK_NS) return attribute.local === 'href' ? 'fragment' : undefined;
  if (attribute.uri === XML_NS) return XML_ATTRIBUTES.get(attribute.local);
  return undefined;
}

/** The name an attribute is written under (prefixes re-bound to the ones the root declares). */
function writtenName(attribute: SaxesAttributeNS): string {
  if (attribute.uri === XLINK_NS) return `xlink:${attribute.local}`;
  if (attribute.uri === XML_NS) return `xml:${attribute.local}`;
  return attribute.local;
}

class SvgWriter {
  readonly out: string[] = [];
  private readonly removed = new Set<string>();
  private readonly stack: Frame[] = [];
  private drawn = 0;
  private rooted = false;

  /** Records what was left out (for the log), the first few kinds only. */
  note(what: string): void {
    if (this.removed.size < MAX_REMOVED_SHOWN) this.removed.add(what);
  }

  private closePending(): void {
    for (let index = this.stack.length - 1; index >= 0; index--) {
      const frame = this.stack[index]!;
      if (frame.mode === 'unwrap') continue;
      if (frame.pending) {
        this.out.push('>');
        frame.pending = false;
      }
      return;
    }
  }

  /** The attributes to write, or undefined when the element must go (an animation of something not allowed). */
  private attributes(tag: SaxesTagNS, rule: ElementRule): string | undefined {
    const parts: string[] = [];
    const attributeName = Object.values(tag.attributes).find((each) => each.uri === '' && each.local === 'attributeName')?.value;
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === XMLNS_NS || attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue;
      const animated = rule === 'animate' && ['from', 'to', 'by', 'values'].includes(attribute.local) && attribute.uri === '';
      if (animated) {
        const clean = cleanAnimationValue(tag.local, attributeName, attribute.value);
        if (!clean.ok) return undefined;
        parts.push(` ${attribute.local}="${escapeAttribute(clean.value)}"`);
        continue;
      }
      const kind = kindOf(attribute);
      if (kind === 'css' && attribute.local === 'style' && attribute.uri === '') {
        const clean = cleanDeclarations(attribute.value);
        clean.removed.forEach((what) => this.note(what));
        if (clean.css !== '') parts.push(` style="${escapeAttribute(clean.css)}"`);
        continue;
      }
      const clean = kind === undefined ? undefined : cleanValue(attribute.local, kind, attribute.value, tag.local);
      if (clean?.ok) parts.push(` ${writtenName(attribute)}="${escapeAttribute(clean.value)}"`);
      else this.note(kind === undefined ? `the ${attribute.name.slice(0, 40)} attribute` : `a value of ${attribute.name.slice(0, 40)}`);
    }
    if (rule === 'animate' && (attributeName === undefined || !parts.some((part) => part.startsWith(' attributeName=')))) return undefined;
    return parts.join('');
  }

  private push(name: string, mode: Mode): void {
    this.stack.push({ name, mode, pending: false, css: [] });
  }

  open(tag: SaxesTagNS): void {
    if (this.stack.length >= MAX_DEPTH) throw new Refused(`elements nested deeper than ${MAX_DEPTH}`);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (this.rooted) throw new Refused('more than one root element');
      if (tag.uri !== SVG_NS || tag.local !== 'svg') throw new Refused('the root element is not an SVG <svg>');
      this.rooted = true;
    }
    const shown = `<${tag.name.slice(0, 40)}>`;
    if (parent && parent.mode !== 'keep' && parent.mode !== 'unwrap') {
      if (parent.mode !== 'drop') this.note(`markup inside <${parent.name}>`);
      return this.push(tag.local, 'drop');
    }
    const rule = tag.uri === SVG_NS ? ELEMENT_RULES.get(tag.local) : undefined;
    if (rule === undefined) {
      this.note(`the ${shown} element`);
      return this.push(tag.local, 'drop');
    }
    if (rule === 'unwrap') {
      this.note(`the link around its content (${shown})`);
      return this.push(tag.local, 'unwrap');
    }
    const attributes = this.attributes(tag, rule);
    if (attributes === undefined) {
      this.note(`the ${shown} element (it animates something not allowed)`);
      return this.push(tag.local, 'drop');
    }
    this.closePending();
    const namespaces = parent ? '' : ` xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"`;
    this.out.push(`<${tag.local}${namespaces}${attributes}`);
    if (parent) this.drawn += 1;
    this.stack.push({ name: tag.local, mode: rule === 'text' ? 'text' : rule === 'style' ? 'style' : 'keep', pending: true, css: [] });
  }

  text(text: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame || frame.mode === 'drop') return;
    if (frame.mode === 'style') {
      frame.css.push(text);
      return;
    }
    this.closePending();
    this.out.push(escapeText(text));
  }

  close(): void {
    const frame = this.stack.pop();
    if (!frame || frame.mode === 'drop' || frame.mode === 'unwrap') return;
    if (frame.mode === 'style') {
      const clean = cleanStylesheet(frame.css.join(''));
      clean.removed.forEach((what) => this.note(what));
      if (clean.css !== '') {
        this.out.push('>', escapeText(clean.css));
        frame.pending = false;
      }
    }
    this.out.push(frame.pending ? '/>' : `</${frame.name}>`);
  }

  finish(): SanitizedSvg {
    if (!this.rooted) return { ok: false, problem: 'no <svg> element' };
    if (this.drawn === 0) return { ok: false, problem: 'nothing drawable is left once what may not be written is left out' };
    return { ok: true, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${this.out.join('')}\n`, removed: [...this.removed] };
  }
}

function readUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Refused('the SVG is not UTF-8 text');
  }
}

/** The SVG to write for `bytes`, with what was left out; or why none can be written. */
export function sanitizeSvg(bytes: Uint8Array): SanitizedSvg {
  if (bytes.length > MAX_SVG_BYTES) return { ok: false, problem: `the SVG is larger than ${MAX_SVG_BYTES / 1024 / 1024} MiB` };
  const writer = new SvgWriter();
  try {
    const parser = new SaxesParser({ xmlns: true, position: false });
    parser.on('error', (error) => {
      throw new Refused(`not well-formed XML (${error.message.slice(0, 120)})`);
    });
    parser.on('xmldecl', (declaration) => {
      if (declaration.encoding !== undefined && !/^utf-?8$/i.test(declaration.encoding))
        throw new Refused(`the SVG declares the encoding ${declaration.encoding.slice(0, 40)}; only UTF-8 is read`);
      if (declaration.version !== undefined && declaration.version !== '1.0') throw new Refused('only XML 1.0 is read');
    });
    parser.on('doctype', (doctype) => {
      // An internal subset can declare entities: refused. A bare public identifier (Inkscape's and Illustrator's
      // SVG 1.1 DOCTYPE) is never fetched and not written.
      if (doctype.includes('[')) throw new Refused('the SVG has a DOCTYPE with declarations (entities are not read)');
      writer.note('the DOCTYPE');
    });
    parser.on('processinginstruction', () => writer.note('a processing instruction'));
    parser.on('opentag', (tag) => writer.open(tag));
    parser.on('text', (text) => writer.text(text));
    parser.on('cdata', (text) => writer.text(text));
    parser.on('closetag', () => writer.close());
    parser.write(readUtf8(bytes)).close();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.message };
    throw error;
  }
  return writer.finish();
}
