/**
 * An asset's drafted candidates in the panel, side by side with their cost; Choose writes the chosen one to
 * `out` (remade at the asset's own model when the drafts were cheaper, unless the user keeps the draft), locks
 * it, makes its derivatives and adds it to the history. The manifest is read again at the moment of choosing:
 * drafts for a recipe that has moved on are refused rather than written.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectionFor } from '../../api/imagesClient';
import { describeAssetFailure } from '../../core/assets/assetFailure';
import { remakeEstimate } from '../../core/assets/assetPlan';
import { needsRemake } from '../../core/assets/candidates';
import type { ResolvedAsset } from '../../core/assets/manifestParse';
import { formatUsd } from '../../core/pricing';
import type { DraftSet } from '../../pipeline/candidates/draftCandidates';
import { chooseCandidate, type Chosen } from '../../pipeline/candidates/chooseCandidate';
import { withAbortSignal } from '../../platform/cancellation';
import { showWarning, withNotificationProgress } from '../../platform/notify';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import type { ChoiceRequest } from '../panel/panelChoices';
import type { AssetJobDeps } from './assetJobs';
import { loadManifest, type LoadedManifest } from './manifestDocuments';
import { askToOverwrite, askToOverwriteDerived } from './overwritePrompt';

/** What the panel shows for one asset's drafts. */
export function choiceRequest(loaded: LoadedManifest, drafts: DraftSet): ChoiceRequest {
  const { asset } = drafts;
  const remakes = needsRemake(asset, false);
  const manifestName = path.posix.basename(loaded.uri.path);
  const detail = remakes
    ? vscode.l10n.t(
        'Drafted with {0} ({1}). Choose remakes it with {2} ({3}), about {4}; Keep Draft As Is writes the draft.',
        drafts.model,
        drafts.quality,
        asset.settings.model,
        asset.settings.quality,
        formatUsd(remakeEstimate(asset).usd),
      )
    : vscode.l10n.t('Made with {0} ({1}). Choose writes it as it is.', drafts.model, drafts.quality);
  return {
    id: `${loaded.uri.toString()}#${asset.key}`,
    title: vscode.l10n.t('{0} of {1}: {2} candidates to choose from', asset.key, manifestName, drafts.files.length),
    detail,
    remakes,
    candidates: drafts.files.map((file, index) => ({
      file: loaded.uri.with({ path: file }),
      label: vscode.l10n.t('Candidate {0}', index + 1),
      cost: formatUsd(drafts.eachUsd),
    })),
    state: 'waiting',
  };
}

function outcomeText(asset: ResolvedAsset, candidate: number, chosen: Chosen): string {
  if (!chosen.ok) return describeAssetFailure(chosen.reason, vscode.l10n.t);
  const derived = chosen.derived.made.length;
  const how = chosen.remade
    ? vscode.l10n.t('Candidate {0} remade with {1} ({2}) and written to {3}.', candidate, asset.settings.model, formatUsd(chosen.costUsd), asset.key)
    : vscode.l10n.t('Candidate {0} written to {1}.', candidate, asset.key);
  return derived > 0 ? `${how} ${vscode.l10n.t('{0} derivatives made.', derived)}` : how;
}

/** Shows the drafts and, when one is chosen, writes it; the history gains the asset once it is written. */
export async function offerChoice(deps: AssetJobDeps, loaded: LoadedManifest, drafts: DraftSet, record: (asset: ResolvedAsset) => void): Promise<void> {
  const request = choiceRequest(loaded, drafts);
  for (;;) {
    const answer = await deps.panel.askToChoose(request);
    if (!answer) return;
    deps.panel.updateChoice(request.id, { ...request, state: 'choosing', status: vscode.l10n.t('Writing candidate {0}…', answer.candidate) });
    const outcome = await choose(deps, loaded.uri, drafts.asset.key, answer.candidate, answer.keepDraft);
    if (outcome === 'cancelled') continue;
    const { asset, chosen } = outcome;
    if (chosen.ok) record(asset);
    deps.panel.updateChoice(request.id, { ...request, state: 'done', status: outcomeText(asset, answer.candidate, chosen), failed: !chosen.ok });
    return;
  }
}

async function choose(
  deps: AssetJobDeps,
  uri: vscode.Uri,
  key: string,
  candidate: number,
  keepDraft: boolean,
): Promise<{ asset: ResolvedAsset; chosen: Chosen } | 'cancelled'> {
  const result = await loadManifest(uri);
  const found = result.ok ? result.loaded.manifest.assets.find((asset) => asset.key === key) : undefined;
  if (!result.ok || !found) return 'cancelled';
  const loaded = result.loaded;
  const asset: ResolvedAsset = found.candidates ? found : { ...found, candidates: { count: candidate, ...found.draft } };
  const remake = needsRemake(asset, keepDraft);
  const settings = deps.settings.read(uri);
  const estimate = remakeEstimate(asset).usd;
  if (remake && estimate > settings.confirmAboveUsd) {
    const send = vscode.l10n.t('Send');
    const choice = await showWarning(
      vscode.l10n.t('Remaking {0} with {1} may cost {2}.', asset.key, asset.settings.model, formatUsd(estimate)),
      { modal: true },
      send,
    );
    if (choice !== send) return 'cancelled';
  }
  const apiKey = remake ? await deps.keys.getOrAsk() : undefined;
  if (remake && !apiKey) return 'cancelled';
  const chosen: Chosen = await withNotificationProgress(vscode.l10n.t('Writing candidate {0} of {1}', candidate, asset.key), (_progress, token) =>
    withAbortSignal(token, (signal) =>
      chooseCandidate({
        plan: loaded.plan,
        lock: loaded.lock,
        lockPath: loaded.lockUri.path,
        root: loaded.root,
        files: workspaceAssetFiles(uri),
        connection: apiKey ? connectionFor(settings, apiKey) : undefined,
        signal,
        log: deps.log,
        asset,
        candidate,
        keepDraft,
        confirmOverwrite: async (item) => (await askToOverwrite([item])).has(item.asset.index),
        confirmDerivedOverwrite: askToOverwriteDerived,
        recipes: deps.recipes.registries,
        credentials: settings.contentCredentials,
        recovery: deps.recovery,
      }).catch((error: unknown): Chosen => ({ ok: false, reason: { code: 'failed', detail: error instanceof Error ? error.message : String(error) } })),
    ),
  );
  const paid = chosen.ok ? chosen.costUsd : (chosen.paidUsd ?? 0);
  if (paid > 0) await deps.spend.add(paid);
  return { asset, chosen };
}
