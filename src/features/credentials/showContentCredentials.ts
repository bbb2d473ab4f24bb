/**
 * "Show Content Credentials" on an image (explorer, image preview, a panel card): what its C2PA manifest says and
 * whether the file is still as it was signed, validated by c2pa-rs against the C2PA trust list.
 */
import * as vscode from 'vscode';
import { credentialsDetails, credentialsLine } from '../../core/credentials/credentialsMessages';
import type { ContentCredentialsReader } from '../../pipeline/contentCredentials';
import type { Command } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { showInformation, showWarning } from '../../platform/notify';
import { fileName, pickImages, readImages } from '../edit/editInputs';

export function showContentCredentialsCommand(services: { readonly credentials: ContentCredentialsReader; readonly log: Logger }): Command {
  return {
    async execute(clicked?: unknown, selected?: unknown) {
      const file = (
        await pickImages(clicked, selected, { openLabel: vscode.l10n.t('Check'), title: vscode.l10n.t('Choose an image to check its Content Credentials') })
      )?.[0];
      if (!file) return;
      const image = (await readImages([file]))?.[0];
      if (!image) return;
      const report = await services.credentials.read(image.bytes);
      services.log.info(
        `Content Credentials of ${vscode.workspace.asRelativePath(file)}: ${report.state}${report.problems.length ? ` (${report.problems.join(', ')})` : ''}`,
      );
      const title = `${fileName(file)}: ${credentialsLine(report, vscode.l10n.t)}`;
      const detail = credentialsDetails(report, vscode.l10n.t).join('\n');
      const show = report.state === 'altered' ? showWarning : showInformation;
      await show(title, { modal: true, detail });
    },
  };
}
