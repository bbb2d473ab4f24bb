/**
 * What the generate and edit tools share: a call planned into the task the commands run, the confirmation VS Code
 * shows before it (the estimated cost and the files it writes), and the run under the spending limit, answered
 * with the files, the cost and the images themselves.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import { agentSuccessText } from '../../core/agentTools';
import type { OutputFormat } from '../../core/modelCatalogue';
import { formatUsd, type CostEstimate } from '../../core/pricing';
import { sanitizeStem } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS, OUTPUT_MIME_TYPES } from '../../core/outputFiles';
import { freeNames } from '../../pipeline/writeImages';
import { costLabel } from '../../platform/costLabel';
import { workspaceTargetFolder } from '../../platform/workspaceTargetFolder';
import type { SettingsReader } from '../../platform/settingsReader';
import type { ImageRequestRunner, ImageTask } from '../requests/imageRequestRunner';
import type { AgentSpend } from './agentSpend';
import { ToolConfirmations } from './toolConfirmations';
import type { Reservation } from '../../core/spendingLimit';
import { quotedText } from '../../core/plainText';
import { RefusedToolPath, shownToolPath } from './toolPaths';
import { callKey, RepeatedCalls, type Repeat } from '../../core/repeatedCalls';
import type { ImageContentChoice } from '../../core/agentImageContent';
import { agentThumbnail } from '../../pipeline/agentThumbnail';

export interface ImageToolDeps {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly spend: AgentSpend;
}

/** What makes a paid tool what it is: how its input becomes a call, and how the call is named to the user. */
export interface PaidToolSpec {
  /** The tool's name: a repeat is the same tool with the same input. */
  readonly name: string;
  plan(raw: unknown): Promise<ToolCallPlan>;
  invocationMessage(call: PlannedToolCall): string;
  title(call: PlannedToolCall): string;
}

/** A tool that costs money: confirmed with its cost and files, then run under the spending limit; never unconfirmed. */
export function paidImageTool(deps: ImageToolDeps, spec: PaidToolSpec): vscode.LanguageModelTool<unknown> {
  const confirmations = new ToolConfirmations();
  // A call repeating one still running, or one that succeeded in the last 15 minutes, gets its answer: an agent
  // that gave up on a slow image and calls again must not pay for it twice.
  const repeats = new RepeatedCalls<RunAnswer>((answer) => answer.ok);
  const keyOf = (input: unknown) =>
    callKey(
      spec.name,
      input,
      (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()),
    );
  return {
    prepareInvocation: async (options) => {
      const repeat = repeats.peek(keyOf(options.input));
      if (repeat) return { invocationMessage: repeatMessage(repeat) };
      const plan = await spec.plan(options.input);
      const prepared = prepareCall(plan, deps.spend, spec.invocationMessage, spec.title);
      if (prepared.confirmationMessages && plan.ok && plan.value.estimate) confirmations.remember(options.input, { estimateUsd: plan.value.estimate.usd });
      return prepared;
    },
    invoke: async (options, token) => {
      const confirmed = confirmations.take(options.input);
      const send = async (): Promise<RunAnswer> => {
        // Planned again: the files may have changed since the confirmation.
        const plan = await spec.plan(options.input);
        if (!plan.ok) return { ok: false, result: textResult(plan.message) };
        const estimate = plan.value.estimate;
        if (!confirmed) {
          const overLimit = estimate && deps.spend.refusal(estimate.usd);
          return { ok: false, result: textResult(overLimit || vscode.l10n.t('Not sent: the user was not asked to confirm this call. Call the tool again.')) };
        }
        if (estimate && estimate.usd > confirmed.estimateUsd + 1e-9)
          return {
            ok: false,
            result: textResult(
              vscode.l10n.t(
                'Not sent: it would now cost {0}, more than the {1} the user confirmed. Call the tool again.',
                costLabel(estimate),
                formatUsd(confirmed.estimateUsd),
              ),
            ),
          };
        return runCall(deps.runner, deps.spend, plan, token);
      };
      const { answer, repeat } = await repeats.run(keyOf(options.input), send);
      return repeat ? new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(repeatText(repeat)), ...answer.result.content]) : answer.result;
    },
  };
}

/** A tool's answer and whether it made its images (only those are handed to repeats). */
interface RunAnswer {
  readonly ok: boolean;
  readonly result: vscode.LanguageModelToolResult;
}

function repeatMessage(repeat: Repeat): string {
  return repeat.running
    ? vscode.l10n.t('Waiting for the same call, still running: nothing is sent again')
    : vscode.l10n.t('Returning the image of the same call: nothing is sent again');
}

function repeatText(repeat: Repeat): string {
  const seconds = Math.round(repeat.ageMs / 1000);
  return repeat.running
    ? vscode.l10n.t(
        'The same call (same arguments, same workspace) started {0} s ago and was still running: this is its result. Nothing was sent to OpenAI again.',
        seconds,
      )
    : vscode.l10n.t(
        'The same call (same arguments, same workspace) finished {0} s ago: this is its result, the same file. Nothing was sent to OpenAI again.',
        seconds,
      );
}

/** A call ready to run: the task, and what a confirmation tells the user about it. */
export interface PlannedToolCall {
  readonly task: ImageTask;
  /** Undefined when the request cannot be sent as asked (the run then says why). */
  readonly estimate: CostEstimate | undefined;
  /** Workspace-relative names the images would get now. */
  readonly writes: readonly string[];
  /** Workspace-relative inputs (for an edit). */
  readonly reads: readonly string[];
}

/** A value, or the message the model gets instead. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export type ToolCallPlan = Checked<PlannedToolCall>;

/** The largest image handed back to the model inline; a vision model sees a few megapixels at most. */
const MAX_INLINE_BYTES = 4 * 1024 * 1024;
const MAX_INLINE_IMAGES = 4;
const PROMPT_SHOWN_CHARS = 400;
const PATH_SHOWN_CHARS = 200;

export function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/** Parses a call's input (a model's JSON, untrusted) or says what is wrong with it. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: vscode.l10n.t('The input does not fit the tool, so nothing was sent: {0}', z.prettifyError(parsed.error)) };
}

/** Runs a step that reads the workspace; a refused path or an unreadable input becomes the message the model gets. */
export async function planned<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof RefusedToolPath) return { ok: false, message: error.message };
    throw error;
  }
}

/** The task's files as they would be named now, and its estimate. */
export async function describeCall(runner: ImageRequestRunner, task: ImageTask, reads: readonly vscode.Uri[]): Promise<PlannedToolCall> {
  const names = await freeNames(
    workspaceTargetFolder(task.location.folder),
    sanitizeStem(task.location.stem ?? task.stem),
    OUTPUT_EXTENSIONS[task.settings.outputFormat],
    task.settings.count,
  );
  return {
    task,
    estimate: runner.estimateTask(task),
    writes: names.map((name) => shownToolPath(vscode.Uri.joinPath(task.location.folder, name))),
    reads: reads.map(shownToolPath),
  };
}

/**
 * The confirmation: the model, the prompt, the files written and the cost, as plain text (the prompt is a
 * model's words and may echo a repository's; it is never rendered as markup or links). None when the call
 * cannot run: the run then answers why without asking the user first.
 */
export function prepareCall(
  plan: ToolCallPlan,
  spend: AgentSpend,
  invocationMessage: (call: PlannedToolCall) => string,
  title: (call: PlannedToolCall) => string,
): vscode.PreparedToolInvocation {
  const call = plan.ok ? plan.value : undefined;
  const estimate = call?.estimate;
  if (!call || !estimate || spend.refusal(estimate.usd) !== undefined) return { invocationMessage: vscode.l10n.t('Checking the image request') };
  const { spentUsd, limitUsd } = spend.status();
  // The prompt and the paths are the model's words: quoted data on one line each, so they cannot draw lines of ours.
  const paths = (names: readonly string[]) => names.map((name) => quotedText(name, PATH_SHOWN_CHARS)).join(', ');
  const lines = [
    vscode.l10n.t('Prompt: {0}', quotedText(call.task.prompt, PROMPT_SHOWN_CHARS)),
    ...(call.reads.length > 0 ? [vscode.l10n.t('Reads: {0}', paths(call.reads))] : []),
    vscode.l10n.t('Writes: {0}', paths(call.writes)),
    vscode.l10n.t(
      'Estimated cost: {0}. Agents have spent {1} of the {2} they may spend in this window.',
      costLabel(estimate),
      formatUsd(spentUsd),
      formatUsd(limitUsd),
    ),
  ];
  const message = new vscode.MarkdownString();
  lines.forEach((line, index) => message.appendText(index === 0 ? line : `\n\n${line}`));
  return { invocationMessage: invocationMessage(call), confirmationMessages: { title: title(call), message } };
}

/** Runs a planned call under the spending limit and answers with the files, the cost and the images. */
export async function runCall(runner: ImageRequestRunner, spend: AgentSpend, plan: ToolCallPlan, token: vscode.CancellationToken): Promise<RunAnswer> {
  if (!plan.ok) return { ok: false, result: textResult(plan.message) };
  let reservation: Reservation | undefined;
  const gate = (estimate: CostEstimate) => {
    const reserved = spend.reserve(estimate.usd);
    if ('refusal' in reserved) return reserved.refusal;
    reservation = reserved.reservation;
    return undefined;
  };
  const outcome = await runner.runForAgent(plan.value.task, token, gate).catch((error: unknown) => {
    // Whether it was paid for is unknown: the estimate stays counted.
    reservation?.settle(reservation.usd);
    throw error;
  });
  // Every paid answer counts, also one whose image could not be written.
  reservation?.settle(outcome.ok ? outcome.costUsd : (outcome.paidUsd ?? 0));
  if (!outcome.ok) return { ok: false, result: textResult(outcome.message) };
  const text = agentSuccessText({
    files: outcome.files.map(shownToolPath),
    costUsd: outcome.costUsd,
    model: outcome.model,
    size: outcome.size,
    quality: outcome.quality,
    note: outcome.note,
  });
  return {
    ok: true,
    result: new vscode.LanguageModelToolResult([
      new vscode.LanguageModelTextPart(text),
      ...(await imageParts(outcome.files, outcome.format, plan.value.task.settings.agentImageContent)),
    ]),
  };
}

/**
 * The images, so a vision model can check its work, as `openaiImages.agentImageContent` says: a thumbnail (at most
 * 512 px, WebP) by default, so the chat's context does not pay for 4 MB on every turn; the image itself; or none.
 */
async function imageParts(files: readonly vscode.Uri[], format: OutputFormat, choice: ImageContentChoice): Promise<vscode.LanguageModelDataPart[]> {
  // A vision model sees raster images; an SVG is text it can read from the file.
  if (format === 'svg' || choice === 'none') return [];
  const mime = OUTPUT_MIME_TYPES[format];
  const parts: vscode.LanguageModelDataPart[] = [];
  for (const file of files.slice(0, MAX_INLINE_IMAGES)) {
    const bytes = await vscode.workspace.fs.readFile(file);
    // A GIF is shown whole: its first frame alone would not be what was made.
    if (choice === 'thumbnail' && format !== 'gif') parts.push(vscode.LanguageModelDataPart.image(await agentThumbnail(bytes), 'image/webp'));
    else if (bytes.length <= MAX_INLINE_BYTES) parts.push(vscode.LanguageModelDataPart.image(bytes, mime));
  }
  return parts;
}
