/**
 * What the API sends back is checked before it is written: a repository must never receive a truncated file,
 * or an SVG that runs script or fetches from elsewhere when it is opened. Raster formats must be complete
 * files of the format asked for (every chunk or segment, to the end); GIF must be one whole GIF stream; SVG must be well-formed XML with no
 * script, no event handler, no external reference and no DTD.
 */
import { inspectContainer, type ContainerReport } from './imageContainer';
import type { OutputFormat } from './modelCatalogue';
import { detectFormat } from './imageBytes';

export const OUTPUT_EXTENSIONS: Record<OutputFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', svg: 'svg' };
export const OUTPUT_MIME_TYPES = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
} as const satisfies Record<OutputFormat, string>;

/** The output format a file name asks for (`.jpg` and `.jpeg` are both JPEG). */
export function outputFormatFromExtension(fileName: string): OutputFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'jpg' || extension === 'jpeg') return 'jpeg';
  return extension === 'png' || extension === 'webp' || extension === 'gif' || extension === 'svg' ? extension : undefined;
}

/** Whether bytes are a writable file of the format asked for (and carry a C2PA manifest store), in one pass. */
export function inspectOutputFile(bytes: Uint8Array, format: OutputFormat): ContainerReport {
  const report = (problem: string | undefined): ContainerReport => (problem ? { problem } : { manifest: false });
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'webp': {
      const found = detectFormat(bytes);
      if (found !== format) return { problem: `got ${found ?? 'unknown bytes'}` };
      return inspectContainer(bytes, format);
    }
    case 'gif':
      return report(checkGif(bytes));
    case 'svg':
      return report(checkSvg(new TextDecoder('utf-8', { fatal: false }).decode(bytes)));
  }
}

/** Why bytes are not a writable file of the format asked for, or undefined when they are. */
export function checkOutputFile(bytes: Uint8Array, format: OutputFormat): string | undefined {
  return inspectOutputFile(bytes, format).problem;
}

/** Walks a GIF's blocks from the header to the trailer: a whole stream, not just a signature. */
export function checkGif(bytes: Uint8Array): string | undefined {
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  if (header !== 'GIF87a' && header !== 'GIF89a') return 'not a GIF';
  if (bytes.length < 14) return 'the GIF file is cut short';
  let offset = 13;
  const flags = bytes[10]!;
  if (flags & 0x80) offset += 3 * (1 << ((flags & 0x07) + 1));
  let frames = 0;
  const skipSubBlocks = (): boolean => {
    for (;;) {
      if (offset >= bytes.length) return false;
      const size = bytes[offset]!;
      offset += 1 + size;
      if (size === 0) return true;
    }
  };
  while (offset < bytes.length) {
    const introducer = bytes[offset]!;
    if (introducer === 0x3b) return frames > 0 ? (offset === bytes.length - 1 ? undefined : 'bytes after the GIF trailer') : 'the GIF has no frames';
    if (introducer === 0x21) {
      offset += 2; // introducer and label
      if (!skipSubBlocks()) return 'the GIF file is cut short';
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) return 'the GIF file is cut short';
      const imageFlags = bytes[offset + 9]!;
      offset += 10;
      if (imageFlags & 0x80) offset += 3 * (1 << ((imageFlags & 0x07) + 1));
      offset += 1; // LZW minimum code size
      if (!skipSubBlocks()) return 'the GIF file is cut short';
      frames += 1;
    } else {
      return `unexpected GIF block 0x${introducer.toString(16)}`;
    }
  }
  return 'the GIF file is cut short (no trailer)';
}

const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener', 'set', 'animate']);
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);
const NAME = /^[A-Za-z_][\w.:-]*$/;

/** A reference stays inside the document: a fragment (`#id`) or an inline raster image. */
function isLocalReference(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith('#') || /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/i.test(trimmed);
}

/** `url(...)` and `@import` in CSS may only point inside the document. */
function checkCss(css: string): string | undefined {
  if (/@import/i.test(css)) return 'the SVG imports a style sheet';
  for (const match of css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gi)) {
    if (!isLocalReference(match[2] ?? '')) return 'the SVG references an external resource in its style';
  }
  if (/expression\s*\(|javascript:/i.test(css)) return 'the SVG has script in its style';
  return undefined;
}

const ENTITY = /&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g;

function checkText(text: string): string | undefined {
  return text.replace(ENTITY, '').includes('&') ? 'the SVG uses an undefined entity' : undefined;
}

/** An element's attributes: quoted, unique, no markup, no handlers, no script, no reference outside the document. */
function checkAttributes(attributes: string): string | undefined {
  const seen = new Set<string>();
  const attribute = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/gy;
  let consumed = 0;
  for (let match = attribute.exec(attributes); match; match = attribute.exec(attributes)) {
    consumed = attribute.lastIndex;
    const attributeName = match[1]!;
    const value = match[3] ?? match[4] ?? '';
    if (!NAME.test(attributeName) || seen.has(attributeName)) return 'a malformed or repeated attribute';
    seen.add(attributeName);
    if (value.includes('<')) return 'a "<" inside an attribute';
    const valueProblem = checkText(value);
    if (valueProblem) return valueProblem;
    const lower = attributeName.toLowerCase();
    if (lower.startsWith('on')) return `the SVG has an event handler (${attributeName})`;
    if (REFERENCE_ATTRIBUTES.has(lower) && !isLocalReference(value)) return 'the SVG references an external resource';
    if (/javascript:/i.test(value)) return 'the SVG has script in an attribute';
    const cssProblem = checkCss(value);
    if (cssProblem && (lower === 'style' || /url\(/i.test(value))) return cssProblem;
  }
  return attributes.slice(consumed).trim() !== '' ? 'a malformed attribute' : undefined;
}

/**
 * A strict, small XML reader: elements nest and close, attributes are quoted and unique, only the five
 * predefined entities and character references, no DOCTYPE (no entity expansion), processing instructions only
 * as the XML declaration. Then the SVG rules: an `svg` root, no forbidden element, no `on*` attribute, no
 * reference outside the document.
 */
export function checkSvg(text: string): string | undefined {
  const source = text.replace(/^\uFEFF/, '');
  const stack: string[] = [];
  let root: string | undefined;
  let offset = 0;
  let styleDepth = -1;
  while (offset < source.length) {
    const open = source.indexOf('<', offset);
    const textPart = source.slice(offset, open < 0 ? source.length : open);
    if (stack.length === 0 && textPart.trim() !== '') return 'text outside the SVG element';
    const textProblem = checkText(textPart);
    if (textProblem) return textProblem;
    if (styleDepth >= 0) {
      const cssProblem = checkCss(textPart);
      if (cssProblem) return cssProblem;
    }
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open + 4);
      if (end < 0) return 'an unclosed comment';
      offset = end + 3;
      continue;
    }
    if (source.startsWith('<![CDATA[', open)) {
      const end = source.indexOf(']]>', open);
      if (end < 0 || stack.length === 0) return 'a misplaced CDATA section';
      if (styleDepth >= 0) {
        const cssProblem = checkCss(source.slice(open + 9, end));
        if (cssProblem) return cssProblem;
      }
      offset = end + 3;
      continue;
    }
    if (source.startsWith('<!', open)) return 'the SVG has a DOCTYPE or declaration';
    if (source.startsWith('<?', open)) {
      const end = source.indexOf('?>', open);
      if (end < 0 || open !== source.length - source.trimStart().length || !/^<\?xml\s/.test(source.slice(open, end))) return 'a processing instruction';
      offset = end + 2;
      continue;
    }
    const close = source.indexOf('>', open);
    if (close < 0) return 'an unclosed tag';
    const tag = source.slice(open + 1, close);
    offset = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) return `a misplaced closing tag </${name}>`;
      if (styleDepth === stack.length) styleDepth = -1;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/>]+/.exec(body)?.[0] ?? '';
    if (!NAME.test(name)) return 'a malformed tag';
    const local = name.toLowerCase().replace(/^.*:/, '');
    if (stack.length === 0) {
      if (root !== undefined) return 'more than one root element';
      if (local !== 'svg') return 'the root element is not <svg>';
      root = name;
    }
    if (FORBIDDEN_ELEMENTS.has(local)) return `the SVG has a <${name}> element`;
    const attributeProblem = checkAttributes(body.slice(name.length));
    if (attributeProblem) return attributeProblem;
    if (!selfClosing) {
      if (local === 'style' && styleDepth < 0) styleDepth = stack.length;
      stack.push(name);
    } else if (stack.length === 0) {
      return 'an empty SVG';
    }
  }
  if (root === undefined) return 'no <svg> element';
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed`;
  return undefined;
}
