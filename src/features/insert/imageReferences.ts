/** Puts a reference to an image into a document, in that document's syntax, relative to it. */
import * as vscode from 'vscode';
import { imageReference, syntaxFor } from '../../core/imageReference';
import { fileName } from '../edit/editInputs';
import { showInformation } from '../../platform/notify';
import { responsiveMarkup, type ResponsiveKind } from '../../core/assets/responsiveMarkup';
import { widthVariantsOf } from './widthVariants';

/** The reference text for `file` as it would appear in `document`. */
export function referenceFor(document: vscode.TextDocument, file: vscode.Uri, prompt: string): string {
  const sameRoot = document.uri.scheme === file.scheme && document.uri.authority === file.authority && document.uri.scheme !== 'untitled';
  const base = sameRoot ? vscode.Uri.joinPath(document.uri, '..').path : vscode.Uri.joinPath(file, '..').path;
  return imageReference(syntaxFor(document.languageId), base, file.path, prompt);
}

/**
 * The text to insert: for an asset with width derivatives in an HTML, Markdown or JSX document, the user picks a
 * plain image, `<img srcset>` or `<picture>`; otherwise the plain reference. Undefined when the pick is dismissed.
 */
async function responsiveChoice(document: vscode.TextDocument, file: vscode.Uri, prompt: string): Promise<string | undefined> {
  const plain = referenceFor(document, file, prompt);
  const syntax = syntaxFor(document.languageId);
  if (syntax !== 'html' && syntax !== 'markdown' && syntax !== 'jsx') return plain;
  const found = await widthVariantsOf(file);
  if (!found) return plain;
  const base = vscode.Uri.joinPath(document.uri, '..').path;
  const markup = (kind: ResponsiveKind) =>
    responsiveMarkup(kind, syntax === 'jsx' ? 'jsx' : 'html', base, { file: file.path, format: found.format }, found.variants, prompt);
  const widths = [...new Set(found.variants.map((variant) => variant.width))].sort((a, b) => a - b).join(', ');
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Image'), description: vscode.l10n.t('one file'), text: plain },
      { label: vscode.l10n.t('Responsive <img srcset>'), description: vscode.l10n.t('widths {0}', widths), text: markup('srcset') },
      { label: vscode.l10n.t('<picture> with a source per format'), description: vscode.l10n.t('widths {0}', widths), text: markup('picture') },
    ],
    { title: vscode.l10n.t('Insert {0}', fileName(file)), placeHolder: vscode.l10n.t('This image has width derivatives: how should it go in?') },
  );
  return picked?.text;
}

export async function insertReference(editor: vscode.TextEditor | undefined, file: vscode.Uri, prompt: string): Promise<boolean> {
  if (!editor) {
    void showInformation(vscode.l10n.t('Open a file and place the cursor where {0} should go, then try again.', fileName(file)));
    return false;
  }
  const text = await responsiveChoice(editor.document, file, prompt);
  if (text === undefined) return false;
  const done = await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
  if (done) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return done;
}
