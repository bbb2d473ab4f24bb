/** Problems of open `*.images.json` manifests, as diagnostics where they are, updated as the user types. */
import * as vscode from 'vscode';
import { isManifest, parseManifestText } from './manifestDocuments';

export function registerManifestDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('openaiImages.assets');
  const update = (document: vscode.TextDocument) => {
    if (!isManifest(document.uri)) return;
    const { diagnostics } = parseManifestText(document.uri, document.getText());
    collection.set(
      document.uri,
      diagnostics.map((problem) => {
        const range = new vscode.Range(document.positionAt(problem.offset), document.positionAt(problem.offset + problem.length));
        const diagnostic = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'OpenAI Images';
        return diagnostic;
      }),
    );
  };
  vscode.workspace.textDocuments.forEach(update);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((event) => update(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
  );
}
