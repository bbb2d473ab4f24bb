/**
 * Runs one generate or edit request the way every command needs it: check it, get the key, run it under
 * a cancellable progress notification, record it for the panel, and tell the user how it went.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { connectionFor, type Connection } from '../../api/imagesClient';
import type { Failure } from '../../core/failure';
import type { OutputFormat } from '../../core/modelCatalogue';
import { readImageInfo } from '../../core/imageBytes';
import { sanitizeStem } from '../../core/fileNaming';
import { observedTokens } from '../../core/costCalibration';
import { actualCost, compatibleEstimate, estimateCost, formatUsd, type CostEstimate } from '../../core/pricing';
import { compatiblePriceUsd, compatibleTargetOf } from '../../core/compatibleModels';
import { recordableInputs, type Recipe } from '../../core/recipe';
import { planRequest, type PlannedRequest, type RequestInput } from '../../core/requestPlan';
import { recordedSettings, type ResultEntry, type ResultsStore } from '../../core/results';
import type { ImagesPanel } from '../panel/imagesPanel';
import { agentDeprecationNote, agentFailureText, agentShutDownRefusal } from '../../core/agentTools';
import { isoDay } from '../../core/modelLifecycle';
import { describeProblem } from '../../core/problemMessages';
import { runImageJob, type JobOutcome } from '../../pipeline/runImageJob';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import { withAbortSignal } from '../../platform/cancellation';
import { costLabel } from '../../platform/costLabel';
import { presentFailure, failureMessage } from './failurePresenter';
import { copyMarkdownLink, openFile, revealFile } from '../../platform/fileActions';
import type { Logger } from '../../platform/logger';
import type { SpendStatusBar } from '../spend/spendStatusBar';
import type { StreamingMemory } from './streamingMemory';
import type { ShutdownWatch } from './shutdownWatch';
import { refusalText, sendDespite, type RefusalMemory } from './refusalMemory';
import type { InFlightRequests } from './inFlight';
import { partialImagesFor } from '../../core/streaming';
import type { ModelOrigin, ModelRetirement } from './modelRetirement';
import type { OutputLocation } from './outputLocation';
import { confirmCost, outputFolderProblem } from './sendChecks';
import { workspaceTargetFolder } from '../../platform/workspaceTargetFolder';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { Recovery } from '../../pipeline/recovery';
import { showError, showInformation, showWarning, withNotificationProgress } from '../../platform/notify';

/** The edit's inputs as its recipe may record them: only inside the output's workspace folder (see core/recipe). */
function recordedInputs(task: ImageTask): Pick<Recipe, 'sources' | 'mask' | 'markup' | 'parent'> {
  const home = vscode.workspace.getWorkspaceFolder(task.location.folder);
  const sameFileSystem = (uri: vscode.Uri | undefined) =>
    uri === undefined || (home !== undefined && uri.scheme === home.uri.scheme && uri.authority === home.uri.authority);
  const inputs = [...(task.sources ?? []), task.maskSource, task.markupSource];
  if (!home || !inputs.every(sameFileSystem)) return { sources: [] };
  return recordableInputs(task.location.folder.path, home.uri.path, {
    sources: (task.sources ?? []).map((uri) => uri.path),
    mask: task.maskSource?.path,
    markup: task.markupSource?.path,
    refinement: task.parentId !== undefined,
  });
}

function recipeFor(request: PlannedRequest, task: ImageTask): Recipe {
  const { body } = request;
  return {
    version: 1,
    kind: request.kind,
    prompt: body.prompt,
    model: body.model,
    size: body.size,
    quality: body.quality,
    complexity: body.complexity,
    background: body.background,
    createdAt: new Date().toISOString(),
    ...recordedInputs(task),
    ...(task.written ? { written: task.written } : {}),
  };
}

export type ImageTask = RequestInput & {
  readonly location: OutputLocation;
  /** File name without extension, before sanitizing and numbering. */
  readonly stem: string;
  /** The input images' URIs, for the panel and the recipe. */
  readonly sources?: readonly vscode.Uri[];
  readonly maskSource?: vscode.Uri;
  readonly markupSource?: vscode.Uri;
  /** Where the model came from: settings (the default) or a recorded recipe (Regenerate, More Like This). */
  readonly modelOrigin?: 'settings' | 'recorded';
  /** The document the prompt was selected in. */
  readonly origin?: vscode.Uri;
  /** For Refine: the history entry whose image is edited, so the panel can show the thread. */
  readonly parentId?: string;
  /** For a prompt a language model wrote: kept in the recipe. */
  readonly written?: Recipe['written'];
};

/** The same task with another model: what "switch to the successor" runs. */
function withModel(task: ImageTask, model: string): ImageTask {
  return { ...task, settings: { ...task.settings, model } };
}

/** A request ready to send: planned, estimated, confirmed, with its key. */
interface PreparedRequest {
  readonly request: PlannedRequest;
  readonly partialImages: number | undefined;
  readonly estimate: CostEstimate;
  readonly connection: Connection;
}

/** The history entry of a request about to be sent: its recipe, where it writes, and its estimate. */
function runningEntry(task: ImageTask, { request, partialImages, estimate }: PreparedRequest): ResultEntry {
  const { settings } = task;
  const { body } = request;
  return {
    id: randomUUID(),
    status: 'running',
    kind: task.kind,
    prompt: body.prompt,
    model: body.model,
    size: body.size,
    quality: body.quality,
    format: body.output_format,
    settings: recordedSettings(settings, { format: body.output_format, count: settings.count, complexity: body.complexity }),
    startedAt: Date.now(),
    files: [],
    sources: (task.sources ?? []).map((uri) => uri.toString()),
    mask: task.maskSource?.toString(),
    markup: task.markupSource?.toString(),
    origin: task.origin?.toString(),
    outputFolder: task.location.folder.toString(),
    stem: task.location.stem ?? task.stem,
    parentId: task.parentId,
    partialImages,
    estimate,
  };
}

/** How an agent's tool call went, in words the model can act on. */
export type AgentRunOutcome =
  | {
      readonly ok: true;
      readonly files: readonly vscode.Uri[];
      readonly costUsd: number;
      readonly model: string;
      readonly size: string;
      readonly quality: string;
      readonly format: OutputFormat;
      readonly note?: string;
    }
  | {
      readonly ok: false;
      readonly message: string;
      /** What the call cost although it failed (an answer paid for, then not written): it counts against the limit. */
      readonly paidUsd?: number;
    };

/** Lets a request through (undefined) or says why not; it is given the estimate just before the key is asked for. */
export type SpendGate = (estimate: CostEstimate) => string | undefined;

/** How a request is run while it is sent: under a notification for a person, under the tool call's token for an agent. */
type SendHost = <T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>) => Thenable<T>;

const underNotification: SendHost = (title, work) =>
  withNotificationProgress(title, (progress, token) => withAbortSignal(token, (signal) => work(signal, (message) => progress.report({ message }))));

const underToken =
  (token: vscode.CancellationToken): SendHost =>
  (_title, work) =>
    withAbortSignal(token, (signal) => work(signal, () => undefined));

export interface RunnerDeps {
  readonly keys: ApiKeyStore;
  readonly store: ResultsStore;
  readonly panel: ImagesPanel;
  readonly log: Logger;
  readonly spend: SpendStatusBar;
  readonly streaming: StreamingMemory;
  readonly retirement: ModelRetirement;
  /** Where the recipes of written files are kept (the workspace folder's recipe registry). */
  readonly recipes: WorkspaceRecipes;
  /** Where paid images go when their folder cannot take them. */
  readonly recovery: Recovery;
  /** Asks the API, once a day per model, whether a shutdown was announced. */
  readonly shutdowns: ShutdownWatch;
  /** What the API refused for a model before, explained at once the next time. */
  readonly refusals: RefusalMemory;
  /** The requests running now, so a window closed meanwhile can say after a reload what they left. */
  readonly inFlight: InFlightRequests;
  /** The alt text of a written file for its Markdown link: its description (made on demand), else `prompt`. */
  readonly altText?: (file: vscode.Uri, prompt: string) => Promise<string>;
}

export class ImageRequestRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /** Resolves with the files written, or undefined when nothing was written. */
  async run(task: ImageTask): Promise<vscode.Uri[] | undefined> {
    const prepared = await this.prepare(task);
    if (!prepared) return undefined;
    const entry = runningEntry(task, prepared);
    this.deps.store.put(entry);
    const outcome = await this.send(task, entry, prepared, underNotification);
    if (!outcome.ok) {
      const costUsd = await this.countPaid(prepared, outcome);
      await this.deps.refusals.learn(outcome.failure, prepared.request.body.model, prepared.request.body);
      this.fail({ ...entry, costUsd }, outcome.failure, outcome.durationMs, task);
      return undefined;
    }
    const files = await this.record(task, entry, prepared, outcome);
    const first = files[0];
    if (first) {
      // Best effort: a file outside the workspace has no explorer entry to reveal.
      await revealFile(first).then(undefined, () => undefined);
      this.deps.log.inBackground('Announcing the result', this.announce(files, prepared.request.body.prompt));
    }
    return files;
  }

  /**
   * Runs a task for an agent's tool call: the same checks, history, panel, files and spend as `run`, but no
   * dialog (the tool's confirmation came first), cancelled through the call's token, and every outcome told in
   * words for the model instead of notifications.
   */
  async runForAgent(task: ImageTask, token: vscode.CancellationToken, gate: SpendGate): Promise<AgentRunOutcome> {
    const t = vscode.l10n.t;
    const today = isoDay(new Date());
    const refused = (message: string): AgentRunOutcome => ({ ok: false, message });
    const shutDown = compatibleTargetOf(task.settings) ? undefined : agentShutDownRefusal(task.settings.model, today, t, this.deps.shutdowns.learned());
    if (shutDown) return refused(shutDown);
    const outside = await outputFolderProblem(task.location.folder);
    if (outside) return refused(outside);
    const plan = planRequest(task);
    if (!plan.ok) return refused(plan.problems.map((problem) => describeProblem(problem, t)).join(' '));
    const { request } = plan;
    const learned = this.deps.refusals.known(request.body.model, request.body);
    if (learned) return refused(refusalText(learned));
    const partialImages = this.partialImagesOf(task, request);
    const estimate = this.estimate(task, request, partialImages);
    const stopped = gate(estimate);
    if (stopped) return refused(stopped);
    const apiKey = await this.deps.keys.getOrAsk();
    if (!apiKey) return refused(t('No API key was entered, so nothing was sent. The user can set one with "OpenAI Images: Set API Key".'));
    const prepared: PreparedRequest = { request, partialImages, estimate, connection: connectionFor(task.settings, apiKey) };
    if (!request.compatible) this.deps.shutdowns.checkInBackground(request.body.model, prepared.connection);
    const entry = runningEntry(task, prepared);
    this.deps.store.put(entry);
    const outcome = await this.send(task, entry, prepared, underToken(token));
    if (!outcome.ok) {
      const costUsd = await this.countPaid(prepared, outcome);
      await this.deps.refusals.learn(outcome.failure, request.body.model, request.body);
      this.deps.store.put(this.failedEntry({ ...entry, costUsd }, outcome.failure, outcome.durationMs));
      return { ok: false, message: agentFailureText(outcome.failure, request.body.model, t, today), paidUsd: costUsd };
    }
    const files = await this.record(task, entry, prepared, outcome);
    const { body } = request;
    return {
      ok: true,
      files,
      costUsd: this.costOf(request, outcome) ?? estimate.usd,
      model: body.model,
      size: body.size,
      quality: body.quality,
      format: body.output_format,
      note: agentDeprecationNote(body.model, today, t, this.deps.shutdowns.learned()),
    };
  }

  /** What a task would cost as things stand, without asking or sending anything; undefined when it cannot be sent. */
  estimateTask(task: ImageTask): CostEstimate | undefined {
    const plan = planRequest(task);
    if (!plan.ok) return undefined;
    return this.estimate(task, plan.request, this.partialImagesOf(task, plan.request));
  }

  private partialImagesOf(task: ImageTask, request: PlannedRequest): number | undefined {
    // Streaming is OpenAI's addition to the API: a compatible server is asked for the whole image.
    if (request.compatible) return undefined;
    const { body } = request;
    return partialImagesFor(body.n, task.settings.partialImages, this.deps.streaming.refused(task.settings.baseUrl, body.model), {
      model: body.model,
      format: body.output_format,
    });
  }

  /** Everything before sending: the model still served, the output folder, the plan, the cost, the key. */
  private async prepare(task: ImageTask): Promise<PreparedRequest | undefined> {
    // OpenAI's shutdowns are not a compatible server's: its model is not looked up in the catalogue's dates.
    const compatible = compatibleTargetOf(task.settings) !== undefined;
    if (!compatible && !this.deps.retirement.beforeSend(task.settings.model, this.originOf(task), (successor) => this.run(withModel(task, successor)))) {
      return undefined;
    }
    const outside = await outputFolderProblem(task.location.folder);
    if (outside) {
      void showError(outside);
      return undefined;
    }
    const plan = planRequest(task);
    if (!plan.ok) {
      await presentFailure({ kind: 'invalid-input', problems: plan.problems }, this.deps.log);
      return undefined;
    }
    const refused = this.deps.refusals.known(plan.request.body.model, plan.request.body);
    if (refused && !(await sendDespite(refused))) return undefined;
    const { request } = plan;
    const { settings } = task;
    const { body } = request;
    const partialImages = this.partialImagesOf(task, request);
    const estimate = this.estimate(task, request, partialImages);
    if (estimate.usd > settings.confirmAboveUsd && !(await confirmCost(estimate, body.n, body.model))) return undefined;
    const apiKey = await this.deps.keys.getOrAsk();
    if (!apiKey) {
      void showWarning(vscode.l10n.t('No API key was entered, so nothing was sent.'));
      return undefined;
    }
    const connection = connectionFor(settings, apiKey);
    if (!request.compatible) this.deps.shutdowns.checkInBackground(body.model, connection);
    return { request, partialImages, estimate, connection };
  }

  private estimate(task: ImageTask, request: PlannedRequest, partialImages: number | undefined): CostEstimate {
    const { body } = request;
    if (request.compatible) return compatibleEstimate(request.compatible.target, body.n);
    const complexity = body.complexity ?? 'auto';
    const inputImages =
      task.kind === 'edit'
        ? [...task.images, ...(task.mask ? [task.mask] : []), ...(task.markup ? [task.markup] : [])].map((image) => readImageInfo(image.bytes))
        : undefined;
    return estimateCost({
      model: body.model,
      size: body.size,
      quality: body.quality,
      n: body.n,
      complexity,
      partialImages,
      observedTokens: observedTokens(this.deps.store.all(), { model: body.model, quality: body.quality, size: body.size, complexity }),
      inputImages,
      inputFidelity: task.settings.inputFidelity,
    });
  }

  /** Sends the request under a cancellable notification; partial and finished images go to the panel as they come. */
  private async send(
    task: ImageTask,
    entry: ResultEntry,
    { request, connection, partialImages, estimate }: PreparedRequest,
    host: SendHost,
  ): Promise<JobOutcome> {
    const cost = costLabel(estimate);
    const format = request.body.output_format;
    const title =
      task.kind === 'generate'
        ? vscode.l10n.t('Generating image with {0}... ({1})', request.body.model, cost)
        : vscode.l10n.t('Editing image with {0}... ({1})', request.body.model, cost);
    // Partial images are the point of streaming: the panel is there to draw the first one.
    if (partialImages !== undefined) this.deps.panel.show(true);
    await this.deps.inFlight.begin(entry);
    try {
      return await this.sendUnder(task, entry, { request, connection, partialImages, estimate }, host, title, format);
    } finally {
      await this.deps.inFlight.end(entry.id);
    }
  }

  private sendUnder(
    task: ImageTask,
    entry: ResultEntry,
    { request, connection, partialImages }: PreparedRequest,
    host: SendHost,
    title: string,
    format: OutputFormat,
  ): Thenable<JobOutcome> {
    return host(title, (signal, report) =>
      runImageJob({
        request,
        connection,
        folder: workspaceTargetFolder(task.location.folder),
        stem: sanitizeStem(task.location.stem ?? task.stem),
        signal,
        log: this.deps.log,
        recipe: recipeFor(request, task),
        recipes: this.deps.recipes.sinkFor(task.location.folder),
        credentials: task.settings.contentCredentials,
        recovery: this.deps.recovery,
        partialImages,
        onPartial: (image, index) => {
          report(vscode.l10n.t('partial image {0} of {1}', index + 1, partialImages ?? index + 1));
          this.deps.panel.showPartial(entry.id, index, image, format);
        },
        onStreamingRefused: () => this.deps.streaming.refuse(task.settings.baseUrl, request.body.model),
        onImages: (images) => {
          const first = images[0];
          if (first) this.deps.panel.showFinal(entry.id, first, format);
        },
      }),
    );
  }

  /**
   * A job that failed after its answer arrived (the image is in recovery) was paid for all the same: its cost
   * counts toward the spend shown and the limits, at the estimate when the answer did not say.
   */
  private async countPaid({ request, estimate }: PreparedRequest, outcome: Extract<JobOutcome, { ok: false }>): Promise<number | undefined> {
    if (!outcome.paid) return undefined;
    const { usage, svgUsage } = outcome.paid;
    const costUsd = usage && !request.compatible ? actualCost(request.body.model, usage, svgUsage) : estimate.usd;
    await this.deps.spend.add(costUsd);
    return costUsd;
  }

  /** From the answer's usage at OpenAI's rates; a compatible server's at its declared price per image written. */
  private costOf(request: PlannedRequest, outcome: Extract<JobOutcome, { ok: true }>): number | undefined {
    if (request.compatible) return compatiblePriceUsd(request.compatible.target, outcome.files.length);
    return outcome.usage ? actualCost(request.body.model, outcome.usage, outcome.svgUsage) : undefined;
  }

  /** Records what was written and what it cost, and shows it in the panel. */
  private async record(
    task: ImageTask,
    entry: ResultEntry,
    { request, estimate }: PreparedRequest,
    outcome: Extract<JobOutcome, { ok: true }>,
  ): Promise<vscode.Uri[]> {
    const files = outcome.files.map((name) => vscode.Uri.joinPath(task.location.folder, name));
    await this.deps.refusals.forget(request.body.model, request.body);
    const costUsd = this.costOf(request, outcome);
    if (costUsd !== undefined) {
      this.deps.log.info(`Cost ${formatUsd(costUsd)} (estimated ${formatUsd(estimate.usd)}) request_id=${outcome.requestId ?? '-'}`);
      await this.deps.spend.add(costUsd);
    } else {
      // The history shows the cost as unknown; the limits count the estimate, so an answer without usage is not free.
      this.deps.log.info(
        `Cost unknown (the answer gave no usage); ${formatUsd(estimate.usd)} estimated counts toward the spending shown request_id=${outcome.requestId ?? '-'}`,
      );
      await this.deps.spend.add(estimate.usd);
    }
    const usage = outcome.usage
      ? {
          inputTokens: outcome.usage.input_tokens,
          outputTokens: outcome.usage.output_tokens,
          outputImageTokens: outcome.usage.output_tokens_details?.image_tokens,
        }
      : undefined;
    this.deps.store.put({
      ...entry,
      status: 'done',
      files: files.map((uri) => uri.toString()),
      durationMs: outcome.durationMs,
      requestId: outcome.requestId,
      usage,
      costUsd,
    });
    this.deps.panel.show(true);
    return files;
  }

  private originOf(task: ImageTask): ModelOrigin {
    return task.modelOrigin === 'recorded' ? { kind: 'recorded' } : { kind: 'settings', scope: task.origin ?? task.sources?.[0] ?? task.location.folder };
  }

  private async announce(files: readonly vscode.Uri[], prompt: string): Promise<void> {
    const first = files[0]!;
    const open = vscode.l10n.t('Open');
    const copy = vscode.l10n.t('Copy Markdown Link');
    const message =
      files.length === 1
        ? vscode.l10n.t('Created {0}', vscode.workspace.asRelativePath(first))
        : vscode.l10n.t('Created {0} images in {1}', files.length, vscode.workspace.asRelativePath(vscode.Uri.joinPath(first, '..')));
    const choice = await showInformation(message, open, copy);
    if (choice === open) await openFile(first);
    if (choice === copy) await copyMarkdownLink(first, (await this.deps.altText?.(first, prompt)) ?? prompt);
  }

  private failedEntry(entry: ResultEntry, failure: Failure, durationMs: number): ResultEntry {
    const status = failure.kind === 'cancelled' ? 'cancelled' : 'failed';
    const recovered = failure.recovered?.map((file) => vscode.Uri.file(file).toString());
    return { ...entry, status, error: failureMessage(failure), durationMs, requestId: failure.requestId, ...(recovered?.length ? { recovered } : {}) };
  }

  private fail(entry: ResultEntry, failure: Failure, durationMs: number, task: ImageTask): void {
    this.deps.store.put(this.failedEntry(entry, failure, durationMs));
    if (failure.kind === 'model-retired') {
      this.deps.log.inBackground(
        'The retired-model notice',
        this.deps.retirement.afterRefusal(task.settings.model, this.originOf(task), (successor) => this.run(withModel(task, successor))),
      );
      return;
    }
    // presentFailure stays silent on a cancel: the user asked for it.
    this.deps.log.inBackground(
      'The failure notification',
      presentFailure(failure, this.deps.log, {
        retry: () => this.run(task),
        editPrompt: async () => {
          const prompt = await vscode.window.showInputBox({ title: vscode.l10n.t('Edit Prompt'), value: task.prompt, ignoreFocusOut: true });
          if (prompt !== undefined) await this.run({ ...task, prompt });
        },
      }),
    );
  }
}
