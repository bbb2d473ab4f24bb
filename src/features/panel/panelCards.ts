/**
 * History entries as the panel's cards: the texts made here (translated, paths relative to the workspace), the
 * files as webview URLs with their thumbnail when one is cached. No file is read or stat'ed here: what is known
 * of each file comes from FileStatus.
 */
import * as vscode from 'vscode';
import { formatUsd } from '../../core/pricing';
import { threadOf, type ResultEntry } from '../../core/results';
import { costLabel } from '../../platform/costLabel';
import type { FileStatus } from './fileStatus';
import type { CardView, FileView } from './panelMessages';
import type { ThumbnailCache } from './thumbnailCache';

export class PanelCards {
  constructor(
    private readonly files: FileStatus,
    private readonly thumbnails: ThumbnailCache,
  ) {}

  cards(entries: readonly ResultEntry[], webview: vscode.Webview): CardView[] {
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    return entries.map((entry) => ({
      id: entry.id,
      status: entry.status,
      kind: entry.kind,
      prompt: entry.prompt,
      model: entry.model,
      size: entry.size,
      quality: entry.quality,
      format: entry.format,
      startedAt: entry.startedAt,
      durationMs: entry.durationMs,
      partialImages: entry.partialImages,
      error: entry.error,
      requestId: entry.requestId,
      costText: costText(entry),
      fromText: fromText(entry),
      thread: threadOf(byId, entry.id).map((parent) => ({ id: parent.id, prompt: parent.prompt })),
      files: entry.files.map((file) => this.fileView(file, webview)),
    }));
  }

  private fileView(file: string, webview: vscode.Webview): FileView {
    const uri = vscode.Uri.parse(file);
    const state = this.files.get(file);
    const thumb = this.thumbnails.find(file, state);
    return {
      label: vscode.workspace.asRelativePath(uri, false),
      src: webview.asWebviewUri(uri).toString(),
      thumb: thumb ? webview.asWebviewUri(thumb).toString() : undefined,
      uri: file,
      // Not checked yet counts as present: the check follows, and the webview marks an image that fails to load.
      missing: state ? !state.exists : false,
    };
  }
}

function fromText(entry: ResultEntry): string | undefined {
  const origins = entry.sources.length > 0 ? entry.sources : entry.origin ? [entry.origin] : [];
  if (origins.length === 0) return undefined;
  const labels = origins.map((origin) => vscode.workspace.asRelativePath(vscode.Uri.parse(origin), false));
  return vscode.l10n.t('from {0}', labels.length > 3 ? `${labels.slice(0, 3).join(', ')}, +${labels.length - 3}` : labels.join(', '));
}

function costText(entry: ResultEntry): string | undefined {
  if (entry.costUsd !== undefined) return formatUsd(entry.costUsd);
  return entry.status === 'running' && entry.estimate ? costLabel(entry.estimate) : undefined;
}
