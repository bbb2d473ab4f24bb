/**
 * What the panel's buttons do to a result: file actions (open, insert, delete...) and recipe actions
 * (regenerate, more like this, refine). Everything arrives as a recorded history entry, never as a path
 * the webview chose.
 */
import { keepChosenFile } from './keepChosenFile';
import * as vscode from 'vscode';
import { CommandIds } from '../../core/commandIds';
import { editStem, slugFromPrompt } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { observedTokens } from '../../core/costCalibration';
import { estimateCost } from '../../core/pricing';
import type { ResultEntry, ResultsStore } from '../../core/results';
import type { Settings } from '../../core/settings';
import type { PanelRequest } from '../panel/imagesPanel';
import { costLabel } from '../../platform/costLabel';
import { fileName, readImages } from '../edit/editInputs';
import type { EditorTracker } from '../../platform/editorTracker';
import { copyMarkdownLink, copyPath, openFile, revealFile } from '../../platform/fileActions';
import type { HistoryFile } from './historyFile';
import type { ImageRequestRunner, ImageTask } from '../requests/imageRequestRunner';
import { insertReference } from '../insert/imageReferences';
import type { Logger } from '../../platform/logger';
import { chooseOutputLocation, type OutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { SettingsReader } from '../../platform/settingsReader';
import { showError, showWarning } from '../../platform/notify';
import { discardRecovered, intendedName } from '../../pipeline/recovery';
import { saveRecoveredImages } from '../requests/recoveredImages';
import type { ImageDescriptions } from '../writer/imageDescriptions';

export interface ResultActionDeps {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly store: ResultsStore;
  readonly history: HistoryFile;
  readonly editors: EditorTracker;
  readonly log: Logger;
  readonly descriptions: ImageDescriptions;
}

const MORE_COUNTS = [1, 2, 3, 4] as const;

export class ResultActions {
  constructor(private readonly deps: ResultActionDeps) {}

  /** Insert at Cursor: the picture's description as alt text (made now if there is none), else its prompt. */
  private async insert(file: vscode.Uri, prompt: string): Promise<boolean> {
    const editor = this.deps.editors.target();
    const alt = editor ? await this.deps.descriptions.altFor(file, prompt, editor.document) : prompt;
    return insertReference(editor, file, alt);
  }

  async handle(request: PanelRequest): Promise<unknown> {
    switch (request.type) {
      case 'clear':
        return this.clearHistory();
      case 'regenerate':
        return this.rerun(request.entry);
      case 'moreLikeThis':
        return this.moreLikeThis(request.entry);
      case 'open':
        return openFile(request.file);
      case 'reveal':
        return revealFile(request.file);
      case 'copyPath':
        return copyPath(request.file);
      case 'copyMarkdownLink':
        return copyMarkdownLink(
          request.file,
          await this.deps.descriptions.altFor(request.file, request.entry.prompt, vscode.window.activeTextEditor?.document),
        );
      case 'insert':
        return this.insert(request.file, request.entry.prompt);
      case 'refine':
        return this.refine(request.entry, request.file);
      case 'drawEdit':
        return vscode.commands.executeCommand(CommandIds.drawEdit, request.file);
      case 'converse':
        return vscode.commands.executeCommand(CommandIds.continueInConversation, request.file);
      case 'startConversation':
        return vscode.commands.executeCommand(CommandIds.startConversation);
      case 'deleteFile':
        return this.deleteFile(request.file);
      case 'keepOnly':
        return keepChosenFile(request.entry, request.file, this.deps);
      case 'saveRecovered':
        return this.saveRecovered(request.entry, request.file);
      case 'discardRecovered':
        return this.discardRecovered(request.entry, request.file);
    }
  }

  /** Saves a recovered image where the user says; the card then shows it there, the way a written image is shown. */
  private async saveRecovered(entry: ResultEntry, file: vscode.Uri): Promise<void> {
    const [saved] = await saveRecoveredImages([file.fsPath], this.deps.log);
    if (!saved) return;
    this.leaveRecovery(entry, file, saved);
  }

  private async discardRecovered(entry: ResultEntry, file: vscode.Uri): Promise<void> {
    const discard = vscode.l10n.t('Discard Image');
    const choice = await showWarning(
      vscode.l10n.t('Discard {0}? It was paid for and cannot be brought back.', intendedName(file.fsPath)),
      { modal: true },
      discard,
    );
    if (choice !== discard) return;
    await discardRecovered(file.fsPath);
    this.deps.log.info(`recovered image discarded: ${file.fsPath}`);
    this.leaveRecovery(entry, file, undefined);
  }

  private leaveRecovery(entry: ResultEntry, file: vscode.Uri, savedTo: vscode.Uri | undefined): void {
    const current = this.deps.store.get(entry.id) ?? entry;
    const recovered = (current.recovered ?? []).filter((each) => each !== file.toString());
    const files = savedTo ? [...current.files, savedTo.toString()] : current.files;
    // Once every recovered image is saved somewhere, the request is as good as written.
    const done = recovered.length === 0 && files.length > 0;
    this.deps.store.put({
      ...current,
      recovered: recovered.length > 0 ? recovered : undefined,
      files,
      ...(done ? { status: 'done' as const, error: undefined } : {}),
    });
  }

  /** The entry's recipe over today's settings for its folder: what it was made with wins. */
  private settingsFor(entry: ResultEntry, scope: vscode.Uri | undefined): Settings {
    const current = this.deps.settings.read(scope);
    const recorded = entry.settings ?? {};
    return { ...current, ...recorded, model: entry.model, size: entry.size, quality: entry.quality, outputFormat: entry.format };
  }

  private async locationFor(entry: ResultEntry, settings: Settings, stem: string): Promise<OutputLocation | undefined> {
    if (entry.outputFolder) return { folder: vscode.Uri.parse(entry.outputFolder) };
    const first = entry.files[0] ?? entry.sources[0] ?? entry.origin;
    return chooseOutputLocation(first ? vscode.Uri.parse(first) : undefined, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
  }

  /** Runs the entry's recipe again; with `count`, that many images. Edits read their input images anew. */
  private async rerun(entry: ResultEntry, count?: number): Promise<unknown> {
    const scope = entry.outputFolder ? vscode.Uri.parse(entry.outputFolder) : undefined;
    const base = this.settingsFor(entry, scope);
    const settings = count === undefined ? base : { ...base, count };
    const stem = entry.stem ?? slugFromPrompt(entry.prompt);
    const location = await this.locationFor(entry, settings, stem);
    if (!location) return;
    const common = {
      prompt: entry.prompt,
      settings,
      location,
      stem,
      origin: entry.origin ? vscode.Uri.parse(entry.origin) : undefined,
      parentId: entry.parentId,
      modelOrigin: 'recorded' as const,
    };
    if (entry.kind === 'generate') return this.deps.runner.run({ kind: 'generate', ...common });

    const sources = entry.sources.map((source) => vscode.Uri.parse(source));
    const maskSource = entry.mask ? vscode.Uri.parse(entry.mask) : undefined;
    const markupSource = entry.markup ? vscode.Uri.parse(entry.markup) : undefined;
    const images = await readImages(sources);
    const masks = maskSource ? await readImages([maskSource]) : [];
    const markups = markupSource ? await readImages([markupSource]) : [];
    if (!images || !masks || !markups) return;
    const task: ImageTask = { kind: 'edit', ...common, images, mask: masks[0], markup: markups[0], sources, maskSource, markupSource };
    return this.deps.runner.run(task);
  }

  private async moreLikeThis(entry: ResultEntry): Promise<unknown> {
    const items = MORE_COUNTS.map((count) => ({
      label: String(count),
      description: costLabel(
        estimateCost({
          model: entry.model,
          size: entry.size,
          quality: entry.quality,
          n: count,
          complexity: entry.settings?.complexity,
          partialImages: count === 1 ? entry.partialImages : undefined,
          // An edit's inputs at their most expensive shape: the request itself is estimated from the real ones.
          inputImages:
            entry.kind === 'edit'
              ? [...entry.sources, ...(entry.mask ? [entry.mask] : []), ...(entry.markup ? [entry.markup] : [])].map(() => undefined)
              : undefined,
          inputFidelity: entry.settings?.inputFidelity,
          observedTokens: observedTokens(this.deps.store.all(), {
            model: entry.model,
            quality: entry.quality,
            size: entry.size,
            complexity: entry.settings?.complexity ?? 'auto',
          }),
        }),
      ),
      count,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('More Like This'),
      placeHolder: vscode.l10n.t('How many more images like "{0}"?', entry.prompt.slice(0, 60)),
    });
    if (!picked) return;
    return this.rerun(entry, picked.count);
  }

  /** An edit of this image with a new prompt, recorded as the next step of the entry's thread. */
  private async refine(entry: ResultEntry, file: vscode.Uri): Promise<unknown> {
    const prompt = await askPrompt({ title: vscode.l10n.t('Refine {0}', fileName(file)), placeholder: vscode.l10n.t('Now add a fountain in the middle') });
    if (!prompt) return;
    const images = await readImages([file]);
    if (!images) return;
    const current = this.deps.settings.read(file);
    const settings: Settings = { ...this.settingsFor(entry, file), count: current.count };
    const stem = editStem(fileName(file));
    const location = await chooseOutputLocation(file, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
    if (!location) return;
    return this.deps.runner.run({ kind: 'edit', prompt, settings, images, location, stem, sources: [file], parentId: entry.id });
  }

  private async deleteFile(file: vscode.Uri): Promise<void> {
    const moveToTrash = vscode.l10n.t('Move to Trash');
    const choice = await showWarning(
      vscode.l10n.t('Move {0} to the trash?', vscode.workspace.asRelativePath(file)),
      { modal: true, detail: vscode.l10n.t('The request stays in the history; the image will show as missing.') },
      moveToTrash,
    );
    if (choice !== moveToTrash) return;
    try {
      await vscode.workspace.fs.delete(file, { useTrash: true });
      this.deps.log.info(`Moved ${file.toString()} to the trash.`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.log.warn(`Could not move ${file.toString()} to the trash: ${reason}`);
      const deletePermanently = vscode.l10n.t('Delete Permanently');
      const again = await showWarning(
        vscode.l10n.t('{0} could not be moved to the trash. Delete it permanently?', fileName(file)),
        { modal: true, detail: reason },
        deletePermanently,
      );
      if (again !== deletePermanently) return;
      try {
        await vscode.workspace.fs.delete(file, { useTrash: false });
        this.deps.log.info(`Deleted ${file.toString()}.`);
      } catch (failure) {
        void showError(vscode.l10n.t('Could not delete {0}: {1}', fileName(file), failure instanceof Error ? failure.message : String(failure)));
      }
    }
    this.deps.store.touch();
  }

  private async clearHistory(): Promise<void> {
    const finished = this.deps.store.all().filter((entry) => entry.status !== 'running').length;
    if (finished === 0) return;
    const clear = vscode.l10n.t('Clear History');
    const choice = await showWarning(
      vscode.l10n.t('Clear the history of {0} requests?', finished),
      { modal: true, detail: vscode.l10n.t('Image files on disk are kept.') },
      clear,
    );
    if (choice !== clear) return;
    this.deps.history.forget(this.deps.store.clear());
  }
}
