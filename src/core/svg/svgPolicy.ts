/**
 * What an SVG the extension writes may hold: an allow-list by namespace URI and local name, each attribute with the
 * kind of value it may carry. Anything not named here is left out of the written file. The list is the drawing
 * subset of SVG (shapes, text, paint servers, clipping, masking, filters, simple animation): nothing that runs
 * script, embeds another document, or refers to anything outside the file.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * How an element is written: `draw` with its allowed attributes and children; `text` with text children only (an
 * HTML parser reads `title` and `desc` as HTML when the SVG is inlined in a page, so no markup may reach it);
 * `style` with its CSS re-written from the allow-list; `animate` only when what it animates is allowed; `unwrap`
 * (a link) without itself, its children kept.
 */
export type ElementRule = 'draw' | 'text' | 'style' | 'animate' | 'unwrap';

// prettier-ignore
const DRAW = [
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'image', 'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB',
  'feFuncG', 'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight',
  'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
] as const;

export const ELEMENT_RULES: ReadonlyMap<string, ElementRule> = new Map<string, ElementRule>([
  ...DRAW.map((name) => [name, 'draw'] as const),
  ['title', 'text'],
  ['desc', 'text'],
  ['style', 'style'],
  ['animate', 'animate'],
  ['animateTransform', 'animate'],
  ['set', 'animate'],
  ['a', 'unwrap'],
]);

/**
 * The value an attribute may carry, checked after the XML parser has decoded every reference:
 * - `token`: numbers, lengths, lists, keywords and names (no quotes, parentheses, colons or backslashes);
 * - `path`: path data; `transform`: transform functions of numbers;
 * - `css`: a CSS value of the property of the same name, re-written from the allow-list in svgCss;
 * - `text`: free text (written escaped);
 * - `fragment`: a reference to an element of the same file (`#id`), or on `<image>` an inline raster image;
 * - `timing`: animation timing (`begin`, `dur`...); `animated`: a value of the attribute an animation changes.
 */
export type ValueKind = 'token' | 'path' | 'transform' | 'css' | 'text' | 'fragment' | 'timing' | 'animated';

// prettier-ignore
const TOKEN = [
  'id', 'class', 'x', 'y', 'width', 'height', 'cx', 'cy', 'r', 'rx', 'ry', 'x1', 'y1', 'x2', 'y2', 'points', 'viewBox',
  'preserveAspectRatio', 'offset', 'gradientUnits', 'spreadMethod', 'fx', 'fy', 'fr', 'patternUnits',
  'patternContentUnits', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerWidth', 'markerHeight', 'markerUnits',
  'refX', 'refY', 'orient', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing',
  'side', 'pathLength', 'version', 'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'mode',
  'operator', 'k1', 'k2', 'k3', 'k4', 'values', 'type', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent',
  'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'scale', 'xChannelSelector', 'yChannelSelector', 'radius',
  'kernelMatrix', 'kernelUnitLength', 'order', 'divisor', 'bias', 'targetX', 'targetY', 'edgeMode', 'preserveAlpha',
  'surfaceScale', 'specularConstant', 'specularExponent', 'diffuseConstant', 'azimuth', 'elevation', 'pointsAtX',
  'pointsAtY', 'pointsAtZ', 'limitingConeAngle', 'z', 'attributeType', 'calcMode', 'keyTimes', 'keySplines', 'additive',
  'accumulate', 'restart', 'systemLanguage', 'role', 'focusable', 'tabindex',
] as const;

/** CSS properties allowed in `style` attributes, `<style>` and as presentation attributes. */
// prettier-ignore
export const CSS_PROPERTIES: ReadonlySet<string> = new Set([
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'opacity', 'color', 'display', 'visibility',
  'overflow', 'transform', 'transform-origin', 'transform-box', 'stop-color', 'stop-opacity', 'clip-rule', 'clip-path',
  'mask', 'filter', 'marker', 'marker-start', 'marker-mid', 'marker-end', 'mix-blend-mode', 'isolation', 'paint-order',
  'vector-effect', 'shape-rendering', 'text-rendering', 'image-rendering', 'color-interpolation',
  'color-interpolation-filters', 'flood-color', 'flood-opacity', 'lighting-color', 'font', 'font-family', 'font-size',
  'font-weight', 'font-style', 'font-variant', 'font-stretch', 'text-anchor', 'dominant-baseline', 'alignment-baseline',
  'baseline-shift', 'letter-spacing', 'word-spacing', 'text-decoration', 'writing-mode', 'direction', 'unicode-bidi',
  'white-space', 'line-height',
]);

/** Properties whose values may point at a paint server, clip path, mask, filter or marker of the same file. */
// prettier-ignore
export const FRAGMENT_URL_PROPERTIES: ReadonlySet<string> = new Set([
  'fill', 'stroke', 'clip-path', 'mask', 'filter', 'marker', 'marker-start', 'marker-mid', 'marker-end',
]);

/** Properties whose values may hold quoted strings (font names). */
export const STRING_PROPERTIES: ReadonlySet<string> = new Set(['font', 'font-family']);

/** CSS functions a value may call: colours and transforms, none of which can refer to anything. */
// prettier-ignore
export const CSS_FUNCTIONS: ReadonlySet<string> = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'matrix', 'translate', 'translatex',
  'translatey', 'scale', 'scalex', 'scaley', 'rotate', 'skew', 'skewx', 'skewy',
]);

/** Attributes with no namespace, by local name. */
export const PLAIN_ATTRIBUTES: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ...TOKEN.map((name) => [name, 'token'] as const),
  ...[...CSS_PROPERTIES].map((name) => [name, 'css'] as const),
  ['d', 'path'],
  ['transform', 'transform'],
  ['gradientTransform', 'transform'],
  ['patternTransform', 'transform'],
  ['style', 'css'],
  ['aria-label', 'text'],
  ['aria-hidden', 'token'],
  ['lang', 'token'],
  ['href', 'fragment'],
  ['attributeName', 'token'],
  ['begin', 'timing'],
  ['end', 'timing'],
  ['dur', 'timing'],
  ['repeatCount', 'timing'],
  ['repeatDur', 'timing'],
  ['min', 'timing'],
  ['max', 'timing'],
  ['from', 'animated'],
  ['to', 'animated'],
  ['by', 'animated'],
]);

/** `xml:space` and `xml:lang` are kept; `xml:base` (which would re-point every relative reference) is not. */
export const XML_ATTRIBUTES: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ['space', 'token'],
  ['lang', 'token'],
]);

/** What an animation may change: drawing attributes, never a reference, a handler or the style attribute. */
export function animatable(attributeName: string): ValueKind | undefined {
  const kind = PLAIN_ATTRIBUTES.get(attributeName);
  if (attributeName === 'style' || attributeName === 'href' || attributeName === 'attributeName') return undefined;
  return kind === 'token' || kind === 'path' || kind === 'transform' || kind === 'css' ? kind : undefined;
}
