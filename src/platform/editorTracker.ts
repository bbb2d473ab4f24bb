/**
 * Remembers the text editor the user last worked in. When the panel has the focus VS Code reports no
 * active text editor, yet "Insert at Cursor" means the editor the user just left.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';

export class EditorTracker extends Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor() {
    super();
    this.register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.last = editor;
      }),
    );
  }

  /** The active text editor, else the last one if it is still visible. */
  target(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.last;
    return last && vscode.window.visibleTextEditors.some((editor) => editor.document === last.document) ? last : undefined;
  }
}
