/**
 * What the panel's webview holds: the cards by id in the extension's order, the filter, and the images that exist
 * only in memory (partial images while a request streams, and a finished image before its file is written).
 * Applying a message changes only the cards it names.
 */
import type { CardView, ToWebview } from '../panelMessages';

export interface MemoryImage {
  readonly url: string;
  readonly index: number;
  readonly final: boolean;
}

/** Finished images kept in memory after their files were written, for the newest results; older ones use files. */
const KEPT_FINALS = 8;

export class PanelState {
  readonly cards = new Map<string, CardView>();
  order: string[] = [];
  filter = '';
  private readonly images = new Map<string, MemoryImage>();
  private finals: string[] = [];
  private shownCache: CardView[] | undefined;

  constructor(private readonly urls: { create(bytes: Uint8Array, mime: string): string; revoke(url: string): void }) {}

  /** Applies a `cards` message; returns the ids whose status changed (for the live region). */
  applyCards(message: Extract<ToWebview, { type: 'cards' }>): Array<{ card: CardView; before?: CardView['status'] }> {
    if (message.reset) this.cards.clear();
    const changed: Array<{ card: CardView; before?: CardView['status'] }> = [];
    for (const card of message.cards) {
      const before = this.cards.get(card.id)?.status;
      this.cards.set(card.id, card);
      if (before !== undefined && before !== card.status) changed.push({ card, before });
    }
    if (message.order) {
      this.order = message.order;
      const keep = new Set(message.order);
      for (const id of [...this.cards.keys()]) if (!keep.has(id)) this.cards.delete(id);
    }
    for (const [id, image] of this.images) {
      const card = this.cards.get(id);
      // A partial image is dropped when its request ends; a final one stays while it is among the newest.
      if (!card || (!image.final && card.status !== 'running')) this.dropImage(id);
    }
    this.shownCache = undefined;
    return changed;
  }

  /** Applies a `partial` message: the newest image of a request, never an older partial over a newer one. */
  applyImage(message: Extract<ToWebview, { type: 'partial' }>): boolean {
    const previous = this.images.get(message.resultId);
    if (previous && (previous.final || (!message.final && previous.index > message.index))) return false;
    if (previous) this.urls.revoke(previous.url);
    this.images.set(message.resultId, { url: this.urls.create(message.bytes, message.mime), index: message.index, final: message.final });
    if (message.final) {
      this.finals = [message.resultId, ...this.finals.filter((id) => id !== message.resultId)];
      for (const id of this.finals.splice(KEPT_FINALS)) this.dropImage(id);
    }
    return true;
  }

  image(id: string): MemoryImage | undefined {
    return this.images.get(id);
  }

  setFilter(filter: string): void {
    this.filter = filter;
    this.shownCache = undefined;
  }

  /** The cards that pass the filter, in order; computed once per change. */
  shown(): CardView[] {
    if (this.shownCache) return this.shownCache;
    const words = this.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const all = this.order.flatMap((id) => {
      const card = this.cards.get(id);
      return card ? [card] : [];
    });
    this.shownCache = words.length === 0 ? all : all.filter((card) => matches(card, words));
    return this.shownCache;
  }

  private dropImage(id: string): void {
    const image = this.images.get(id);
    if (image) this.urls.revoke(image.url);
    this.images.delete(id);
    this.finals = this.finals.filter((finalId) => finalId !== id);
  }
}

export function matches(card: CardView, words: readonly string[]): boolean {
  const haystack = [
    card.prompt,
    card.model,
    card.size,
    card.quality,
    card.status,
    card.error ?? '',
    card.fromText ?? '',
    ...card.files.map((file) => file.label),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
