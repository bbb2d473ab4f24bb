/**
 * "Write the Prompt and Generate...": a language model (features/writer) reads the selection, the section around
 * it, the document's language and the workspace's style kits, and proposes a prompt in an editable box. Nothing goes
 * to the image API before the user accepts it; the image is then made as Generate from Selection makes it, and its
 * recipe keeps the proposal and what the model saw.
 */
import * as vscode from 'vscode';
import { composePrompt } from '../../core/assets/styleKit';
import { slugFromPrompt } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { formatUsd } from '../../core/pricing';
import { boundedContext, sectionAround, type PromptContext, type WriterStyle } from '../../core/writer/writerContext';
import { cleanProposal, promptWriterRequest } from '../../core/writer/writerInstructions';
import type { Command } from '../../platform/command';
import { showError, withNotificationProgress } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { RecentPrompts } from '../requests/recentPrompts';
import type { LanguageModelWriter } from '../writer/languageModelWriter';
import { workspaceStyles } from './workspaceStyles';

export interface WritePromptServices {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
  readonly writer: LanguageModelWriter;
}

/** Lines read on each side of the selection to find its section in: a huge file is never read whole. */
const WINDOW_LINES = 400;

/** The section around the editor's selections, read from a bounded window of the document. */
function sectionOf(document: vscode.TextDocument, first: number, last: number): PromptContext['section'] {
  const from = Math.max(0, first - WINDOW_LINES);
  const to = Math.min(document.lineCount - 1, last + WINDOW_LINES);
  const lines = Array.from({ length: to - from + 1 }, (_, index) => document.lineAt(from + index).text);
  const section = sectionAround(lines, first - from, last - from, document.languageId);
  return section && { ...section, startLine: section.startLine + from, endLine: section.endLine + from };
}

/** The workspace's style kits in the words the model is shown (the same words a styled request adds). */
async function stylesForWriter(): Promise<WriterStyle[]> {
  const found = await workspaceStyles().catch(() => []);
  return found.map(({ style }) => ({ name: style.name, words: composePrompt('', style, false).trim().replace(/\n/g, '; ') }));
}

/** What the model sees: `idea` (typed words) or the selection (else the cursor's line), and the document around it. */
async function gatherContext(editor: vscode.TextEditor | undefined, idea: string | undefined): Promise<PromptContext> {
  const styles = await stylesForWriter();
  if (!editor) return { selection: idea ?? '', languageId: 'plaintext', styles };
  const { document } = editor;
  const selections = [...editor.selections].sort((a, b) => a.start.compareTo(b.start));
  const first = selections[0]!.start.line;
  const last = selections[selections.length - 1]!.end.line;
  const selected = selections
    .filter((selection) => !selection.isEmpty)
    .map((selection) => document.getText(selection).trim())
    .filter((text) => text !== '')
    .join('\n');
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return {
    selection: idea ?? (selected || document.lineAt(editor.selection.active.line).text.trim()),
    section: sectionOf(document, first, last),
    languageId: document.languageId,
    // Relative to its workspace folder, or nothing: the model never learns how the user's disk is laid out.
    ...(folder ? { documentName: vscode.workspace.asRelativePath(document.uri, false) } : {}),
    styles,
  };
}

/** Proposes a prompt, lets the user edit it, then generates; `idea` is what the user typed into a prompt box. */
export async function writeThenGenerate(services: WritePromptServices, idea?: string): Promise<vscode.Uri[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  const context = boundedContext(await gatherContext(editor, idea?.trim() || undefined));
  if (context.selection === '' && !context.section) {
    const asked = await askPrompt({ title: vscode.l10n.t('Write the Prompt'), placeholder: vscode.l10n.t('What should the picture show, in a few words?') });
    if (!asked) return undefined;
    return writeThenGenerate(services, asked);
  }
  const written = await withNotificationProgress(vscode.l10n.t('Writing a prompt...'), (_progress, token) =>
    services.writer.write(promptWriterRequest(context), 'prompt', token),
  );
  if (!written) return undefined;
  const proposal = cleanProposal(written.text);
  if (!proposal) {
    void showError(vscode.l10n.t('{0} wrote no prompt. Try again, or select more of the text.', written.by));
    return undefined;
  }
  const cost = written.costUsd === undefined ? '' : ` (${formatUsd(written.costUsd)})`;
  const prompt = await askPrompt({
    title: vscode.l10n.t('Write the Prompt'),
    value: proposal,
    prompt: vscode.l10n.t('Proposed by {0}{1}. Edit it, then press Enter to generate the image.', written.by, cost),
  });
  if (!prompt) return undefined;
  const document = editor?.document;
  const settings = services.settings.read(document?.uri);
  const stem = slugFromPrompt(prompt);
  const location = await chooseOutputLocation(document?.uri, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
  if (!location) return undefined;
  await services.recentPrompts.remember(prompt);
  return services.runner.run({
    kind: 'generate',
    prompt,
    settings,
    location,
    stem,
    origin: document?.uri,
    written: { by: written.by, proposal, saw: { ...context, styles: [...context.styles] } },
  });
}

export function writePromptCommand(services: WritePromptServices): Command {
  return {
    async execute() {
      await writeThenGenerate(services);
    },
  };
}
