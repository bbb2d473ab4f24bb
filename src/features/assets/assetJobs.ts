/**
 * "Generate Assets" and the CodeLens "Generate" in VS Code: plan in the panel, then a cancellable run
 * with "4/12" progress, hand-edited files only overwritten after asking, each asset in the history, and
 * a summary at the end. The work itself is the shared core (pipeline/assetRunner).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeAssetFailure } from '../../core/assets/assetFailure';
import { askToOverwrite, askToOverwriteDerived, reasonOf } from './overwritePrompt';
import { offerChoice } from './candidateChoices';
import { DERIVATIVE_STALE } from '../../core/assets/derivativePlan';
import { describeDerivativeStatus, describeStyleChanges } from '../../core/assets/planMessages';
import { englishTranslate } from '../../core/translate';
import { connectionFor } from '../../api/imagesClient';
import { assetEstimate, type PlanItem } from '../../core/assets/assetPlan';
import { editInputs, type ResolvedAsset } from '../../core/assets/manifestParse';
import { formatUsd } from '../../core/pricing';
import type { ResultsStore } from '../../core/results';
import type { ImagesPanel } from '../panel/imagesPanel';
import type { PlanView } from '../panel/panelMessages';
import { runAssets, type AssetRunSummary } from '../../pipeline/assetRunner';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import { withAbortSignal } from '../../platform/cancellation';
import { loadFailureMessage, loadManifest, type LoadedManifest } from './manifestDocuments';
import type { Logger } from '../../platform/logger';
import type { SettingsReader } from '../../platform/settingsReader';
import type { SpendStatusBar } from '../spend/spendStatusBar';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { Recovery } from '../../pipeline/recovery';
import { showError, showInformation, showWarning, withNotificationProgress } from '../../platform/notify';
import type { ImageDescriptions } from '../writer/imageDescriptions';
import { describeAssets } from './assetAltTexts';

export interface AssetJobDeps {
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly panel: ImagesPanel;
  readonly store: ResultsStore;
  readonly spend: SpendStatusBar;
  readonly log: Logger;
  readonly recipes: WorkspaceRecipes;
  readonly recovery: Recovery;
  readonly descriptions: ImageDescriptions;
}

function costOf(items: readonly PlanItem[]): string {
  const usd = items.reduce((sum, item) => sum + item.estimateUsd, 0);
  const known = items.some((item) => item.approximate) ? vscode.l10n.t('up to {0}', formatUsd(usd)) : formatUsd(usd);
  if (!items.some((item) => item.unknownCost)) return known;
  return usd > 0 ? vscode.l10n.t('{0} plus an unknown cost', known) : vscode.l10n.t('cost unknown');
}

/** The reason (what of its style changed), candidates, and for an edit the files it uploads: the plan says what leaves the machine before Run. */
function withUploads(item: PlanItem, loaded: LoadedManifest): string {
  const why = item.styleChanges ? describeStyleChanges(item.styleChanges, vscode.l10n.t) : reasonOf(item.status);
  const count = item.asset.candidates?.count;
  const reason = count ? vscode.l10n.t('{0}; {1} candidates to choose from', why, count) : why;
  const inputs = editInputs(item.asset);
  if (inputs.length === 0 || item.status === 'input-missing') return reason;
  const names = inputs.map((input) => path.posix.relative(path.posix.dirname(loaded.uri.path), input)).join(', ');
  return vscode.l10n.t('{0}; uploads {1}', reason, names);
}

/** The asset and every stale asset it edits, in dependency order. */
function withStaleInputs(loaded: LoadedManifest, index: number): PlanItem[] {
  const wanted = new Set<number>();
  const visit = (at: number) => {
    if (wanted.has(at)) return;
    wanted.add(at);
    for (const dep of loaded.manifest.assets[at]!.dependsOn) {
      const status = loaded.plan.items[dep]!.status;
      if (status !== 'up-to-date') visit(dep);
    }
  };
  visit(index);
  return loaded.manifest.order.filter((at) => wanted.has(at)).map((at) => loaded.plan.items[at]!);
}

/** The item drafted as `count` candidates at the asset's draft model and quality (CodeLens "Generate 4 Candidates"). */
function withCandidates(item: PlanItem, count: number): PlanItem {
  const asset = { ...item.asset, candidates: { count, ...item.asset.draft } };
  const estimate = assetEstimate(asset);
  return { ...item, asset, estimateUsd: estimate.usd, approximate: estimate.approximate, ...(estimate.unknown ? { unknownCost: true } : {}) };
}

export class AssetJobs {
  constructor(private readonly deps: AssetJobDeps) {}

  /** Plans every stale asset (and derivative) of a manifest, shows the plan in the panel, and runs it on Run. */
  async generateAll(uri: vscode.Uri): Promise<AssetRunSummary | undefined> {
    const loaded = await this.load(uri);
    if (!loaded) return undefined;
    const { plan } = loaded;
    const name = path.posix.basename(uri.path);
    const blocked = plan.items.filter((item) => item.status === 'input-missing');
    const staleDerived = plan.derived.filter((item) => DERIVATIVE_STALE.has(item.status));
    if (plan.toGenerate.length === 0 && staleDerived.length === 0) {
      const message =
        blocked.length === 0
          ? vscode.l10n.t('All {0} assets of {1} are up to date.', plan.items.length, name)
          : vscode.l10n.t('Nothing can be made: {0} assets of {1} miss an input file.', blocked.length, name);
      void showInformation(message);
      await describeAssets(this.deps, uri);
      return undefined;
    }
    const view: PlanView = {
      id: randomUUID(),
      title: vscode.l10n.t('{0}: {1} of {2} assets to make', name, plan.toGenerate.length, plan.items.length),
      items: [
        ...[...plan.toGenerate, ...blocked].map((item) => ({
          out: item.asset.key,
          reason: withUploads(item, loaded),
          cost: item.status === 'input-missing' ? '' : item.unknownCost ? vscode.l10n.t('cost unknown') : formatUsd(item.estimateUsd),
        })),
        ...staleDerived.map((item) => ({
          out: item.derivative.key,
          reason: vscode.l10n.t('derivative of {0}: {1}', item.asset.key, describeDerivativeStatus(item.status, vscode.l10n.t)),
          cost: vscode.l10n.t('no API call'),
        })),
      ],
      total: vscode.l10n.t('Estimated total: {0}', costOf(plan.toGenerate)),
      state: 'waiting',
    };
    if (!(await this.deps.panel.askToRunPlan(view))) return undefined;
    return this.run(loaded, plan.toGenerate, view);
  }

  /** One asset (from its CodeLens), with any stale input it needs made first; `candidates`: drafted as that many. */
  async generateOne(uri: vscode.Uri, index: number, candidates?: number): Promise<AssetRunSummary | undefined> {
    const loaded = await this.load(uri);
    const found = loaded?.plan.items[index];
    if (!loaded || !found) return undefined;
    if (found.status === 'input-missing') {
      void showError(vscode.l10n.t('{0} cannot be made: {1} does not exist.', found.asset.key, found.detail ? path.posix.basename(found.detail) : '?'));
      return undefined;
    }
    const item = candidates === undefined ? found : withCandidates(found, candidates);
    const items = withStaleInputs(loaded, index).map((next) => (next.asset.index === index ? item : next));
    const settings = this.deps.settings.read(uri);
    const usd = items.reduce((sum, next) => sum + next.estimateUsd, 0);
    if (usd > settings.confirmAboveUsd) {
      const send = vscode.l10n.t('Send');
      const choice = await showWarning(vscode.l10n.t('Making {0} may cost {1}.', item.asset.key, costOf(items)), { modal: true }, send);
      if (choice !== send) return undefined;
    }
    return this.run(loaded, items, undefined);
  }

  private async load(uri: vscode.Uri): Promise<LoadedManifest | undefined> {
    const result = await loadManifest(uri);
    if (result.ok) return result.loaded;
    const message = loadFailureMessage(uri, result);
    if (result.lockError) {
      void showError(message);
      return undefined;
    }
    const show = vscode.l10n.t('Show Problems');
    const choice = await showError(message, show);
    if (choice === show) {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    return undefined;
  }

  private async run(loaded: LoadedManifest, items: readonly PlanItem[], view: PlanView | undefined): Promise<AssetRunSummary | undefined> {
    // Derivatives alone are made locally: no key is asked for when nothing is sent.
    const apiKey = items.length > 0 ? await this.deps.keys.getOrAsk() : '';
    if (apiKey === undefined) {
      void showWarning(vscode.l10n.t('No API key was entered, so nothing was sent.'));
      if (view) this.deps.panel.updatePlan(undefined);
      return undefined;
    }
    const settings = this.deps.settings.read(loaded.uri);
    const connection = connectionFor(settings, apiKey);
    const files = workspaceAssetFiles(loaded.uri);
    const plan = { ...loaded.plan, toGenerate: items, estimateUsd: items.reduce((sum, item) => sum + item.estimateUsd, 0) };
    const total = items.length;
    const running = (status: string): void => {
      if (view) this.deps.panel.updatePlan({ ...view, state: 'running', status });
    };
    running(vscode.l10n.t('{0}/{1}', 0, total));

    const summary = await withNotificationProgress(vscode.l10n.t('Generating assets of {0}', path.posix.basename(loaded.uri.path)), (progress, token) =>
      withAbortSignal(token, (signal) =>
        runAssets({
          manifest: loaded.manifest,
          plan,
          lock: loaded.lock,
          lockPath: loaded.lockUri.path,
          root: loaded.root,
          connection,
          files,
          concurrency: settings.assetConcurrency,
          signal,
          log: this.deps.log,
          confirmOverwrite: askToOverwrite,
          confirmDerivedOverwrite: askToOverwriteDerived,
          partial: view === undefined,
          recipes: this.deps.recipes.registries,
          credentials: settings.contentCredentials,
          recovery: this.deps.recovery,
          onProgress: ({ done, asset, ok, drafted, costUsd }) => {
            progress.report({ message: vscode.l10n.t('{0}/{1}: {2}', done, total, asset.key), increment: 100 / total });
            running(vscode.l10n.t('{0}/{1}', done, total));
            if (ok && !drafted) this.record(loaded, asset, costUsd);
          },
        }),
      ),
    );
    if (summary.costUsd > 0) await this.deps.spend.add(summary.costUsd);
    this.report(summary, view);
    await describeAssets(this.deps, loaded.uri);
    for (const drafts of summary.drafted)
      this.deps.log.inBackground(
        'Offering candidates',
        offerChoice(this.deps, loaded, drafts, (asset) => this.record(loaded, asset)),
      );
    return summary;
  }

  /** Each made asset joins the history, so the panel shows it like any other image. */
  record(loaded: LoadedManifest, asset: ResolvedAsset, costUsd?: number): void {
    const file = loaded.uri.with({ path: asset.outPath });
    this.deps.store.put({
      id: randomUUID(),
      status: 'done',
      kind: asset.edit ? 'edit' : 'generate',
      prompt: asset.prompt,
      model: asset.settings.model,
      size: asset.settings.size,
      quality: asset.settings.quality,
      format: asset.format,
      startedAt: Date.now(),
      files: [file.toString()],
      sources: (asset.edit?.images ?? []).map((image) => loaded.uri.with({ path: image }).toString()),
      origin: loaded.uri.toString(),
      ...(costUsd !== undefined ? { costUsd } : {}),
    });
  }

  private report(summary: AssetRunSummary, view: PlanView | undefined): void {
    const { derived } = summary;
    const parts = [
      vscode.l10n.t(
        'Generated {0}, unchanged {1}, failed {2}, skipped {3}, cancelled {4}: {5} in {6} s.',
        summary.generated.length,
        summary.unchanged,
        summary.failed.length,
        summary.skipped.length,
        summary.cancelled.length,
        formatUsd(summary.costUsd),
        (summary.durationMs / 1000).toFixed(1),
      ),
      summary.drafted.length > 0 ? vscode.l10n.t('{0} asset(s) drafted as candidates: choose in the panel.', summary.drafted.length) : '',
      derived.made.length + derived.failed.length + derived.skipped.length > 0
        ? vscode.l10n.t('Derivatives: made {0}, failed {1}, skipped {2}.', derived.made.length, derived.failed.length, derived.skipped.length)
        : '',
    ];
    // A run that only drafted candidates says just that: nothing was generated, and the choice is in the panel.
    const onlyDrafted =
      summary.generated.length + summary.failed.length + summary.skipped.length + summary.cancelled.length === 0 && summary.drafted.length > 0;
    const text = (onlyDrafted ? parts.slice(1) : parts).filter((part) => part !== '').join(' ');
    const failures = [
      ...summary.failed.map((failure) => ({ out: failure.asset.key, reason: describeAssetFailure(failure.reason, vscode.l10n.t) })),
      ...derived.failed.map((failure) => ({ out: failure.item.derivative.key, reason: describeAssetFailure(failure.reason, vscode.l10n.t) })),
    ];
    this.deps.log.info(`Assets: ${text}`);
    for (const failure of summary.failed) this.deps.log.warn(`Asset ${failure.asset.key} failed: ${describeAssetFailure(failure.reason, englishTranslate)}`);
    if (view) {
      this.deps.panel.updatePlan({
        ...view,
        state: 'done',
        status: text,
        failures,
      });
    }
    if (failures.length > 0) {
      const showLog = vscode.l10n.t('Show Log');
      void showError(text, showLog).then((choice) => choice === showLog && this.deps.log.show());
    } else {
      void showInformation(text);
    }
  }
}
