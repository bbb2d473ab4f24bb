/**
 * Dropping an image into a document inserts a relative reference in that document's syntax. It takes
 * the panel's own drag type, and image files (`text/uri-list`, e.g. from the explorer with Shift) for
 * the syntaxes VS Code has no image drop for (HTML, CSS, JSX). The alt text is the picture's recorded description
 * when it has one, else its prompt.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import { syntaxFor } from '../../core/imageReference';
import type { ResultsStore } from '../../core/results';
import { referenceFor } from './imageReferences';

/** What the panel puts on a drag; lower case because browsers lower-case data transfer types. */
export const PANEL_DRAG_MIME = 'application/vnd.code.openai-images.image';

const panelDragSchema = z.object({ uri: z.string().max(4096), prompt: z.string().max(40_000) }).strict();

const IMAGE_FILE = /\.(png|jpe?g|webp|gif|svg)$/i;

/** The alt text Describe the Image recorded for a file (no model is called during a drop). */
export type RecordedDescription = (file: vscode.Uri) => Promise<string | undefined>;

class ImageDropProvider implements vscode.DocumentDropEditProvider {
  constructor(
    private readonly store: ResultsStore,
    private readonly described: RecordedDescription,
  ) {}

  async provideDocumentDropEdits(
    document: vscode.TextDocument,
    _position: vscode.Position,
    dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ) {
    const references = (await this.fromPanel(dataTransfer)) ?? (await this.fromFiles(document, dataTransfer));
    if (!references || references.length === 0 || token.isCancellationRequested) return undefined;
    const alts = await Promise.all(references.map(async ({ file, prompt }) => (await this.described(file).catch(() => undefined)) ?? prompt));
    if (token.isCancellationRequested) return undefined;
    const text = references.map(({ file }, index) => referenceFor(document, file, alts[index]!)).join(syntaxFor(document.languageId) === 'css' ? ', ' : '\n');
    const edit = new vscode.DocumentDropEdit(
      text,
      vscode.l10n.t('Insert image reference'),
      vscode.DocumentDropOrPasteEditKind.Empty.append('openaiImages', 'reference'),
    );
    return [edit];
  }

  private async fromPanel(dataTransfer: vscode.DataTransfer) {
    const raw = await dataTransfer.get(PANEL_DRAG_MIME)?.asString();
    if (!raw) return undefined;
    try {
      const parsed = panelDragSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return undefined;
      // Only files the extension wrote: a drag is data from a webview, and webviews are untrusted.
      const known = this.store.all().some((entry) => entry.files.includes(parsed.data.uri));
      return known ? [{ file: vscode.Uri.parse(parsed.data.uri), prompt: parsed.data.prompt }] : undefined;
    } catch {
      return undefined;
    }
  }

  private async fromFiles(document: vscode.TextDocument, dataTransfer: vscode.DataTransfer) {
    if (syntaxFor(document.languageId) === 'markdown' || syntaxFor(document.languageId) === 'path') return undefined;
    const list = await dataTransfer.get('text/uri-list')?.asString();
    if (!list) return undefined;
    const files = list
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => vscode.Uri.parse(line))
      .filter((uri) => IMAGE_FILE.test(uri.path));
    return files.map((file) => ({ file, prompt: this.promptOf(file) ?? file.path.split('/').pop() ?? '' }));
  }

  private promptOf(file: vscode.Uri): string | undefined {
    return this.store.all().find((entry) => entry.files.includes(file.toString()))?.prompt;
  }
}

const LANGUAGES = [
  'markdown',
  'mdx',
  'html',
  'vue',
  'svelte',
  'php',
  'handlebars',
  'css',
  'scss',
  'sass',
  'less',
  'stylus',
  'javascriptreact',
  'typescriptreact',
  'plaintext',
];

export function registerImageDropProvider(store: ResultsStore, described: RecordedDescription): vscode.Disposable {
  return vscode.languages.registerDocumentDropEditProvider(
    LANGUAGES.map((language) => ({ language })),
    new ImageDropProvider(store, described),
    {
      dropMimeTypes: [PANEL_DRAG_MIME, 'text/uri-list'],
      providedDropEditKinds: [vscode.DocumentDropOrPasteEditKind.Empty.append('openaiImages', 'reference')],
    },
  );
}
