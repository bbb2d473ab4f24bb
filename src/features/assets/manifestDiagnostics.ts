/**
 * Problems of open `*.images.json` manifests, as diagnostics where they are, updated as the user types; a retired
 * model comes with a quick fix that puts its successor in its place.
 */
import * as vscode from 'vscode';
import { describePathProblem } from '../../core/containment';
import { checkManifestPaths, missingInputs } from '../../pipeline/assetRunner';
import type { Logger } from '../../platform/logger';
import { isManifest, parseManifestText, rootOf } from './manifestDocuments';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';

/** Path checks touch the disk, so they wait for a pause in typing. */
const PATH_CHECK_DELAY_MS = 300;

export function registerManifestDiagnostics(log: Logger): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('openaiImages.assets');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const diagnosticAt = (document: vscode.TextDocument, offset: number, length: number, message: string, severity: vscode.DiagnosticSeverity) => {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(document.positionAt(offset), document.positionAt(offset + length)), message, severity);
    diagnostic.source = 'OpenAI Images';
    return diagnostic;
  };
  const update = (document: vscode.TextDocument) => {
    if (!isManifest(document.uri)) return;
    const key = document.uri.toString();
    const { diagnostics, manifest } = parseManifestText(document.uri, document.getText());
    const parsed = diagnostics.map((problem) => {
      const diagnostic = diagnosticAt(
        document,
        problem.offset,
        problem.length,
        problem.message,
        problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      if (problem.fix) diagnostic.code = RETIRED_MODEL;
      return diagnostic;
    });
    collection.set(document.uri, parsed);
    clearTimeout(timers.get(key));
    if (!manifest) return;
    const version = document.version;
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        const files = workspaceAssetFiles(document.uri);
        Promise.all([checkManifestPaths(manifest, files, rootOf(document.uri)), missingInputs(manifest, files, rootOf(document.uri))]).then(
          ([problems, missing]) => {
            if (document.isClosed || document.version !== version) return;
            const found = problems.map((problem) =>
              diagnosticAt(
                document,
                problem.offset,
                problem.length,
                describePathProblem(problem, vscode.l10n.t, problem.asset.places.find((place) => place.offset === problem.offset)?.written),
                vscode.DiagnosticSeverity.Error,
              ),
            );
            const absent = missing.map((input) =>
              diagnosticAt(
                document,
                input.offset,
                input.length,
                vscode.l10n.t('"{0}" does not exist, and no asset of this manifest makes it.', input.written),
                vscode.DiagnosticSeverity.Warning,
              ),
            );
            collection.set(document.uri, [...parsed, ...found, ...absent]);
          },
          (error: unknown) => log.warn(`Could not check the paths of ${document.uri.path}: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, PATH_CHECK_DELAY_MS),
    );
  };
  vscode.workspace.textDocuments.forEach(update);
  return vscode.Disposable.from(
    collection,
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.images.json' }, new RetiredModelFix(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
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
