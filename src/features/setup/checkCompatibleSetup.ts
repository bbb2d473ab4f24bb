/** Check Setup against a compatible server: its own model list (free), what is declared, and one test image if wanted. */
import type { Milestones } from '../walkthrough/milestones';
import * as vscode from 'vscode';
import { connectionFor, hostOf } from '../../api/imagesClient';
import { probeCompatibleImage, probeCompatibleModels } from '../../api/setupProbe';
import { compatibleModelListed, describeCompatibleSetup, type CompatibleFindings } from '../../core/compatibleSetup';
import type { CompatibleTarget } from '../../core/compatibleModels';
import { compatibleEstimate } from '../../core/pricing';
import type { SetupReport } from '../../core/setupReport';
import type { Settings } from '../../core/settings';
import { withAbortSignal } from '../../platform/cancellation';
import { costLabel } from '../../platform/costLabel';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Logger } from '../../platform/logger';
import { showInformation, withNotificationProgress } from '../../platform/notify';
import { presentActions } from '../requests/failurePresenter';

export async function checkCompatibleSetup(
  services: { readonly keys: ApiKeyStore; readonly log: Logger; readonly milestones?: Milestones },
  settings: Settings,
  target: CompatibleTarget,
): Promise<SetupReport> {
  const host = hostOf({ baseUrl: settings.baseUrl });
  const found = await services.keys.find();
  const findings: { -readonly [K in keyof CompatibleFindings]: CompatibleFindings[K] } = {
    keySource: found?.source === 'storage' ? 'storage' : found ? 'environment' : 'none',
    target,
    host,
  };
  if (found) {
    const connection = connectionFor(settings, found.key);
    findings.models = await withNotificationProgress(vscode.l10n.t('Asking {0} for its models...', host), (_progress, token) =>
      withAbortSignal(token, (signal) => probeCompatibleModels(connection, target.id, signal)),
    );
    if (findings.models.ok && compatibleModelListed(findings) !== false) {
      const tryImage = vscode.l10n.t('Make Test Image');
      const cost = costLabel(compatibleEstimate(target, 1));
      const choice = await showInformation(
        vscode.l10n.t('Make one test image with {0} on {1}, with the basic parameters only? Cost: {2}. Nothing is saved.', target.id, host, cost),
        { modal: true },
        tryImage,
        vscode.l10n.t('Skip'),
      );
      if (choice === tryImage) {
        findings.imageProbe = await withNotificationProgress(vscode.l10n.t('Generating a test image with {0}...', target.id), (_progress, token) =>
          withAbortSignal(token, (signal) => probeCompatibleImage(connection, target.id, signal)),
        );
      }
    }
  }
  const report = describeCompatibleSetup(findings, vscode.l10n.t);
  services.log.info(`Check Setup (compatible server): ${report.lines.join(' | ')}`);
  const detail = report.lines.join('\n');
  if (report.ok) {
    await services.milestones?.reach('setupChecked');
    void showInformation(vscode.l10n.t('OpenAI Images is ready.'), { modal: true, detail });
  } else await presentActions(vscode.l10n.t('OpenAI Images is not ready yet.'), detail, report.actions, services.log);
  return report;
}
