/**
 * One edit canvas: a webview showing an image to draw a mask or markup on, with the prompt and the request's
 * choices. It sends the edit through the same runner as every other request (cost confirmation, panel, history),
 * keeps the drawing beside the image, and then offers to continue on the result.
 */
import { credentialsLine } from '../../core/credentials/credentialsMessages';
import type { ContentCredentialsReader } from '../../pipeline/contentCredentials';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { tooBroadForWebview } from '../../core/containment';
import { canvasModels, initialModel } from '../../core/canvasChoices';
import type { DrawingMode } from '../../core/canvas/drawing';
import { drawingNameFor, editStem } from '../../core/fileNaming';
import { orientedSize, readImageInfo } from '../../core/imageBytes';
import { QUALITIES, type Quality } from '../../core/modelCatalogue';
import type { InputImage } from '../../core/requestPlan';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import type { ResultsStore } from '../../core/results';
import type { Settings } from '../../core/settings';
import { Disposable } from '../../platform/disposable';
import type { Logger } from '../../platform/logger';
import { showError } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import { costLabel } from '../../platform/costLabel';
import { CommandIds } from '../../core/commandIds';
import { fileName, readImages } from '../edit/editInputs';
import type { ImageRequestRunner, ImageTask } from '../requests/imageRequestRunner';
import { chooseOutputLocation } from '../requests/outputLocation';
import type { RecentPrompts } from '../requests/recentPrompts';
import { canvasHtml } from './canvasHtml';
import { parseCanvasFromWebview, type CanvasChoice, type CanvasFromWebview, type CanvasToWebview } from './canvasMessages';
import { drawingFileFor, findDrawing, saveDrawing } from './drawingFile';

export interface CanvasServices {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
  readonly store: ResultsStore;
  readonly log: Logger;
  readonly credentials: ContentCredentialsReader;
}

type EditMessage = Extract<CanvasFromWebview, { type: 'edit' }>;

export class CanvasSession extends Disposable {
  private busy = false;
  /** The image as read when the canvas opened, for estimates; an edit reads it again. */
  private imageBytes: Uint8Array | undefined;
  private result: vscode.Uri | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly image: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly services: CanvasServices,
  ) {
    super();
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), ...imageRoots(image)],
    };
    panel.webview.html = canvasHtml(panel.webview, extensionUri);
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** Fires once, when the canvas's tab is closed. */
  readonly onDidDispose = (listener: () => void): void => {
    this.register({ dispose: listener });
  };

  get isActive(): boolean {
    return this.panel.active;
  }

  undo(): void {
    this.post({ type: 'undo' });
  }

  redo(): void {
    this.post({ type: 'redo' });
  }

  private onMessage(raw: unknown): void {
    const message = parseCanvasFromWebview(raw);
    if (!message) {
      this.services.log.warn('Ignored a malformed message from the edit canvas.');
      return;
    }
    switch (message.type) {
      case 'ready':
        return this.services.log.inBackground('Opening the edit canvas', this.init());
      case 'choose':
        return this.postEstimate(message);
      case 'edit':
        return this.services.log.inBackground('An edit from the canvas', this.edit(message));
      case 'openResult':
        if (this.result) this.services.log.inBackground('Opening the result', vscode.commands.executeCommand('vscode.open', this.result));
        return;
      case 'editResult':
        if (this.result) this.services.log.inBackground('Drawing on the result', vscode.commands.executeCommand(CommandIds.drawEdit, this.result));
        return;
      case 'loadFailed':
        void showError(
          message.what === 'image'
            ? vscode.l10n.t('The edit canvas could not show {0}.', fileName(this.image))
            : vscode.l10n.t('The drawing kept beside {0} could not be read; the canvas starts empty.', fileName(this.image)),
        );
        return;
    }
  }

  private async init(): Promise<void> {
    // Checked like any input (a regular file, within the API's size limit) before it is read at all.
    const bytes = (await readImages([this.image]))?.[0]?.bytes;
    if (!bytes) return;
    this.imageBytes = bytes;
    const info = readImageInfo(bytes);
    if (!info) {
      void showError(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image the API can edit.', fileName(this.image)));
      return;
    }
    const drawing = await findDrawing(this.image);
    const settings = this.settings();
    const models = canvasModels();
    const mode: DrawingMode = drawing?.mode ?? 'mask';
    const model = initialModel(models, settings.model, mode === 'markup') ?? settings.model;
    const offered = models.find((entry) => entry.id === model);
    const webview = this.panel.webview;
    // The settings' quality and size where the canvas offers them (a free size like 2048x1152 it does not).
    const choice: CanvasChoice = {
      model,
      quality: offered?.qualities.includes(settings.quality) ? settings.quality : (offered?.qualities[0] ?? 'auto'),
      size: offered?.sizes.includes(settings.size) ? settings.size : 'auto',
      mode,
    };
    this.post({
      type: 'init',
      // The size the browser shows it at: a JPEG's EXIF quarter turn swaps width and height, for the API too.
      image: { src: webview.asWebviewUri(this.image).toString(), name: fileName(this.image), ...orientedSize(bytes, info), png: info.format === 'png' },
      drawing: drawing ? { mode: drawing.mode, src: webview.asWebviewUri(drawing.uri).toString() } : undefined,
      models: models.map((entry) => ({ ...entry, qualities: [...entry.qualities], sizes: [...entry.sizes] })),
      choice,
    });
    this.postEstimate(choice);
    this.services.log.inBackground('Validating Content Credentials', this.postCredentials(bytes));
  }

  /** The image's Content Credentials under it; the result of an edit is a new image, with credentials of its own. */
  private async postCredentials(bytes: Uint8Array): Promise<void> {
    const report = await this.services.credentials.read(bytes);
    this.post({ type: 'credentials', state: report.state, text: credentialsLine(report, vscode.l10n.t) });
  }

  private settings(): Settings {
    return this.services.settings.read(this.image);
  }

  /** The settings with the canvas's choices; undefined when a choice is not one the canvas offered. */
  private chosenSettings(choice: CanvasChoice): Settings | undefined {
    const model = canvasModels().find((entry) => entry.id === choice.model);
    if (!model || !model.qualities.includes(choice.quality as Quality) || !model.sizes.includes(choice.size)) return undefined;
    if (!(QUALITIES as readonly string[]).includes(choice.quality)) return undefined;
    return { ...this.settings(), model: model.id, quality: choice.quality as Quality, size: choice.size };
  }

  /** The estimate for an edit of this image at these choices (the drawing counts as one more input of its size). */
  private postEstimate(choice: CanvasChoice): void {
    const settings = this.chosenSettings(choice);
    const bytes = this.imageBytes;
    if (!settings || !bytes) return;
    const info = readImageInfo(bytes);
    const image = { name: fileName(this.image), bytes };
    const estimate = this.services.runner.estimateTask({
      kind: 'edit',
      prompt: 'estimate',
      settings,
      images: [image],
      // The drawing weighs like one more input of the image's size; only a PNG stands in for it.
      ...(info?.format === 'png' ? (choice.mode === 'mask' ? { mask: image } : { markup: image }) : {}),
      location: { folder: vscode.Uri.joinPath(this.image, '..') },
      stem: 'estimate',
    });
    this.post({ type: 'estimate', text: estimate ? vscode.l10n.t('Estimated cost: {0}', costLabel(estimate)) : '' });
  }

  private async edit(message: EditMessage): Promise<void> {
    if (this.busy) return;
    const prompt = message.prompt.trim();
    const settings = this.chosenSettings(message);
    if (!settings) {
      this.status('failed', vscode.l10n.t('Choose a model, quality and size from the lists.'));
      return;
    }
    if (prompt === '') {
      this.status('idle', vscode.l10n.t('Write what to change first.'));
      return;
    }
    const images = await this.inputImages(message);
    if (!images) return;
    const saved = await saveDrawing(this.image, message.mode, message.drawing);
    if (saved === 'cancelled') return;
    const drawingFile = typeof saved === 'object' ? saved.saved : undefined;
    const stem = editStem(fileName(this.image));
    const location = await chooseOutputLocation(this.image, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
    if (!location) return;
    const drawing = { name: drawingNameFor(fileName(this.image), message.mode), bytes: message.drawing };
    const task: ImageTask = {
      kind: 'edit',
      prompt,
      settings,
      images,
      ...(message.mode === 'mask' ? { mask: drawing, maskSource: drawingFile } : { markup: drawing, markupSource: drawingFile }),
      location,
      stem,
      sources: [this.image],
      parentId: this.services.store.all().find((entry) => entry.status === 'done' && entry.files.includes(this.image.toString()))?.id,
    };
    await this.services.recentPrompts.remember(prompt);
    await this.run(task);
  }

  /**
   * The image as sent: the file itself, or, for a JPEG or WebP under a mask, the PNG the webview made of it at
   * full size (a mask must match a PNG image). Either way its size must be the drawing's.
   */
  private async inputImages(message: EditMessage): Promise<InputImage[] | undefined> {
    const original = (await readImages([this.image]))?.[0];
    if (!original) return undefined;
    const fail = (text: string) => {
      this.status('failed', text);
      return undefined;
    };
    const stored = readImageInfo(original.bytes);
    const drawn = readImageInfo(message.drawing);
    if (!stored) return fail(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image the API can edit.', fileName(this.image)));
    if (!drawn || drawn.format !== 'png') return fail(vscode.l10n.t('The drawing could not be made into a PNG.'));
    const info = { format: stored.format, ...orientedSize(original.bytes, stored) };
    const sameSize = (other: { width: number; height: number }) => other.width === info.width && other.height === info.height;
    if (!sameSize(drawn))
      return fail(vscode.l10n.t('The drawing is {0} but the image is {1}.', `${drawn.width}x${drawn.height}`, `${info.width}x${info.height}`));
    if (message.mode === 'markup' || info.format === 'png') return [original];
    const converted = message.image ? readImageInfo(message.image) : undefined;
    if (!message.image || !converted || converted.format !== 'png' || !sameSize(converted))
      return fail(vscode.l10n.t('{0} could not be converted to a PNG for the mask.', fileName(this.image)));
    return [{ name: fileName(this.image).replace(/\.[^.]*$/, '.png'), bytes: message.image }];
  }

  private async run(task: ImageTask): Promise<void> {
    this.busy = true;
    this.status('running', vscode.l10n.t('Editing {0}…', fileName(this.image)));
    try {
      const files = await this.services.runner.run(task);
      this.result = files?.[0];
      if (this.result) this.status('done', vscode.l10n.t('Created {0}', vscode.workspace.asRelativePath(this.result)));
      else this.status('failed', vscode.l10n.t('No image was made. The notification or the Images panel says why.'));
    } finally {
      this.busy = false;
    }
  }

  private status(state: 'idle' | 'running' | 'done' | 'failed', text: string): void {
    this.post({ type: 'status', state, text });
  }

  private post(message: CanvasToWebview): void {
    this.services.log.inBackground('Updating the edit canvas', this.panel.webview.postMessage(message));
  }
}

/**
 * What the webview may read besides the extension's files: the image's folder (the image and its drawing), or,
 * where that folder is `/`, the home folder or above it, only the image and its two possible drawings.
 */
function imageRoots(image: vscode.Uri): vscode.Uri[] {
  const folder = vscode.Uri.joinPath(image, '..');
  const home = folder.scheme === 'file' ? vscode.Uri.file(os.homedir()).path : undefined;
  return tooBroadForWebview(folder.path, home) ? [image, drawingFileFor(image, 'mask'), drawingFileFor(image, 'markup')] : [folder];
}
