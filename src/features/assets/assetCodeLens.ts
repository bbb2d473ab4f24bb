/**
 * Above each asset of a manifest: what state it is in and what can be done: Generate (stale) or
 * Regenerate (up to date), Open, Preview. Refreshed when images or lock files change on disk.
 */
import * as vscode from 'vscode';
import type { AssetStatus } from '../../core/assets/assetPlan';
import { CommandIds } from '../../core/commandIds';
import { loadManifest } from './manifestDocuments';
import { CODELENS_CANDIDATES } from './generateAssetCandidates';

function statusLabel(status: AssetStatus): string {
  switch (status) {
    case 'up-to-date':
      return vscode.l10n.t('up to date');
    case 'missing':
      return vscode.l10n.t('missing');
    case 'recipe-changed':
      return vscode.l10n.t('recipe changed');
    case 'input-stale':
      return vscode.l10n.t('an input changes first');
    case 'modified':
      return vscode.l10n.t('changed on disk');
    case 'untracked':
      return vscode.l10n.t('not made from this manifest');
    case 'input-missing':
      return vscode.l10n.t('an input is missing');
  }
}

class AssetCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changes.event;

  refresh(): void {
    this.changes.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const result = await loadManifest(document.uri);
    if (!result.ok) return [];
    const { plan } = result.loaded;
    return plan.items.flatMap((item) => {
      const position = document.positionAt(item.asset.offset);
      const range = new vscode.Range(position, position);
      const out = document.uri.with({ path: item.asset.outPath });
      const stale = item.status !== 'up-to-date';
      const generate = {
        title: item.asset.candidates
          ? vscode.l10n.t('$(layout) Generate {0} Candidates ({1})', item.asset.candidates.count, statusLabel(item.status))
          : stale
            ? vscode.l10n.t('$(sparkle) Generate ({0})', statusLabel(item.status))
            : vscode.l10n.t('$(refresh) Regenerate ({0})', statusLabel(item.status)),
        command: CommandIds.generateAsset,
        arguments: [document.uri, item.asset.index],
      };
      const lenses = [new vscode.CodeLens(range, generate)];
      // An asset that names its own candidates drafts them on Generate; the others can be drafted as a shortlist.
      if (item.asset.candidates === undefined && item.status !== 'input-missing') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('$(layout) Generate {0} Candidates', CODELENS_CANDIDATES),
            command: CommandIds.generateAssetCandidates,
            arguments: [document.uri, item.asset.index, CODELENS_CANDIDATES],
          }),
        );
      }
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(wand) Write the Prompt'),
          tooltip: vscode.l10n.t('A language model proposes a prompt for this asset; Enter puts it into the manifest and makes the asset.'),
          command: CommandIds.writeAssetPrompt,
          arguments: [document.uri, item.asset.index],
        }),
      );
      if (item.fileHash !== undefined) {
        lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [out] }));
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Preview'),
            command: 'vscode.open',
            arguments: [out, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true }],
          }),
        );
      }
      return lenses;
    });
  }
}

export function registerAssetCodeLens(): vscode.Disposable {
  const provider = new AssetCodeLensProvider();
  // Images and lock files only: each refresh hashes the manifest's files, so no refresh for other edits.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{png,jpg,jpeg,webp,gif,svg,images.lock.json}');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 300);
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.images.json' }, provider),
    watcher,
    watcher.onDidCreate(refresh),
    watcher.onDidChange(refresh),
    watcher.onDidDelete(refresh),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
