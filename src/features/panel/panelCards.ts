/**
 * History entries as the panel's cards: the texts made here (translated, paths relative to the workspace), the
 * files as webview URLs with their thumbnail when one is cached. No file is read or stat'ed here: what is known
 * of each file comes from FileStatus.
 */
import * as vscode from 'vscode';
import { formatUsd } from '../../core/pricing';
import { shownFiles, threadOf, type ResultEntry } from '../../core/results';
import { costLabel } from '../../platform/costLabel';
import type { FileStatus } from './fileStatus';
import type { CardView, FileView } from './panelMessages';
import type { ThumbnailCache } from './thumbnailCache';
import type { CredentialsCache } from './credentialsCache';
import { credentialsLine } from '../../core/credentials/credentialsMessages';

export class PanelCards {
  /**
   * Cards already made, by entry (entries are replaced, never changed, when a request progresses), valid while
   * nothing about files changed: a progress update then rebuilds one card, not 5,000.
   */
  private made = new WeakMap<ResultEntry, CardView>();
  private source: string | undefined;

  constructor(
    private readonly files: FileStatus,
    private readonly thumbnails: ThumbnailCache,
    private readonly credentials: CredentialsCache,
  ) {}

  /** The webview is new: every card is made again on the next call. */
  invalidate(): void {
    this.made = new WeakMap();
  }

  /** What is known of these files changed (checked, deleted, a thumbnail made): their entries' cards are made again. */
  invalidateFiles(entries: readonly ResultEntry[], files: readonly string[]): void {
    if (files.length === 0) return;
    const changed = new Set(files);
    for (const entry of entries) if (shownFiles(entry).some((file) => changed.has(file))) this.made.delete(entry);
  }

  /** Cards for `entries`; threads are looked up among `all` (the whole history). */
  cards(entries: readonly ResultEntry[], webview: vscode.Webview, all: readonly ResultEntry[] = entries): CardView[] {
    // Webview URLs depend on the webview's resource origin; a new panel with the same origin keeps the cards.
    if (webview.cspSource !== this.source) {
      this.source = webview.cspSource;
      this.invalidate();
    }
    let byId: Map<string, ResultEntry> | undefined;
    return entries.map((entry) => {
      const known = this.made.get(entry);
      if (known) return known;
      byId ??= new Map(all.map((each) => [each.id, each]));
      const card = this.card(entry, webview, byId);
      this.made.set(entry, card);
      return card;
    });
  }

  private card(entry: ResultEntry, webview: vscode.Webview, byId: ReadonlyMap<string, ResultEntry>): CardView {
    return {
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
      files: shownFiles(entry).map((file) => this.fileView(file, webview, entry.recovered?.includes(file) ?? false)),
    };
  }

  private fileView(file: string, webview: vscode.Webview, recovered: boolean): FileView {
    const uri = vscode.Uri.parse(file);
    const state = this.files.get(file);
    const thumb = this.thumbnails.find(file, state);
    const report = this.credentials.find(file, state);
    return {
      label: vscode.workspace.asRelativePath(uri, false),
      src: webview.asWebviewUri(uri).toString(),
      thumb: thumb ? webview.asWebviewUri(thumb).toString() : undefined,
      uri: file,
      // Not checked yet counts as present: the check follows, and the webview marks an image that fails to load.
      missing: state ? !state.exists : false,
      ...(recovered ? { recovered: true } : {}),
      credentials: report ? { state: report.state, text: credentialsLine(report, vscode.l10n.t) } : undefined,
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
  if (entry.status === 'running') return entry.estimate ? costLabel(entry.estimate) : undefined;
  // Written, but the answer's accounting was missing or did not parse: unknown, never shown as free.
  return entry.status === 'done' ? vscode.l10n.t('cost unknown') : undefined;
}
