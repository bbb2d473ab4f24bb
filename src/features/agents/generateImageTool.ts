/** `generate_image` (#generateImage): makes images where the agent says, through the same runner as the commands. */
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../core/agentToolNames';
import { generateImageSchema, settingsForCall } from '../../core/agentTools';
import { slugFromPrompt } from '../../core/fileNaming';
import { describeCall, paidImageTool, parseInput, planned, type ImageToolDeps, type ToolCallPlan } from './imageToolCall';
import { toolTarget } from './toolPaths';

export function generateImageTool(deps: ImageToolDeps): vscode.LanguageModelTool<unknown> {
  return paidImageTool(deps, {
    name: AGENT_TOOLS.generate,
    plan: (raw) => planGenerate(deps, raw),
    invocationMessage: (call) => vscode.l10n.t('Generating {0}', call.writes.join(', ')),
    title: (call) => vscode.l10n.t('Generate an image with {0}?', call.task.settings.model),
  });
}

async function planGenerate(deps: ImageToolDeps, raw: unknown): Promise<ToolCallPlan> {
  const input = parseInput(generateImageSchema, raw);
  if (!input.ok) return input;
  const { prompt, path } = input.value;
  return planned(async () => {
    const target = await toolTarget(path);
    const settings = settingsForCall(deps.settings.read(target.folder), input.value, target.format);
    return describeCall(
      deps.runner,
      { kind: 'generate', prompt, settings, location: { folder: target.folder }, stem: target.stem ?? slugFromPrompt(prompt) },
      [],
    );
  });
}
