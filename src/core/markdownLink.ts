/** Relative Markdown image links that survive spaces, parentheses and non-ASCII names. */
import * as path from 'node:path';

/** A POSIX path from `fromDirectory` to `file`, both absolute POSIX paths (URI paths). */
export function relativePath(fromDirectory: string, file: string): string {
  const relative = path.posix.relative(fromDirectory, file);
  return relative === '' ? path.posix.basename(file) : relative;
}

function encodeLinkPath(linkPath: string): string {
  // encodeURI keeps `/` and non-reserved characters; parentheses would end the link early.
  return encodeURI(linkPath).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

export function altText(prompt: string): string {
  const oneLine = prompt
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[[\]\\]/g, '');
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

/** Backslash escapes (CommonMark's, shown as the character) for what MDX would read as an expression or JSX. */
function markdownAlt(prompt: string): string {
  return altText(prompt).replace(/[{}<>]/g, (c) => `\\${c}`);
}

export function markdownImageLink(fromDirectory: string, file: string, prompt: string): string {
  return `![${markdownAlt(prompt)}](${encodeLinkPath(relativePath(fromDirectory, file))})`;
}
