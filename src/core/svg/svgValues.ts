/**
 * Attribute values an SVG may keep, by the kind svgPolicy gives each attribute. Values arrive decoded (the XML
 * parser has replaced every entity and character reference), so `&#106;avascript:` is checked as `javascript:`.
 * Each check is one linear pass: a character class, or the CSS parser.
 */
import { cleanCssValue, FRAGMENT } from './svgCss';
import { animatable, type ValueKind } from './svgPolicy';

const TOKEN = /^[\w\s.,%#+-]*$/;
const PATH = /^[MmZzLlHhVvCcSsQqTtAa\d\s.,eE+-]*$/;
const TRANSFORM_CHARACTERS = /^[A-Za-z\d\s.,()+-]*$/;
const TRANSFORM_WORDS = new Set(['matrix', 'translate', 'scale', 'rotate', 'skewX', 'skewY', 'e', 'E']);
const TIMING = /^[\w\s.,:;+-]*$/;
/** An inline raster image: it cannot run script or refer to anything. */
const RASTER_DATA = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z\d+/=\s]*$/;

export type Cleaned = { readonly ok: true; readonly value: string } | { readonly ok: false };

const kept = (value: string): Cleaned => ({ ok: true, value });
const refused: Cleaned = { ok: false };
const when = (test: boolean, value: string): Cleaned => (test ? kept(value) : refused);

function transformAllowed(value: string): boolean {
  return TRANSFORM_CHARACTERS.test(value) && (value.match(/[A-Za-z]+/g) ?? []).every((word) => TRANSFORM_WORDS.has(word));
}

/** The value to write for attribute `name` of kind `kind` (CSS re-written), or refused. */
export function cleanValue(name: string, kind: ValueKind, value: string, element: string): Cleaned {
  switch (kind) {
    case 'token':
      return when(TOKEN.test(value), value);
    case 'path':
      return when(PATH.test(value), value);
    case 'transform':
      return when(transformAllowed(value), value);
    case 'timing':
      return when(TIMING.test(value), value);
    case 'text':
      return kept(value);
    case 'fragment': {
      const trimmed = value.trim();
      return when(FRAGMENT.test(trimmed) || (element === 'image' && RASTER_DATA.test(trimmed)), trimmed);
    }
    case 'css': {
      // `style` itself is re-written declaration by declaration by the sanitizer (cleanDeclarations).
      const clean = cleanCssValue(name, value);
      return clean === undefined ? refused : kept(clean);
    }
    case 'animated':
      return refused;
  }
}

/**
 * An animation's `from`/`to`/`by`/`values`, checked as values of the attribute it animates (`attributeName`),
 * which must itself be one an animation may change. `animateTransform` changes a transform with bare numbers.
 */
export function cleanAnimationValue(element: string, attributeName: string | undefined, value: string): Cleaned {
  if (attributeName === undefined) return refused;
  const target = animatable(attributeName);
  if (target === undefined) return refused;
  const check = (part: string): Cleaned =>
    element === 'animateTransform' ? when(TOKEN.test(part), part) : cleanValue(attributeName, target, part.trim(), element);
  const parts = value.split(';').map(check);
  if (parts.some((part) => !part.ok)) return refused;
  return kept(parts.map((part) => (part.ok ? part.value : '')).join(';'));
}
