/** `edit_image` (#editImage): edits workspace images, with a mask or markup, and writes the result beside the first. */
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../core/agentToolNames';
import { editImageSchema, settingsForCall } from '../../core/agentTools';
import { editStem } from '../../core/fileNaming';
import { describeCall, paidImageTool, parseInput, planned, type ImageToolDeps, type ToolCallPlan } from './imageToolCall';
import { readToolInput, toolTarget } from './toolPaths';

const fileName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

export function editImageTool(deps: ImageToolDeps): vscode.LanguageModelTool<unknown> {
  return paidImageTool(deps, {
    name: AGENT_TOOLS.edit,
    plan: (raw) => planEdit(deps, raw),
    invocationMessage: (call) => vscode.l10n.t('Editing {0}', call.reads[0] ?? ''),
    title: (call) => vscode.l10n.t('Edit {0} with {1}?', call.reads[0] ?? '', call.task.settings.model),
  });
}

async function planEdit(deps: ImageToolDeps, raw: unknown): Promise<ToolCallPlan> {
  const input = parseInput(editImageSchema, raw);
  if (!input.ok) return input;
  const { prompt } = input.value;
  return planned(async () => {
    const images = await Promise.all(input.value.images.map(readToolInput));
    const mask = input.value.mask === undefined ? undefined : await readToolInput(input.value.mask);
    const markup = input.value.markup === undefined ? undefined : await readToolInput(input.value.markup);
    const first = images[0]!;
    // By default the result goes beside the first image, in the folder it was read from.
    const target = await toolTarget(input.value.path ?? `${vscode.Uri.joinPath(first.uri, '..').path}/`);
    const settings = settingsForCall(deps.settings.read(target.folder), input.value, target.format);
    const named = (file: { uri: vscode.Uri; bytes: Uint8Array }) => ({ name: fileName(file.uri), bytes: file.bytes });
    return describeCall(
      deps.runner,
      {
        kind: 'edit',
        prompt,
        settings,
        images: images.map(named),
        mask: mask && named(mask),
        markup: markup && named(markup),
        location: { folder: target.folder },
        stem: target.stem ?? editStem(fileName(first.uri)),
        sources: images.map((image) => image.uri),
        maskSource: mask?.uri,
        markupSource: markup?.uri,
      },
      [...images, ...(mask ? [mask] : []), ...(markup ? [markup] : [])].map((file) => file.uri),
    );
  });
}
