/** The panel's pure parts: what is sent when, what is drawn where, and what the webview keeps. */
import * as assert from 'node:assert/strict';
import { CardDiff } from '../../src/features/panel/cardDiff';
import { parseToWebview, type CardView, type ToWebview } from '../../src/features/panel/panelMessages';
import { PanelState } from '../../src/features/panel/webview/state';
import { gridWindow, scrollTopFor, type GridMetrics } from '../../src/features/panel/webview/virtualGrid';

function card(id: string, overrides: Partial<CardView> = {}): CardView {
  return {
    id,
    status: 'done',
    kind: 'generate',
    prompt: `prompt ${id}`,
    model: 'gpt-image-2',
    size: '1024x1024',
    quality: 'low',
    format: 'png',
    startedAt: 1,
    thread: [],
    files: [{ label: `${id}.png`, src: `https://file/${id}.png`, uri: `file:///w/${id}.png`, missing: false }],
    ...overrides,
  };
}

const many = (n: number) => Array.from({ length: n }, (_, i) => card(`r${i}`));

describe('panel: what the extension sends', () => {
  it('sends everything once, then only the card that changed, and the order only when it moved', () => {
    const diff = new CardDiff();
    const cards = many(5000);
    const first = diff.changes(cards);
    assert.equal(first.reset, true);
    assert.equal(first.cards.length, 5000);
    assert.equal(first.order?.length, 5000);

    const progressed = cards.map((c, i) => (i === 3 ? { ...c, status: 'failed' as const, error: 'boom' } : c));
    const second = diff.changes(progressed);
    assert.equal(second.reset, false);
    assert.deepEqual(
      second.cards.map((c) => c.id),
      ['r3'],
    );
    assert.equal(second.order, undefined);

    const added = diff.changes([card('new'), ...progressed]);
    assert.deepEqual(
      added.cards.map((c) => c.id),
      ['new'],
    );
    assert.equal(added.order?.[0], 'new');
    assert.equal(diff.changes([card('new'), ...progressed]).cards.length, 0);

    diff.reset();
    assert.equal(diff.changes(progressed).cards.length, 5000);
  });

  it('the webview refuses messages that do not fit the schema', () => {
    assert.equal(parseToWebview({ type: 'cards', reset: true, cards: [{ ...card('a'), script: 'x' }] }), undefined);
    assert.equal(parseToWebview({ type: 'partial', resultId: 'a', index: 0, final: false, mime: 'text/html', bytes: new Uint8Array(1) }), undefined);
    assert.equal(parseToWebview({ type: 'partial', resultId: 'a', index: 0, final: false, mime: 'image/png', bytes: 'AAAA' }), undefined);
    assert.equal(parseToWebview({ type: 'eval', code: '1' }), undefined);
    assert.ok(parseToWebview({ type: 'cards', reset: true, cards: [card('a')], order: ['a'] }));
  });
});

describe('panel: the virtual grid', () => {
  const metrics = (scrollTop: number, width = 1100): GridMetrics => ({
    width,
    listTop: 100,
    scrollTop,
    viewportHeight: 900,
    minColumnWidth: 260,
    rowHeight: 460,
    gap: 12,
  });

  it('renders the same number of cards for 20 entries as for 5,000 at the top', () => {
    const small = gridWindow(20, metrics(0));
    const large = gridWindow(5000, metrics(0));
    assert.equal(small.columns, 4);
    assert.equal(large.end - large.start, small.end - small.start);
    assert.ok(large.end - large.start <= 4 * 5, 'a few rows, not the whole list');
    assert.equal(large.height, Math.ceil(5000 / 4) * 472 - 12);
  });

  it('follows the scroll position, with rows to spare above and below', () => {
    const window = gridWindow(5000, metrics(100 + 472 * 600));
    assert.equal(window.start, (600 - 2) * 4);
    assert.equal(window.offset, (600 - 2) * 472);
    assert.ok(window.end > 600 * 4 + 4, 'the visible rows and more');
    assert.ok(window.end <= (600 + 5) * 4);
  });

  it('never goes past the ends, and has one column when narrow', () => {
    const end = gridWindow(10, metrics(1e9, 200));
    assert.equal(end.columns, 1);
    assert.ok(end.start <= end.end && end.end <= 10);
    assert.deepEqual(gridWindow(0, metrics(0)), { columns: 4, start: 0, end: 0, offset: 0, height: 0 });
  });

  it('scrolls a card into the middle of the view', () => {
    const m = metrics(0);
    const top = scrollTopFor(400, gridWindow(5000, m), m);
    const window = gridWindow(5000, { ...m, scrollTop: top });
    assert.ok(window.start <= 400 && 400 < window.end);
  });
});

describe('panel: what the webview keeps', () => {
  function state() {
    const live = new Set<string>();
    let next = 0;
    const urls = {
      create: () => {
        const url = `blob:${next++}`;
        live.add(url);
        return url;
      },
      revoke: (url: string) => live.delete(url),
    };
    return { panel: new PanelState(urls), live };
  }
  const cards = (message: Omit<Extract<ToWebview, { type: 'cards' }>, 'type'>) => ({ type: 'cards' as const, ...message });
  const image = (resultId: string, index: number, final = false) => ({
    type: 'partial' as const,
    resultId,
    index,
    final,
    mime: 'image/png' as const,
    bytes: new Uint8Array([1]),
  });

  it('applies changes to the cards they name and removes cards missing from a new order', () => {
    const { panel } = state();
    panel.applyCards(cards({ reset: true, cards: [card('a'), card('b'), card('c')], order: ['a', 'b', 'c'] }));
    const changed = panel.applyCards(cards({ reset: false, cards: [card('b', { status: 'failed' })] }));
    assert.deepEqual(
      changed.map(({ card: c, before }) => [c.id, before, c.status]),
      [['b', 'done', 'failed']],
    );
    panel.applyCards(cards({ reset: false, cards: [], order: ['c', 'a'] }));
    assert.deepEqual(
      panel.shown().map((c) => c.id),
      ['c', 'a'],
    );
    assert.equal(panel.cards.has('b'), false);
  });

  it('filters by every word, across prompt, model and file names', () => {
    const { panel } = state();
    panel.applyCards(cards({ reset: true, cards: [card('a', { prompt: 'red fox' }), card('b', { prompt: 'blue fox' })], order: ['a', 'b'] }));
    panel.setFilter('fox RED');
    assert.deepEqual(
      panel.shown().map((c) => c.id),
      ['a'],
    );
    panel.setFilter('b.png');
    assert.deepEqual(
      panel.shown().map((c) => c.id),
      ['b'],
    );
  });

  it('keeps the newest partial image, frees the old one, and drops partials when the request ends', () => {
    const { panel, live } = state();
    panel.applyCards(cards({ reset: true, cards: [card('a', { status: 'running' })], order: ['a'] }));
    assert.equal(panel.applyImage(image('a', 1)), true);
    assert.equal(panel.applyImage(image('a', 0)), false, 'an older partial never replaces a newer one');
    assert.equal(panel.image('a')?.index, 1);
    assert.equal(live.size, 1);
    panel.applyCards(cards({ reset: false, cards: [card('a', { status: 'done' })] }));
    assert.equal(panel.image('a'), undefined);
    assert.equal(live.size, 0, 'the blob URL was revoked');
  });

  it('keeps a finished image from memory past the end of its request, for the newest eight only', () => {
    const { panel, live } = state();
    const ids = Array.from({ length: 10 }, (_, i) => `f${i}`);
    panel.applyCards(cards({ reset: true, cards: ids.map((id) => card(id, { status: 'running' })), order: ids }));
    for (const id of ids) panel.applyImage(image(id, 0, true));
    panel.applyCards(cards({ reset: false, cards: ids.map((id) => card(id)) }));
    assert.equal(live.size, 8);
    assert.equal(panel.image('f0'), undefined);
    assert.equal(panel.image('f9')?.final, true);
    assert.equal(panel.applyImage(image('f9', 2)), false, 'a partial never replaces the final image');
  });
});
