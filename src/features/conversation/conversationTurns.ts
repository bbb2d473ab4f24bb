/**
 * Runs one turn of an image conversation: the same checks as every request (a model still served, the output
 * folder inside its workspace folder, the plan, the estimate and its confirmation, the key), then the Responses
 * API call chained to the turn before, its image written beside the conversation's others with a recipe that
 * names the response, a history entry linked to the previous turn's, and what it cost counted. The conversation
 * is saved at each step, so its panel shows the turn as it goes and a reload finds it.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { connectionFor } from '../../api/imagesClient';
import {
  contextTokens,
  imageToSend,
  latestEntryId,
  latestImage,
  titleFrom,
  turnChain,
  withTurn,
  type Conversation,
  type Turn,
} from '../../core/conversation/conversation';
import { actualTurnCost, estimateTurn, type TurnEstimate } from '../../core/conversation/turnCost';
import { planTurn, type TurnBody, type TurnPlan } from '../../core/conversation/turnRequest';
import { observedTokens } from '../../core/costCalibration';
import type { Failure } from '../../core/failure';
import { sanitizeStem, slugFromPrompt } from '../../core/fileNaming';
import { readImageInfo } from '../../core/imageBytes';
import type { OutputFormat } from '../../core/modelCatalogue';
import { formatUsd } from '../../core/pricing';
import { describeProblem } from '../../core/problemMessages';
import { recordableInputs, type Recipe } from '../../core/recipe';
import { recordedSettings, type ResultEntry, type ResultsStore } from '../../core/results';
import type { Settings } from '../../core/settings';
import { partialImagesFor } from '../../core/streaming';
import { runConversationTurn, type TurnOutcome } from '../../pipeline/runConversationTurn';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Logger } from '../../platform/logger';
import type { SettingsReader } from '../../platform/settingsReader';
import { workspaceTargetFolder } from '../../platform/workspaceTargetFolder';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { Recovery } from '../../pipeline/recovery';
import { readImages } from '../edit/editInputs';
import { failureMessage, presentFailure } from '../requests/failurePresenter';
import type { ModelRetirement } from '../requests/modelRetirement';
import { confirmCost, outputFolderProblem } from '../requests/sendChecks';
import type { SpendStatusBar } from '../spend/spendStatusBar';
import type { ConversationStore } from './conversationStore';

type PlannedTurn = Extract<TurnPlan, { ok: true }>;

export interface ConversationTurnDeps {
  readonly conversations: ConversationStore;
  readonly results: ResultsStore;
  readonly settings: SettingsReader;
  readonly keys: ApiKeyStore;
  readonly spend: SpendStatusBar;
  readonly retirement: ModelRetirement;
  readonly log: Logger;
  readonly recipes: WorkspaceRecipes;
  readonly recovery: Recovery;
}

/** The panel running the turn: it is shown partial images, and sends the turn again (Retry, a model's successor). */
export interface TurnListener {
  partial(turnId: string, image: Uint8Array, format: OutputFormat): void;
  again(imageModel?: string): Promise<void>;
}

/** The cost as the thread shows it: the total, then the image and the mainline model apart. */
export function costBreakdown(total: string, imageUsd: number, mainlineUsd: number, mainlineModel: string): string {
  return vscode.l10n.t('{0} (image {1}, {2} {3})', total, formatUsd(imageUsd), mainlineModel, formatUsd(mainlineUsd));
}

/** The size an edited image most likely has: the setting's, or the largest standard shape for `auto`. */
function sizeOf(size: string): { width: number; height: number } {
  const [width, height] = size === 'auto' ? [1536, 1024] : size.split('x').map(Number);
  return { width: width ?? 1024, height: height ?? 1024 };
}

export class ConversationTurns {
  constructor(private readonly deps: ConversationTurnDeps) {}

  settingsFor(conversation: Conversation): Settings {
    return this.deps.settings.read(vscode.Uri.parse(conversation.folder));
  }

  /** The estimate of the next turn as things stand; undefined when the settings cannot make a request. */
  estimate(conversation: Conversation, prompt: string, settings = this.settingsFor(conversation)): TurnEstimate | undefined {
    const plan = planTurn({
      conversationModel: conversation.model,
      prompt: prompt || 'estimate',
      settings,
      chain: turnChain(conversation),
      partialImages: this.partialImages(settings),
    });
    return plan.ok ? this.estimateOf(conversation, plan, prompt) : undefined;
  }

  /** `sourceSize`: the sent image's own size once it is read; until then the setting's size stands in for it. */
  private estimateOf(conversation: Conversation, plan: PlannedTurn, prompt: string, sourceSize?: { width: number; height: number }): TurnEstimate {
    const { image } = plan;
    const complexity = image.complexity ?? 'auto';
    return estimateTurn({
      conversationModel: conversation.model,
      imageModel: image.model,
      size: image.size,
      quality: image.quality,
      complexity,
      partialImages: plan.body.tools[0].partial_images,
      prompt,
      contextTokens: contextTokens(conversation),
      inputImage: sourceSize ?? (latestImage(conversation) !== undefined ? sizeOf(image.size) : undefined),
      observedTokens: observedTokens(this.deps.results.all(), { model: image.model, quality: image.quality, size: image.size, complexity }),
    });
  }

  /**
   * Runs a turn to its end; the conversation (saved) says how it went. `imageModel` replaces the setting's model
   * (the successor of a shut-down one).
   */
  async run(conversationId: string, prompt: string, signal: AbortSignal, listener: TurnListener, imageModel?: string): Promise<void> {
    const start = this.deps.conversations.get(conversationId);
    if (!start) return;
    const base = this.settingsFor(start);
    const settings: Settings = imageModel ? { ...base, model: imageModel } : base;
    const folder = vscode.Uri.parse(start.folder);
    const origin = imageModel ? ({ kind: 'recorded' } as const) : ({ kind: 'settings', scope: folder } as const);
    if (!this.deps.retirement.beforeSend(settings.model, origin, (successor) => listener.again(successor))) return;

    const turn: Turn = { id: randomUUID(), prompt, status: 'running', startedAt: Date.now() };
    let conversation: Conversation = {
      ...start,
      title: start.title || titleFrom(prompt),
      stem: start.stem || slugFromPrompt(prompt),
    };
    const update = async (changed: Turn) => {
      conversation = withTurn(conversation, changed);
      await this.deps.conversations.save(conversation);
    };
    const refuse = (error: string) => update({ ...turn, status: 'failed', error });
    await update(turn);

    const outside = await outputFolderProblem(folder);
    if (outside) return refuse(outside);
    const sent = imageToSend(conversation);
    const sentUri = sent ? vscode.Uri.parse(sent) : undefined;
    const image = sentUri ? (await readImages([sentUri]))?.[0] : undefined;
    if (sentUri && !image)
      return refuse(vscode.l10n.t('{0} could not be read, so it cannot be sent with this turn.', vscode.workspace.asRelativePath(sentUri)));
    const partialImages = this.partialImages(settings);
    const plan = planTurn({ conversationModel: conversation.model, prompt, settings, chain: turnChain(conversation), image, partialImages });
    if (!plan.ok) return refuse(plan.problems.map((problem) => describeProblem(problem, vscode.l10n.t)).join(' '));
    const { body } = plan;
    const sourceInfo = image ? readImageInfo(image.bytes) : undefined;
    const estimated = this.estimateOf(conversation, plan, prompt, sourceInfo);
    await update({ ...turn, estimateUsd: estimated.usd });
    if (estimated.usd > settings.confirmAboveUsd && !(await confirmCost(estimated, 1, `${body.tools[0].model} + ${conversation.model}`)))
      return update({ ...turn, status: 'cancelled', error: vscode.l10n.t('Not sent: the cost was not confirmed.') });
    const apiKey = await this.deps.keys.getOrAsk();
    if (!apiKey) return refuse(vscode.l10n.t('No API key was entered, so nothing was sent.'));

    const number = conversation.turns.findIndex((each) => each.id === turn.id) + 1;
    // The image the model most likely edits: the latest made, else the one the conversation started from.
    const latest = latestImage(conversation);
    const edited = latest ? vscode.Uri.parse(latest) : undefined;
    const outcome = await runConversationTurn({
      body,
      connection: connectionFor(settings, apiKey),
      folder: workspaceTargetFolder(folder),
      stem: sanitizeStem(conversation.stem),
      signal,
      log: this.deps.log,
      recipe: (responseId) => this.recipe(conversation, body, prompt, edited, { number, responseId }),
      recipes: this.deps.recipes.sinkFor(folder),
      credentials: settings.contentCredentials,
      recovery: this.deps.recovery,
      onPartial: (bytes) => listener.partial(turn.id, bytes, body.tools[0].output_format),
      onImage: (bytes) => listener.partial(turn.id, bytes, body.tools[0].output_format),
    });
    await this.record(conversation, { ...turn, estimateUsd: estimated.usd }, outcome, body, settings, edited, update, listener, imageModel);
  }

  private partialImages(settings: Settings): number {
    return partialImagesFor(1, settings.partialImages, false, { model: settings.model, format: settings.outputFormat }) ?? 0;
  }

  private recipe(
    conversation: Conversation,
    body: TurnBody,
    prompt: string,
    edited: vscode.Uri | undefined,
    turn: { number: number; responseId: string },
  ): Recipe {
    const [tool] = body.tools;
    const folder = vscode.Uri.parse(conversation.folder);
    const home = vscode.workspace.getWorkspaceFolder(folder);
    const inputs =
      edited && home && edited.scheme === home.uri.scheme && edited.authority === home.uri.authority
        ? recordableInputs(folder.path, home.uri.path, { sources: [edited.path], refinement: true })
        : { sources: [] };
    return {
      version: 1,
      kind: edited ? 'edit' : 'generate',
      prompt,
      model: tool.model,
      size: tool.size,
      quality: tool.quality,
      complexity: tool.complexity,
      background: tool.background,
      createdAt: new Date().toISOString(),
      ...inputs,
      conversation: { id: conversation.id, turn: turn.number, responseId: turn.responseId, model: conversation.model },
    };
  }

  private async record(
    conversation: Conversation,
    turn: Turn,
    outcome: TurnOutcome,
    body: TurnBody,
    settings: Settings,
    edited: vscode.Uri | undefined,
    update: (turn: Turn) => Promise<void>,
    listener: TurnListener,
    imageModel: string | undefined,
  ): Promise<void> {
    if (!outcome.ok) {
      const { failure } = outcome;
      // An answer whose image is in recovery was paid for all the same.
      if (outcome.paid) await this.deps.spend.add(actualTurnCost(conversation.model, body.tools[0].model, outcome.paid.usage, outcome.paid.imageUsage).usd);
      const error = failure.kind === 'cancelled' ? vscode.l10n.t('Cancelled. Nothing was written.') : this.failureText(failure);
      await update({ ...turn, status: failure.kind === 'cancelled' ? 'cancelled' : 'failed', error, responseId: outcome.responseId });
      if (failure.kind === 'model-retired') {
        const origin = { kind: 'settings' as const, scope: vscode.Uri.parse(conversation.folder) };
        this.deps.log.inBackground(
          'The retired-model notice',
          this.deps.retirement.afterRefusal(body.tools[0].model, origin, (successor) => listener.again(successor)),
        );
      } else if (failure.kind !== 'cancelled' && failure.kind !== 'moderation' && failure.kind !== 'image-call-failed') {
        // The thread says what failed; the notification carries the buttons (Set API Key, Open Verification Page...).
        this.deps.log.inBackground('The failure notification', presentFailure(failure, this.deps.log, { retry: () => listener.again(imageModel) }));
      }
      return;
    }
    const cost = actualTurnCost(conversation.model, body.tools[0].model, outcome.usage, outcome.imageUsage);
    this.deps.log.info(
      `Conversation turn cost ${formatUsd(cost.usd)} (image ${formatUsd(cost.imageUsd)}, ${conversation.model} ${formatUsd(cost.mainlineUsd)}; estimated ${formatUsd(turn.estimateUsd ?? 0)}) response_id=${outcome.responseId}`,
    );
    await this.deps.spend.add(cost.usd);
    const answered: Turn = {
      ...turn,
      responseId: outcome.responseId,
      text: outcome.text || undefined,
      costUsd: cost.usd,
      mainlineUsd: cost.mainlineUsd,
      contextTokens: outcome.usage ? outcome.usage.input_tokens + outcome.usage.output_tokens : undefined,
    };
    if (outcome.kind === 'text') {
      await update({ ...answered, status: 'text' });
      return;
    }
    const folder = vscode.Uri.parse(conversation.folder);
    const files = outcome.files.map((name) => vscode.Uri.joinPath(folder, name));
    const entry = this.historyEntry(conversation, turn, body, settings, files, edited, outcome, cost.usd);
    this.deps.results.put(entry);
    await update({ ...answered, status: 'done', file: files[0]?.toString(), entryId: entry.id, revisedPrompt: outcome.revisedPrompt });
  }

  private failureText(failure: Failure): string {
    const message = failureMessage(failure);
    return failure.requestId ? `${message} ${vscode.l10n.t('Request ID: {0}', failure.requestId)}` : message;
  }

  /** The turn's image in the history, refining the previous turn's, so the panel's "Refined from" is the conversation. */
  private historyEntry(
    conversation: Conversation,
    turn: Turn,
    body: TurnBody,
    settings: Settings,
    files: readonly vscode.Uri[],
    edited: vscode.Uri | undefined,
    outcome: Extract<TurnOutcome, { ok: true; kind: 'image' }>,
    costUsd: number,
  ): ResultEntry {
    const [tool] = body.tools;
    return {
      id: randomUUID(),
      status: 'done',
      kind: edited ? 'edit' : 'generate',
      prompt: turn.prompt,
      model: tool.model,
      size: tool.size,
      quality: tool.quality,
      format: tool.output_format,
      settings: recordedSettings(settings, { format: tool.output_format, count: 1, complexity: tool.complexity }),
      startedAt: turn.startedAt,
      durationMs: outcome.durationMs,
      files: files.map((file) => file.toString()),
      sources: edited ? [edited.toString()] : [],
      outputFolder: conversation.folder,
      stem: conversation.stem,
      parentId: latestEntryId(conversation),
      conversationId: conversation.id,
      partialImages: tool.partial_images || undefined,
      requestId: outcome.requestId,
      estimate: turn.estimateUsd !== undefined ? { usd: turn.estimateUsd, approximate: true } : undefined,
      usage: outcome.imageUsage
        ? {
            inputTokens: outcome.imageUsage.input_tokens,
            outputTokens: outcome.imageUsage.output_tokens,
            outputImageTokens: outcome.imageUsage.output_tokens_details?.image_tokens,
          }
        : undefined,
      costUsd,
    };
  }
}
