import * as vscode from 'vscode';
import { connectionFor, hostOf } from '../../api/imagesClient';
import { azureRouteOf, deploymentFor } from '../../core/providers';
import { probeImage, probeModel } from '../../api/setupProbe';
import { compatibleTargetOf } from '../../core/compatibleModels';
import { checkCompatibleSetup } from './checkCompatibleSetup';
import { isoDay, lifecycleOn } from '../../core/modelLifecycle';
import { describeSetup, lookupUnconfirmed, type SetupFindings } from '../../core/setupReport';
import { withAbortSignal } from '../../platform/cancellation';
import { presentActions } from '../requests/failurePresenter';
import type { Command } from '../../platform/command';
import { showInformation, withNotificationProgress } from '../../platform/notify';
import type { ApiKeyStore, CredentialSource } from '../../platform/apiKeyStore';
import type { SettingsReader } from '../../platform/settingsReader';
import type { Logger } from '../../platform/logger';
import type { Milestones } from '../walkthrough/milestones';

/** The credential; with Entra ID and no session yet, VS Code's sign-in (checking is what the user asked for). */
async function findOrSignIn(keys: ApiKeyStore): Promise<{ key: string; source: CredentialSource } | undefined> {
  const found = await keys.find();
  if (found || !keys.usesEntraId()) return found;
  const token = await keys.getOrAsk();
  return token ? { key: token, source: 'entraId' } : undefined;
}

/**
 * Tells in plain words what stands between the user and an image: no key, a bad key, no network, no access to
 * the model, an unverified organization, no quota. The model lookup is free; the test image is asked for first.
 */
export function checkSetupCommand(services: {
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly log: Logger;
  readonly milestones?: Milestones;
}): Command {
  return {
    async execute() {
      const settings = services.settings.read(vscode.window.activeTextEditor?.document.uri);
      const compatible = compatibleTargetOf(settings);
      if (compatible) return checkCompatibleSetup(services, settings, compatible);
      const azure = azureRouteOf(settings);
      const host = hostOf({ baseUrl: settings.baseUrl, azure });
      const found = await findOrSignIn(services.keys);
      const lifecycle = lifecycleOn(settings.model, isoDay(new Date()));
      const findings: { -readonly [K in keyof SetupFindings]: SetupFindings[K] } = {
        keySource: found?.source ?? 'none',
        ...(azure ? { azure: { deployment: deploymentFor(azure, settings.model) } } : {}),
        model: settings.model,
        host,
        lifecycle,
      };

      if (found && lifecycle.state !== 'shut-down') {
        const connection = connectionFor(settings, found.key);
        const title = vscode.l10n.t('Checking the OpenAI setup...');
        findings.modelProbe = await withNotificationProgress(title, (_progress, token) =>
          withAbortSignal(token, (signal) => probeModel(connection, settings.model, signal)),
        );
        if (findings.modelProbe.ok || lookupUnconfirmed(findings)) {
          const tryImage = vscode.l10n.t('Make Test Image');
          const choice = await showInformation(
            findings.modelProbe.ok
              ? vscode.l10n.t(
                  'The key works and can use {0}. Make one low-quality test image to check organization verification and quota? It costs about one cent and nothing is saved.',
                  settings.model,
                )
              : vscode.l10n.t(
                  'The key works, but the lookup of {0} answered 404. Make one low-quality test image to find out whether it can be used? It costs about one cent and nothing is saved.',
                  settings.model,
                ),
            { modal: true },
            tryImage,
            vscode.l10n.t('Skip'),
          );
          if (choice === tryImage) {
            findings.imageProbe = await withNotificationProgress(vscode.l10n.t('Generating a test image with {0}...', settings.model), (_progress, token) =>
              withAbortSignal(token, (signal) => probeImage(connection, settings.model, signal)),
            );
          }
        }
      }

      const report = describeSetup(findings, vscode.l10n.t);
      services.log.info(`Check Setup: ${report.lines.join(' | ')}`);
      const detail = report.lines.join('\n');
      if (report.ok) {
        await services.milestones?.reach('setupChecked');
        void showInformation(vscode.l10n.t('OpenAI Images is ready.'), { modal: true, detail });
        return report;
      }
      await presentActions(vscode.l10n.t('OpenAI Images is not ready yet.'), detail, report.actions, services.log);
      return report;
    },
  };
}
