/**
 * "Write the Prompt" above a manifest asset (CodeLens): a language model reads the asset's prompt, its entry in the
 * manifest and the style kits, and proposes a better prompt in an editable box. Accepting it puts the words into
 * the manifest (that one JSON string, nothing else of the file), saves it, and makes the asset, as its Generate
 * lens would: the manifest stays the one place the prompt is written.
 */
import * as vscode from 'vscode';
import { assetPromptReplacement } from '../../core/assets/assetPromptEdit';
import { composePrompt, type ResolvedStyle } from '../../core/assets/styleKit';
import { sectionAround, type PromptContext } from '../../core/writer/writerContext';
import { cleanProposal, promptWriterRequest } from '../../core/writer/writerInstructions';
import type { Command } from '../../platform/command';
import { showError, withNotificationProgress } from '../../platform/notify';
import { askPrompt } from '../requests/promptInput';
import type { LanguageModelWriter } from '../writer/languageModelWriter';
import type { AssetJobs } from './assetJobs';
import { loadManifest } from './manifestDocuments';

const styleWords = (style: ResolvedStyle) => ({ name: style.name, words: composePrompt('', style, false).trim().replace(/\n/g, '; ') });

export function writeAssetPromptCommand(services: { readonly assets: AssetJobs; readonly writer: LanguageModelWriter }): Command {
  return {
    async execute(manifest?: unknown, index?: unknown) {
      if (!(manifest instanceof vscode.Uri) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
      const result = await loadManifest(manifest);
      const asset = result.ok ? result.loaded.manifest.assets[index] : undefined;
      if (!result.ok || !asset) return;
      const document = await vscode.workspace.openTextDocument(manifest);
      const first = document.positionAt(asset.offset).line;
      const last = document.positionAt(asset.offset + asset.length).line;
      const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
      const styles = asset.style ? [asset.style] : result.loaded.manifest.styles;
      const context: PromptContext = {
        source: 'manifest',
        selection: asset.ownPrompt,
        section: sectionAround(lines, first, last, 'json'),
        languageId: document.languageId,
        documentName: vscode.workspace.asRelativePath(manifest, false),
        styles: styles.map(styleWords),
      };
      const written = await withNotificationProgress(vscode.l10n.t('Writing a prompt...'), (_progress, token) =>
        services.writer.write(promptWriterRequest(context), 'prompt', token),
      );
      if (!written) return;
      const proposal = cleanProposal(written.text);
      if (!proposal) {
        void showError(vscode.l10n.t('{0} wrote no prompt. Try again, or select more of the text.', written.by));
        return;
      }
      const prompt = await askPrompt({
        title: vscode.l10n.t('Write the Prompt for {0}', asset.key),
        value: proposal,
        prompt: vscode.l10n.t('Proposed by {0}. Enter puts it into the manifest and makes the asset.', written.by),
      });
      if (!prompt) return;
      const change = assetPromptReplacement(document.getText(), index, prompt);
      if (!change) return;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(manifest, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.text);
      if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) return;
      return services.assets.generateOne(manifest, index);
    },
  };
}
