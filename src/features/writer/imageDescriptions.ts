/**
 * Alt text made from the picture itself: a model that takes images describes it (core/writer), the user edits the
 * proposal, and it is kept by the image's SHA-256 in its workspace folder's recipe registry, where every insert path
 * finds it (Insert at Cursor, Copy Markdown Link, drag and drop). Without a description, an insert path describes the
 * picture first when `openaiImages.altText` is `describe`, and falls back to the prompt when that cannot be done.
 */
import * as vscode from 'vscode';
import { cleanDescription, describeRequest } from '../../core/writer/writerInstructions';
import { describeInput } from '../../pipeline/describeInput';
import type { Logger } from '../../platform/logger';
import { showError, withNotificationProgress } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { LanguageModelWriter } from './languageModelWriter';

/** Pictures a model can be shown; an SVG is text and keeps its prompt. */
const DESCRIBABLE = /\.(png|jpe?g|webp|gif)$/i;
/** Larger files are not read into memory to be described. */
const MAX_DESCRIBED_BYTES = 50 * 1024 * 1024;

export interface DescribeOptions {
  /**
   * Show the proposal in an editable box before it is kept, and ask what to do when no model is available (Describe
   * the Image); an insert path keeps it as written, and without a model quietly keeps the prompt.
   */
  readonly edit: boolean;
  /** The document the description goes into: its words decide the language of the alt text. */
  readonly document?: vscode.TextDocument;
}

/** Up to 300 characters of the document's own words, for the model to tell its language from. */
function languageSample(document: vscode.TextDocument | undefined): string | undefined {
  if (!document) return undefined;
  const words = document
    .getText(new vscode.Range(0, 0, Math.min(document.lineCount, 60), 0))
    .replace(/\s+/g, ' ')
    .trim();
  return words === '' ? undefined : words.slice(0, 300);
}

/** The language to write in: the document's, told by a sample of it, else VS Code's display language. */
function languageFor(document: vscode.TextDocument | undefined): string {
  const display = new Intl.DisplayNames(['en'], { type: 'language' }).of(vscode.env.language) ?? 'English';
  const sample = languageSample(document);
  return sample ? `the language this passage of the document is written in (${display} if it has none): "${sample}"` : display;
}

export class ImageDescriptions {
  constructor(
    private readonly deps: {
      readonly writer: LanguageModelWriter;
      readonly recipes: WorkspaceRecipes;
      readonly settings: SettingsReader;
      readonly log: Logger;
    },
  ) {}

  /** The description recorded for `file`, if any (never calls a model). */
  async recorded(file: vscode.Uri): Promise<string | undefined> {
    const bytes = await this.read(file);
    return bytes ? this.deps.recipes.descriptionOf(file, bytes).catch(() => undefined) : undefined;
  }

  /**
   * The alt text for an explicit insert of `file`: its description, else (altText `describe`) one made now, else
   * `prompt`. A failure to describe is said and the prompt used: the insert itself never fails for it.
   */
  async altFor(file: vscode.Uri, prompt: string, document = vscode.window.activeTextEditor?.document): Promise<string> {
    const recorded = await this.recorded(file);
    if (recorded) return recorded;
    if (this.deps.settings.read(file).altText !== 'describe' || !DESCRIBABLE.test(file.path)) return prompt;
    return (await this.describe(file, { edit: false, document }))?.text ?? prompt;
  }

  /** Asks a model for `file`'s alt text, lets the user edit it when asked to, and records it; undefined if abandoned. */
  async describe(file: vscode.Uri, options: DescribeOptions): Promise<{ readonly text: string; readonly by: string } | undefined> {
    const name = vscode.workspace.asRelativePath(file);
    if (!DESCRIBABLE.test(file.path)) {
      void showError(vscode.l10n.t('{0} is not a PNG, JPEG, WebP or GIF picture, so a model cannot describe it.', name));
      return undefined;
    }
    const bytes = await this.read(file);
    if (!bytes) {
      void showError(vscode.l10n.t('{0} could not be read.', name));
      return undefined;
    }
    const written = await withNotificationProgress(vscode.l10n.t('Describing {0}...', name), async (_progress, token) => {
      const shown = await describeInput(bytes).catch((error: unknown) => {
        this.deps.log.warn(`${name} could not be decoded to be described: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      if (!shown) {
        if (options.edit) void showError(vscode.l10n.t('{0} could not be read.', name));
        return undefined;
      }
      return this.deps.writer.write(describeRequest(shown, languageFor(options.document)), 'description', token, { offerOpenAI: options.edit });
    });
    if (!written) return undefined;
    const proposal = cleanDescription(written.text);
    if (!proposal) {
      if (options.edit) void showError(vscode.l10n.t('{0} wrote no description of {1}.', written.by, name));
      else this.deps.log.info(`${written.by} wrote no description of ${name}; its prompt is the alt text.`);
      return undefined;
    }
    const text = options.edit ? await this.edited(proposal, name, written.by) : proposal;
    if (!text) return undefined;
    const by = text === proposal ? written.by : `${written.by}, edited`;
    const kept = await this.deps.recipes.describe(file, bytes, text, by).catch((error: unknown) => {
      this.deps.log.warn(`The description of ${name} could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
    if (!kept) this.deps.log.info(`The description of ${name} is used once: the file is in no workspace folder whose registry could keep it.`);
    return { text, by };
  }

  private async edited(proposal: string, name: string, by: string): Promise<string | undefined> {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Alt Text of {0}', name),
      value: proposal,
      prompt: vscode.l10n.t('Written by {0} from the picture. Edit it, then press Enter to keep it.', by),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Describe what the picture shows.') : undefined),
    });
    return text?.replace(/\s+/g, ' ').replace(/[[\]]/g, '').trim().slice(0, 300) || undefined;
  }

  private async read(file: vscode.Uri): Promise<Uint8Array | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(file);
      // A FIFO, a device or a folder is never opened.
      if (!(stat.type & vscode.FileType.File) || stat.size > MAX_DESCRIBED_BYTES) return undefined;
      return await vscode.workspace.fs.readFile(file);
    } catch {
      return undefined;
    }
  }
}
