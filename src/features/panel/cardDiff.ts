/**
 * What changed in the panel's list since the webview was last told: the cards whose content differs, and the
 * order only when it moved. A streaming request changes one card; the other 4,999 are not sent again.
 */
import type { CardView } from './panelMessages';

export interface CardChanges {
  /** Everything is sent: the webview replaces what it has. */
  readonly reset: boolean;
  readonly cards: CardView[];
  /** Present when an id was added, removed or moved. */
  readonly order?: string[];
}

export class CardDiff {
  private sent = new Map<string, string>();
  /** Each card object's JSON, made once: an unchanged card is the same object (PanelCards keeps them). */
  private readonly keys = new WeakMap<CardView, string>();
  private sentOrder: string[] = [];
  private isFresh = true;

  /** True until the first `changes` after a reset: that one sends everything. */
  get fresh(): boolean {
    return this.isFresh;
  }

  /** Forgets what was sent: the next `changes` sends everything (a webview that (re)loaded). */
  reset(): void {
    this.sent = new Map();
    this.sentOrder = [];
    this.isFresh = true;
  }

  changes(cards: readonly CardView[]): CardChanges {
    const next = new Map<string, string>();
    const changed: CardView[] = [];
    for (const card of cards) {
      let key = this.keys.get(card);
      if (key === undefined) {
        key = JSON.stringify(card);
        this.keys.set(card, key);
      }
      next.set(card.id, key);
      if (this.sent.get(card.id) !== key) changed.push(card);
    }
    const order = cards.map((card) => card.id);
    const reset = this.isFresh;
    this.isFresh = false;
    const moved = reset || order.length !== this.sentOrder.length || order.some((id, index) => this.sentOrder[index] !== id);
    this.sent = next;
    this.sentOrder = order;
    return moved ? { reset, cards: changed, order } : { reset, cards: changed };
  }
}
