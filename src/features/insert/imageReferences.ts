/** Puts a reference to an image into a document, in that document's syntax, relative to it. */
import * as vscode from 'vscode';
import { imageReference, syntaxFor } from '../../core/imageReference';
import { fileName } from '../edit/editInputs';
import { showInformation } from '../../platform/notify';

/** The reference text for `file` as it would appear in `document`. */
export function referenceFor(document: vscode.TextDocument, file: vscode.Uri, prompt: string): string {
  const sameRoot = document.uri.scheme === file.scheme && document.uri.authority === file.authority && document.uri.scheme !== 'untitled';
  const base = sameRoot ? vscode.Uri.joinPath(document.uri, '..').path : vscode.Uri.joinPath(file, '..').path;
  return imageReference(syntaxFor(document.languageId), base, file.path, prompt);
}

export async function insertReference(editor: vscode.TextEditor | undefined, file: vscode.Uri, prompt: string): Promise<boolean> {
  if (!editor) {
    void showInformation(vscode.l10n.t('Open a file and place the cursor where {0} should go, then try again.', fileName(file)));
    return false;
  }
  const text = referenceFor(editor.document, file, prompt);
  const done = await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
  if (done) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return done;
}
