/** `generate_image` (#generateImage): makes images where the agent says, through the same runner as the commands. */
import * as vscode from 'vscode';
import { generateImageSchema, settingsForCall } from '../../core/agentTools';
import { slugFromPrompt } from '../../core/fileNaming';
import type { SettingsReader } from '../../platform/settingsReader';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { AgentSpend } from './agentSpend';
import { describeCall, parseInput, planned, prepareCall, runCall, type ToolCallPlan } from './imageToolCall';
import { toolTarget } from './toolPaths';

export interface ImageToolDeps {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly spend: AgentSpend;
}

export class GenerateImageTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly deps: ImageToolDeps) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    return prepareCall(
      await this.plan(options.input),
      this.deps.spend,
      (call) => vscode.l10n.t('Generating {0}', call.writes.join(', ')),
      (call) => vscode.l10n.t('Generate an image with {0}?', call.task.settings.model),
    );
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    // Planned again: the files may have changed since the confirmation.
    return runCall(this.deps.runner, this.deps.spend, await this.plan(options.input), token);
  }

  private async plan(raw: unknown): Promise<ToolCallPlan> {
    const input = parseInput(generateImageSchema, raw);
    if (!input.ok) return input;
    const { prompt, path } = input.value;
    return planned(async () => {
      const target = await toolTarget(path);
      const settings = settingsForCall(this.deps.settings.read(target.folder), input.value, target.format);
      return describeCall(
        this.deps.runner,
        { kind: 'generate', prompt, settings, location: { folder: target.folder }, stem: target.stem ?? slugFromPrompt(prompt) },
        [],
      );
    });
  }
}
