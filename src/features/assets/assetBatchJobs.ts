/**
 * "Submit Assets as Batch Job" and "Collect Batch Results" in VS Code, and the reminder when a workspace
 * opens with a batch still pending. The work is the shared pipeline (pipeline/assetBatchRunner).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeAssetFailure } from '../../core/assets/assetFailure';
import { englishTranslate } from '../../core/translate';
import { connectionFor } from '../../api/imagesClient';
import { PROVIDER_CAPABILITIES } from '../../core/providers';
import { parseLockFile } from '../../core/assets/assetLock';
import { BATCH_DISCOUNT, formatUsd } from '../../core/pricing';
import { readContained, TEXT_FILE_LIMIT } from '../../pipeline/containedFiles';
import { collectAssetBatch, submitAssetBatch, type BatchContext } from '../../pipeline/assetBatchRunner';
import { CommandIds } from '../../core/commandIds';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import { failureMessage } from '../requests/failurePresenter';
import type { Logger } from '../../platform/logger';
import { loadFailureMessage, loadManifest, rootOf, type LoadedManifest } from './manifestDocuments';
import type { SettingsReader } from '../../platform/settingsReader';
import type { SpendStatusBar } from '../spend/spendStatusBar';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { Recovery } from '../../pipeline/recovery';
import { showError, showInformation, showWarning, withNotificationProgress } from '../../platform/notify';

export interface AssetBatchDeps {
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly spend: SpendStatusBar;
  readonly log: Logger;
  readonly recipes: WorkspaceRecipes;
  readonly recovery: Recovery;
}

const EXCLUDED_REASONS = {
  edit: () => vscode.l10n.t('an edit (run Generate Assets for it)'),
  'needs-confirmation': () => vscode.l10n.t('changed by hand (run Generate Assets to be asked)'),
  invalid: () => vscode.l10n.t('settings the API refuses'),
  'no-batch': () => vscode.l10n.t('its model is not offered through the Batch API'),
} as const;

export class AssetBatchJobs {
  constructor(private readonly deps: AssetBatchDeps) {}

  async submit(uri: vscode.Uri): Promise<void> {
    if (!PROVIDER_CAPABILITIES[this.deps.settings.read(uri).provider].imageBatches) {
      void showWarning(
        vscode.l10n.t(
          'Batch jobs are not offered with Azure OpenAI: Azure runs batches on global batch deployments of their own. Generate Assets makes them directly.',
        ),
      );
      return;
    }
    const loaded = await this.load(uri);
    if (!loaded) return;
    const name = path.posix.basename(uri.path);
    if (loaded.lock.batch) {
      const collect = vscode.l10n.t('Collect Batch Results');
      const choice = await showWarning(vscode.l10n.t('A batch job for {0} is already pending ({1}). Collect it first.', name, loaded.lock.batch.id), collect);
      if (choice === collect) await this.collect(uri);
      return;
    }
    const batchable = loaded.plan.toGenerate.filter((item) => !item.asset.edit && item.status !== 'modified' && item.status !== 'untracked');
    if (batchable.length === 0) {
      void showInformation(vscode.l10n.t('Nothing in {0} can go in a batch: it is up to date, or what is stale are edits or files changed by hand.', name));
      return;
    }
    const full = batchable.reduce((sum, item) => sum + item.estimateUsd, 0);
    const excluded = loaded.plan.toGenerate.length - batchable.length;
    const submit = vscode.l10n.t('Submit');
    const choice = await showInformation(
      vscode.l10n.t(
        'Submit {0} assets of {1} as a batch job? Estimated {2} (instead of {3}); results within 24 hours.',
        batchable.length,
        name,
        formatUsd(full * BATCH_DISCOUNT),
        formatUsd(full),
      ),
      {
        modal: true,
        detail:
          excluded > 0
            ? vscode.l10n.t('{0} stale assets stay out of the batch (edits, or files changed by hand); Generate Assets makes them.', excluded)
            : undefined,
      },
      submit,
    );
    if (choice !== submit) return;
    const context = await this.context(loaded);
    if (!context) return;
    const outcome = await withNotificationProgress(
      vscode.l10n.t('Submitting a batch job for {0}...', name),
      () => submitAssetBatch(context, loaded.plan, name),
      { cancellable: false },
    );
    if (outcome.ok) {
      for (const { item, reason } of outcome.request.excluded)
        this.deps.log.info(`not in batch ${outcome.batchId}: ${item.asset.key} (${EXCLUDED_REASONS[reason]()})`);
      void showInformation(
        vscode.l10n.t(
          'Batch {0} submitted with {1} assets. Run "Collect Batch Results" when it is done (within 24 hours).',
          outcome.batchId,
          outcome.request.submitted.length,
        ),
      );
    } else if (outcome.reason === 'failed') {
      void showError(vscode.l10n.t('The batch job could not be submitted: {0}', failureMessage(outcome.failure)));
    }
  }

  async collect(clicked: vscode.Uri | undefined): Promise<void> {
    const uri = clicked ?? (await this.pickPending());
    if (!uri) return;
    const loaded = await this.load(uri);
    if (!loaded) return;
    const name = path.posix.basename(uri.path);
    if (!loaded.lock.batch) {
      void showInformation(vscode.l10n.t('No batch job is pending for {0}.', name));
      return;
    }
    const context = await this.context(loaded);
    if (!context) return;
    const outcome = await withNotificationProgress(vscode.l10n.t('Collecting batch results for {0}...', name), () => collectAssetBatch(context), {
      cancellable: false,
    });
    switch (outcome.state) {
      case 'none':
        return;
      case 'pending': {
        const counts = outcome.batch.request_counts;
        void showInformation(
          vscode.l10n.t(
            'Batch {0} is {1}: {2} of {3} done. Try again later.',
            outcome.batch.id,
            outcome.batch.status,
            counts ? counts.completed + counts.failed : 0,
            counts?.total ?? '?',
          ),
        );
        return;
      }
      case 'failed':
        void showError(vscode.l10n.t('Could not collect the batch: {0}', failureMessage(outcome.failure)));
        return;
      case 'collected': {
        if (outcome.costUsd > 0) await this.deps.spend.add(outcome.costUsd);
        for (const failure of outcome.failed)
          this.deps.log.warn(`batch ${outcome.batch.id}: ${failure.key} failed: ${describeAssetFailure(failure.reason, englishTranslate)}`);
        for (const key of outcome.skipped) this.deps.log.warn(`batch ${outcome.batch.id}: ${key} changed on disk since it was submitted; left as it is`);
        const text = vscode.l10n.t(
          'Batch {0} {1}: wrote {2}, failed {3}, skipped {4}; {5}.',
          outcome.batch.id,
          outcome.batch.status,
          outcome.written.length,
          outcome.failed.length,
          outcome.skipped.length,
          formatUsd(outcome.costUsd),
        );
        if (outcome.failed.length + outcome.skipped.length === 0) {
          void showInformation(text);
          return;
        }
        const showLog = vscode.l10n.t('Show Log');
        const details = outcome.failed.map((failure) => `${failure.key}: ${describeAssetFailure(failure.reason, vscode.l10n.t)}`).join('\n');
        const choice = await showWarning(text, { detail: details }, showLog);
        if (choice === showLog) this.deps.log.show();
      }
    }
  }

  /** When a workspace opens with a batch pending, offer to collect it. */
  async remindPending(): Promise<void> {
    const pending = await this.pendingManifests();
    const first = pending[0];
    if (!first) return;
    const collect = vscode.l10n.t('Collect Batch Results');
    const choice = await showInformation(
      vscode.l10n.t('A batch job for {0} is pending. Collect its results?', vscode.workspace.asRelativePath(first)),
      collect,
    );
    if (choice === collect) await vscode.commands.executeCommand(CommandIds.collectBatchResults, first);
  }

  private async pendingManifests(): Promise<vscode.Uri[]> {
    const locks = await vscode.workspace.findFiles('**/*.images.lock.json', '**/node_modules/**', 200);
    const pending: vscode.Uri[] = [];
    for (const lockUri of locks) {
      // A lock file is the repository's: read only what lies inside the workspace, bounded like any other.
      const read = await readContained(workspaceAssetFiles(lockUri), rootOf(lockUri), lockUri.path, TEXT_FILE_LIMIT);
      if (!read.ok || !read.bytes) continue;
      if (parseLockFile(new TextDecoder().decode(read.bytes)).lock.batch)
        pending.push(vscode.Uri.joinPath(lockUri, '..', path.posix.basename(lockUri.path).replace(/\.images\.lock\.json$/, '.images.json')));
    }
    return pending;
  }

  private async pickPending(): Promise<vscode.Uri | undefined> {
    const pending = await this.pendingManifests();
    if (pending.length <= 1) {
      if (pending.length === 0) void showInformation(vscode.l10n.t('No batch job is pending in this workspace.'));
      return pending[0];
    }
    const picked = await vscode.window.showQuickPick(
      pending.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: vscode.l10n.t('Choose a manifest') },
    );
    return picked?.uri;
  }

  private async load(uri: vscode.Uri): Promise<LoadedManifest | undefined> {
    const result = await loadManifest(uri);
    if (result.ok) return result.loaded;
    void showError(loadFailureMessage(uri, result));
    return undefined;
  }

  private async context(loaded: LoadedManifest): Promise<BatchContext | undefined> {
    const apiKey = await this.deps.keys.getOrAsk();
    if (!apiKey) {
      void showWarning(vscode.l10n.t('No API key was entered, so nothing was sent.'));
      return undefined;
    }
    const settings = this.deps.settings.read(loaded.uri);
    return {
      manifest: loaded.manifest,
      lock: loaded.lock,
      lockPath: loaded.lockUri.path,
      root: loaded.root,
      connection: connectionFor(settings, apiKey),
      files: workspaceAssetFiles(loaded.uri),
      log: this.deps.log,
      recipes: this.deps.recipes.registries,
      credentials: settings.contentCredentials,
      recovery: this.deps.recovery,
    };
  }
}
