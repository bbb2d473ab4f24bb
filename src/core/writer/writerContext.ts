import { z } from 'zod';

/**
 * What a language model is shown when it writes a prompt: the selection, the section of the document around it, the
 * document's language and the workspace's style kits, each bounded here so a long file or a large manifest never
 * goes out whole, and nothing in it names a path outside the workspace.
 */

/** The bounds of what goes to the model, in characters (and kits). */
export const WRITER_CONTEXT_LIMITS = {
  selection: 2_000,
  section: 6_000,
  styles: 8,
  styleWords: 400,
  documentName: 200,
} as const;

export interface WriterStyle {
  readonly name: string;
  /** The kit's brief, palette and what it avoids, as one line. */
  readonly words: string;
}

/** Where the words come from: a document (the default), an image conversation's next turn, a manifest asset. */
export type PromptSource = 'document' | 'conversation' | 'manifest';

/** What the model saw, as sent (already bounded); the recipe records it too. */
export interface PromptContext {
  readonly source?: PromptSource;
  readonly selection: string;
  /** The lines around the selection, 1-based and inclusive; absent for an empty document. */
  readonly section?: { readonly text: string; readonly startLine: number; readonly endLine: number };
  /** VS Code's language id of the document (markdown, typescriptreact, ...). */
  readonly languageId: string;
  /** The document's path relative to its workspace folder; absent outside every workspace folder. */
  readonly documentName?: string;
  readonly styles: readonly WriterStyle[];
}

function bounded(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

const HEADING = /^(#{1,6})\s/;

/**
 * The 0-based line range of the section around `first..last`: in Markdown, from the nearest heading above to the
 * line before the next heading of the same or a higher level; elsewhere, the paragraph-sized window around it.
 */
function sectionRange(lines: readonly string[], first: number, last: number, languageId: string): [number, number] {
  if (languageId === 'markdown' || languageId === 'mdx') {
    let start = first;
    while (start > 0 && !HEADING.test(lines[start] ?? '')) start -= 1;
    const level = HEADING.exec(lines[start] ?? '')?.[1]?.length ?? 7;
    let end = last;
    while (end + 1 < lines.length) {
      const next = HEADING.exec(lines[end + 1] ?? '')?.[1]?.length;
      if (next !== undefined && next <= level) break;
      end += 1;
    }
    return [start, end];
  }
  return [Math.max(0, first - 40), Math.min(lines.length - 1, last + 40)];
}

/**
 * The section around the selected lines (0-based, inclusive), cut to the bound by dropping lines far from the
 * selection first, so what is nearest the selection is what the model keeps.
 */
export function sectionAround(
  lines: readonly string[],
  first: number,
  last: number,
  languageId: string,
  limit: number = WRITER_CONTEXT_LIMITS.section,
): PromptContext['section'] {
  if (lines.length === 0) return undefined;
  const top = Math.max(0, Math.min(first, lines.length - 1));
  const bottom = Math.max(top, Math.min(last, lines.length - 1));
  let [start, end] = sectionRange(lines, top, bottom, languageId);
  const size = () => lines.slice(start, end + 1).join('\n').length;
  while (size() > limit && (start < top || end > bottom)) {
    if (top - start >= end - bottom && start < top) start += 1;
    else if (end > bottom) end -= 1;
    else start += 1;
  }
  return { text: bounded(lines.slice(start, end + 1).join('\n'), limit), startLine: start + 1, endLine: end + 1 };
}

/** A context within every bound, whatever the caller gathered. */
export function boundedContext(context: PromptContext): PromptContext {
  const section = context.section && { ...context.section, text: bounded(context.section.text, WRITER_CONTEXT_LIMITS.section) };
  const documentName = context.documentName && !context.documentName.startsWith('/') && !context.documentName.includes('..') ? context.documentName : undefined;
  return {
    ...(context.source && context.source !== 'document' ? { source: context.source } : {}),
    selection: bounded(context.selection.trim(), WRITER_CONTEXT_LIMITS.selection),
    ...(section ? { section } : {}),
    languageId: bounded(context.languageId, 60),
    ...(documentName ? { documentName: bounded(documentName, WRITER_CONTEXT_LIMITS.documentName) } : {}),
    styles: context.styles
      .slice(0, WRITER_CONTEXT_LIMITS.styles)
      .map((style) => ({ name: bounded(style.name, 80), words: bounded(style.words, WRITER_CONTEXT_LIMITS.styleWords) })),
  };
}

/** What the recipe of an image made from a written prompt records: who proposed what, having seen what. */
export const writtenPromptSchema = z.object({
  by: z.string().max(200),
  proposal: z.string().max(4_000),
  saw: z.object({
    source: z.enum(['document', 'conversation', 'manifest']).optional(),
    selection: z.string().max(WRITER_CONTEXT_LIMITS.selection),
    section: z.object({ text: z.string().max(WRITER_CONTEXT_LIMITS.section), startLine: z.number().int().min(1), endLine: z.number().int().min(1) }).optional(),
    languageId: z.string().max(60),
    documentName: z.string().max(WRITER_CONTEXT_LIMITS.documentName).optional(),
    styles: z.array(z.object({ name: z.string().max(80), words: z.string().max(WRITER_CONTEXT_LIMITS.styleWords) })).max(WRITER_CONTEXT_LIMITS.styles),
  }),
});

export type WrittenPrompt = z.infer<typeof writtenPromptSchema>;
