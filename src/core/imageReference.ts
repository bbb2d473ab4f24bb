/**
 * A reference to an image file in the syntax of the document it goes into: Markdown image, HTML
 * `<img>`, CSS `url()`, JSX `<img />`, else the bare relative path. Paths are relative to the document.
 */
import { altText, markdownImageLink, relativePath } from './markdownLink';

export type ReferenceSyntax = 'markdown' | 'html' | 'css' | 'jsx' | 'path';

const SYNTAX_BY_LANGUAGE: Record<string, ReferenceSyntax> = {
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  vue: 'html',
  svelte: 'html',
  astro: 'html',
  php: 'html',
  handlebars: 'html',
  css: 'css',
  scss: 'css',
  sass: 'css',
  less: 'css',
  stylus: 'css',
  javascriptreact: 'jsx',
  typescriptreact: 'jsx',
};

export function syntaxFor(languageId: string): ReferenceSyntax {
  return SYNTAX_BY_LANGUAGE[languageId] ?? 'path';
}

/**
 * An HTML attribute value that template languages read as text too: Svelte (and Astro's quoted attributes in
 * some versions) evaluate `{...}`, Angular, Vue 2 and Handlebars `{{...}}`; braces as character references stay
 * braces in the browser and are text to every one of them.
 */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
}

/** Spaces and quotes would end an attribute or url() early; everything else stays readable. */
export function encodeUrlPath(linkPath: string): string {
  return encodeURI(linkPath).replace(/'/g, '%27').replace(/"/g, '%22').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** `fromDirectory` and `file` are absolute POSIX paths (URI paths). */
export function imageReference(syntax: ReferenceSyntax, fromDirectory: string, file: string, prompt: string): string {
  const relative = relativePath(fromDirectory, file);
  const dotted = relative.startsWith('../') ? relative : `./${relative}`;
  switch (syntax) {
    case 'markdown':
      return markdownImageLink(fromDirectory, file, prompt);
    case 'html':
      return `<img src="${encodeUrlPath(relative)}" alt="${escapeAttribute(altText(prompt))}">`;
    case 'css':
      return `url("${encodeUrlPath(relative)}")`;
    case 'jsx':
      // JSX attributes take no character references for quotes; a JS string expression is exact.
      return `<img src="${encodeUrlPath(dotted)}" alt={${JSON.stringify(altText(prompt))}} />`;
    case 'path':
      return relative;
  }
}
