/**
 * Sends a writer request (core/writer) to the model `openaiImages.writerModel` names: one of VS Code's language
 * models (VS Code asks the user's consent the first time), or the OpenAI key through the Responses API (estimated,
 * confirmed above `confirmAboveUsd`, and counted in the spend like an image). With no model available it says so
 * and offers the OpenAI route; nothing is sent anywhere without one of those consents.
 */
import * as vscode from 'vscode';
import { connectionFor, hostOf, providerContext } from '../../api/imagesClient';
import { classifyError } from '../../api/classifyError';
import { writeWithOpenAI } from '../../api/writerClient';
import { formatUsd } from '../../core/pricing';
import { estimateWriterCost, parseWriterChoice, writerCost, type WriterChoice } from '../../core/writer/writerChoice';
import type { WriterRequest } from '../../core/writer/writerInstructions';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Logger } from '../../platform/logger';
import { showError, showWarning } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import type { SpendStatusBar } from '../spend/spendStatusBar';
import { failureMessage } from '../requests/failurePresenter';

/** What a model wrote, and who wrote it (`vendor/family`, or `openai/<model>`), with what it cost on the OpenAI route. */
export interface Written {
  readonly text: string;
  readonly by: string;
  readonly costUsd?: number;
}

export interface WriterDeps {
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly spend: SpendStatusBar;
  readonly log: Logger;
}

/** What the request is for, in the user's words ("a prompt", "alt text"). */
export type WriterPurpose = 'prompt' | 'description';

function purposeLabel(purpose: WriterPurpose): string {
  return purpose === 'prompt' ? vscode.l10n.t('an image prompt') : vscode.l10n.t('alt text');
}

export class LanguageModelWriter {
  constructor(private readonly deps: WriterDeps) {}

  /**
   * Writes with the chosen model; undefined when the user declined, cancelled, or it failed (already said).
   * `offerOpenAI: false` (an insert that only hopes for a description) skips the "no model" question and its wait.
   */
  async write(request: WriterRequest, purpose: WriterPurpose, token: vscode.CancellationToken, { offerOpenAI = true } = {}): Promise<Written | undefined> {
    const choice = parseWriterChoice(this.deps.settings.read().writerModel);
    if (choice.kind === 'openai') return this.withOpenAI(choice.model, request, token);
    const model = await this.vscodeModel(choice);
    if (model) return this.withVsCode(model, request, purpose, token);
    if (!offerOpenAI) {
      this.deps.log.info(`No language model is available to write ${purpose === 'prompt' ? 'a prompt' : 'alt text'}.`);
      return undefined;
    }
    return (await this.offerOpenAI(choice, purpose)) ? this.withOpenAI(undefined, request, token) : undefined;
  }

  private async vscodeModel(choice: WriterChoice): Promise<vscode.LanguageModelChat | undefined> {
    const selector = choice.kind === 'vscode' ? { vendor: choice.vendor, ...(choice.family ? { family: choice.family } : {}) } : {};
    const models = await vscode.lm.selectChatModels(selector);
    // Copilot first when several vendors offer models and the user named none.
    return models.find((model) => model.vendor === 'copilot') ?? models[0];
  }

  /** Says that no model is available; true when the user chose to write with the OpenAI key instead. */
  private async offerOpenAI(choice: WriterChoice, purpose: WriterPurpose): Promise<boolean> {
    const useOpenAI = vscode.l10n.t('Use My OpenAI Key');
    const settingsButton = vscode.l10n.t('Open Settings');
    const which = choice.kind === 'vscode' ? `${choice.vendor}${choice.family ? `/${choice.family}` : ''}` : undefined;
    const message = which
      ? vscode.l10n.t('The language model {0} (openaiImages.writerModel) is not available in VS Code, so {1} cannot be written.', which, purposeLabel(purpose))
      : vscode.l10n.t(
          'No language model is available in VS Code to write {0}. Install GitHub Copilot or another language model provider, or write it with your OpenAI key (paid, estimated before it is sent).',
          purposeLabel(purpose),
        );
    const picked = await showWarning(message, useOpenAI, settingsButton);
    if (picked === settingsButton) await vscode.commands.executeCommand('workbench.action.openSettings', 'openaiImages.writerModel');
    if (picked !== useOpenAI) return false;
    await vscode.workspace.getConfiguration('openaiImages').update('writerModel', 'openai', vscode.ConfigurationTarget.Global);
    return true;
  }

  private async withVsCode(
    model: vscode.LanguageModelChat,
    request: WriterRequest,
    purpose: WriterPurpose,
    token: vscode.CancellationToken,
  ): Promise<Written | undefined> {
    // VS Code's chat API has no system role: the instructions lead the one user message.
    const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelDataPart> = [
      new vscode.LanguageModelTextPart(`${request.instructions}\n\n${request.text}`),
    ];
    if (request.image) parts.push(vscode.LanguageModelDataPart.image(request.image.bytes, request.image.mimeType));
    const by = `${model.vendor}/${model.family}`;
    try {
      const response = await model.sendRequest(
        [vscode.LanguageModelChatMessage.User(parts)],
        { justification: vscode.l10n.t('OpenAI Images asks the model to write {0}.', purposeLabel(purpose)) },
        token,
      );
      let text = '';
      for await (const piece of response.text) text += piece;
      this.deps.log.info(`${by} wrote ${purpose === 'prompt' ? 'a prompt' : 'alt text'} (${text.length} characters).`);
      return { text, by };
    } catch (error) {
      if (token.isCancellationRequested) return undefined;
      const detail =
        error instanceof vscode.LanguageModelError && error.code === vscode.LanguageModelError.NoPermissions.name
          ? vscode.l10n.t('OpenAI Images was not allowed to use {0}.', model.name)
          : error instanceof Error
            ? error.message
            : String(error);
      this.deps.log.warn(`${by} failed to write: ${detail}`);
      void showError(vscode.l10n.t('{0} could not write {1}: {2}', model.name, purposeLabel(purpose), detail));
      return undefined;
    }
  }

  private async withOpenAI(named: string | undefined, request: WriterRequest, token: vscode.CancellationToken): Promise<Written | undefined> {
    const settings = this.deps.settings.read();
    const model = named ?? settings.conversationModel;
    const estimate = estimateWriterCost(model, request);
    if (estimate.usd > settings.confirmAboveUsd) {
      const send = vscode.l10n.t('Send');
      const asked = await showWarning(
        vscode.l10n.t('Writing this with {0} may cost up to {1}.', model, formatUsd(estimate.usd)),
        { modal: true, detail: vscode.l10n.t('You are asked above openaiImages.confirmAboveUsd.') },
        send,
      );
      if (asked !== send) return undefined;
    }
    const apiKey = await this.deps.keys.getOrAsk();
    if (!apiKey) return undefined;
    const connection = connectionFor(settings, apiKey);
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const written = await writeWithOpenAI(connection, model, request, abort.signal);
      const costUsd = written.usage ? writerCost(model, written.usage) : estimate.usd;
      await this.deps.spend.add(costUsd);
      this.deps.log.info(`openai/${model} wrote ${written.text.length} characters for ${formatUsd(costUsd)} (request ${written.requestId ?? 'unknown'}).`);
      return { text: written.text, by: `openai/${model}`, costUsd };
    } catch (error) {
      const failure = classifyError(error, {
        model,
        host: hostOf(connection),
        ...providerContext(connection),
        timeoutSeconds: connection.timeoutSeconds,
        secrets: [apiKey],
      });
      if (failure.kind !== 'cancelled') void showError(failureMessage(failure));
      return undefined;
    } finally {
      listener.dispose();
    }
  }
}
