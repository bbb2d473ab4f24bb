/**
 * Problems of open `*.images.json` manifests, as diagnostics where they are, updated as the user types; a retired
 * model comes with a quick fix that puts its successor in its place.
 */
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
        if (problem.fix) diagnostic.code = RETIRED_MODEL;
        return diagnostic;
      }),
    );
  };
  vscode.workspace.textDocuments.forEach(update);
  return vscode.Disposable.from(
    collection,
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.images.json' }, new RetiredModelFix(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((event) => update(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
  );
}

const RETIRED_MODEL = 'retired-model';

/** Diagnostics come back to the provider as copies, so the fix is found again by its place in a fresh parse. */
class RetiredModelFix implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const relevant = context.diagnostics.filter((diagnostic) => diagnostic.code === RETIRED_MODEL);
    if (relevant.length === 0) return [];
    const found = parseManifestText(document.uri, document.getText()).diagnostics.filter((problem) => problem.fix);
    return relevant.flatMap((diagnostic) => {
      const offset = document.offsetAt(diagnostic.range.start);
      const successor = found.find((problem) => problem.offset === offset)?.fix?.replacement;
      if (!successor) return [];
      const action = new vscode.CodeAction(vscode.l10n.t('Use {0}', successor), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      // The range covers the JSON string with its quotes.
      action.edit.replace(document.uri, diagnostic.range, JSON.stringify(successor));
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return [action];
    });
  }
}
