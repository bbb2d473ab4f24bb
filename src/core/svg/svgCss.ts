/**
 * CSS inside an SVG, re-written from an allow-list. css-tree (a maintained CSS parser that follows the CSS Syntax
 * spec's tokenizer) reads it; only declarations of allowed properties whose values are made of plain values,
 * colour and transform functions, and `url(#id)` references to the same file survive, and what is written is
 * css-tree's generation of the kept nodes, never the input text. So escapes (`@\69mport`, `u\72l(`), `@import`,
 * `image-set()`, `expression()` and every at-rule are left out, whatever their spelling.
 */
import type { CssNode, Declaration } from 'css-tree';
import generate from 'css-tree/generator';
import parse from 'css-tree/parser';
import walk from 'css-tree/walker';
import { CSS_FUNCTIONS, CSS_PROPERTIES, FRAGMENT_URL_PROPERTIES, STRING_PROPERTIES } from './svgPolicy';

/** A reference to an element of the same file; nothing else may follow `url(`. */
export const FRAGMENT = /^#[A-Za-z_][\w.-]*$/;

/** More CSS than any drawing needs is left out whole rather than parsed. */
const MAX_CSS_CHARS = 256 * 1024;

export interface CleanCss {
  readonly css: string;
  /** What was left out, for the log. */
  readonly removed: readonly string[];
}

/** Whether every node of a declaration's value is allowed for `property`. */
function valueAllowed(property: string, value: CssNode): boolean {
  let allowed = true;
  walk(value, (node) => {
    switch (node.type) {
      case 'Value':
      case 'Number':
      case 'Percentage':
      case 'Hash':
      case 'Operator':
        return;
      case 'Identifier':
        if (node.name.includes('\\')) allowed = false;
        return;
      case 'Dimension':
        if (node.unit.includes('\\')) allowed = false;
        return;
      case 'String':
        if (!STRING_PROPERTIES.has(property)) allowed = false;
        return;
      case 'Function':
        if (!CSS_FUNCTIONS.has(node.name.toLowerCase())) allowed = false;
        return;
      case 'Url':
        if (!FRAGMENT_URL_PROPERTIES.has(property) || !FRAGMENT.test(node.value)) allowed = false;
        return;
      default:
        allowed = false;
    }
  });
  return allowed;
}

/** The declaration as css-tree writes it, or undefined when it is not allowed. */
function cleanDeclaration(declaration: Declaration): string | undefined {
  const property = declaration.property.toLowerCase();
  if (!CSS_PROPERTIES.has(property) || declaration.value.type !== 'Value' || !valueAllowed(property, declaration.value)) return undefined;
  return generate(declaration);
}

function quiet(): void {
  // css-tree recovers from a parse error with a Raw node, which the allow-list then leaves out.
}

/** A CSS value for `property` (a presentation attribute), re-written; undefined when it is not allowed. */
export function cleanCssValue(property: string, text: string): string | undefined {
  if (text.length > MAX_CSS_CHARS || !CSS_PROPERTIES.has(property)) return undefined;
  const value = parse(text, { context: 'value', onParseError: quiet });
  return valueAllowed(property, value) ? generate(value) : undefined;
}

function cleanList(block: CssNode, removed: string[]): string[] {
  const kept: string[] = [];
  walk(block, {
    visit: 'Declaration',
    enter: (declaration) => {
      const clean = cleanDeclaration(declaration);
      if (clean === undefined) removed.push(`the CSS declaration ${declaration.property.slice(0, 40)}`);
      else kept.push(clean);
    },
  });
  return kept;
}

/** A `style` attribute's declarations, re-written. */
export function cleanDeclarations(text: string): CleanCss {
  if (text.length > MAX_CSS_CHARS) return { css: '', removed: ['an over-long style attribute'] };
  const removed: string[] = [];
  const kept = cleanList(parse(text, { context: 'declarationList', onParseError: quiet }), removed);
  return { css: kept.join(';'), removed };
}

/** A `<style>` element's style sheet: its rules with their allowed declarations; no at-rule. */
export function cleanStylesheet(text: string): CleanCss {
  if (text.length > MAX_CSS_CHARS) return { css: '', removed: ['an over-long style sheet'] };
  const removed: string[] = [];
  const rules: string[] = [];
  const sheet = parse(text, { context: 'stylesheet', onParseError: quiet });
  if (sheet.type !== 'StyleSheet') return { css: '', removed: ['a style sheet that does not parse'] };
  sheet.children.forEach((node) => {
    if (node.type !== 'Rule') {
      removed.push(node.type === 'Atrule' ? `the at-rule @${node.name.slice(0, 40)}` : 'unparsed CSS');
      return;
    }
    const selector = node.prelude.type === 'SelectorList' ? generate(node.prelude) : undefined;
    if (selector === undefined || selector.includes('\\')) {
      removed.push('a CSS rule with an unreadable selector');
      return;
    }
    const declarations = cleanList(node.block, removed);
    if (declarations.length > 0) rules.push(`${selector}{${declarations.join(';')}}`);
  });
  return { css: rules.join('\n'), removed };
}
