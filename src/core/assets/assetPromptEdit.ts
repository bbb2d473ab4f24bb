/**
 * Where an asset's `prompt` is in its manifest's text, and the text that replaces it: Write the Prompt on an asset
 * changes exactly that JSON string and nothing else of the file (comments, order and formatting stay).
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export interface TextReplacement {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** The replacement of asset `index`'s prompt by `prompt`; undefined when the manifest has no such string there. */
export function assetPromptReplacement(manifestText: string, index: number, prompt: string): TextReplacement | undefined {
  const root = parseTree(manifestText, [], { allowTrailingComma: false, disallowComments: false });
  const node = root && findNodeAtLocation(root, ['assets', index, 'prompt']);
  if (!node || node.type !== 'string') return undefined;
  return { offset: node.offset, length: node.length, text: JSON.stringify(prompt) };
}
