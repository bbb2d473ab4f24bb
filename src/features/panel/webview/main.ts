/**
 * The panel's webview: a virtualised gallery of the history. Messages from the extension are parsed with the
 * shared schema and change only the cards they name; lit re-renders the visible slice keyed by id, so a
 * streaming request does not disturb focus, scroll or an open "More" menu elsewhere.
 */
import { html, render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { parseToWebview, THUMBNAIL_SIZE, type CardView, type ToWebview } from '../panelMessages';
import { cardTemplate, type CardContext } from './card';
import { renderChoices } from './choices';
import { renderPlan } from './plan';
import { PanelState } from './state';
import { gridWindow, scrollTopFor, type GridMetrics } from './virtualGrid';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const DRAG_MIME = 'application/vnd.code.openai-images.image';
/** Card geometry; the same numbers as panel.css (.result height, grid gap, minimum column width). */
const ROW_HEIGHT = 460;
const GAP = 12;
const MIN_COLUMN_WIDTH = 260;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const strings = JSON.parse(byId('strings').dataset.strings ?? '{}') as Record<string, string>;
const list = byId<HTMLOListElement>('results');
const planSection = byId('plan');
const choicesSection = byId('choices');
const empty = byId('empty');
const filter = byId<HTMLInputElement>('filter');
const count = byId('count');
const live = byId('live');

function label(key: string, ...args: Array<string | number>): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole));
}

const state = new PanelState({
  create: (bytes, mime) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime })),
  revoke: (url) => URL.revokeObjectURL(url),
});
const selected = new Map<string, number>();
const failedImages = new Set<string>();
/** Thumbnails asked for, by card, file and source, so each is made once. */
const thumbnailsMade = new Set<string>();

const context: CardContext = {
  label,
  send: (message) => vscode.postMessage(message),
  selectedFile: (card) => selected.get(card.id) ?? 0,
  selectFile: (card, index) => {
    selected.set(card.id, index);
    scheduleRender();
  },
  memoryImage: (card) => state.image(card.id),
  onImageLoad: (card, fileIndex, image) => makeThumbnail(card, fileIndex, image),
  onImageError: (card, fileIndex) => {
    failedImages.add(`${card.id}:${fileIndex}`);
    scheduleRender();
  },
  failedImages,
  showThread,
  dragMime: DRAG_MIME,
};

function metrics(): GridMetrics {
  return {
    width: list.clientWidth,
    listTop: list.getBoundingClientRect().top + window.scrollY,
    scrollTop: window.scrollY,
    viewportHeight: window.innerHeight,
    minColumnWidth: MIN_COLUMN_WIDTH,
    rowHeight: ROW_HEIGHT,
    gap: GAP,
  };
}

function renderList(): void {
  const shown = state.shown();
  const grid = gridWindow(shown.length, metrics());
  list.style.height = `${grid.height}px`;
  list.style.setProperty('--columns', String(grid.columns));
  list.style.setProperty('--offset', `${grid.offset}px`);
  render(
    repeat(
      shown.slice(grid.start, grid.end),
      (card) => card.id,
      (card) => cardTemplate(card, context),
    ),
    list,
  );
  empty.hidden = state.order.length > 0;
  const total = state.order.length;
  count.textContent = total === 0 ? '' : state.filter.trim() === '' ? label('count', total) : label('filtered', shown.length, total);
}

let frame: number | undefined;
function scheduleRender(): void {
  frame ??= requestAnimationFrame(() => {
    frame = undefined;
    measured('render', renderList);
  });
}

function showThread(id: string): void {
  if (state.filter !== '') {
    filter.value = '';
    state.setFilter('');
  }
  const index = state.shown().findIndex((card) => card.id === id);
  if (index < 0) return;
  const current = metrics();
  window.scrollTo({ top: scrollTopFor(index, gridWindow(state.shown().length, current), current) });
  renderList();
  const target = list.querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (target instanceof HTMLElement) {
    target.classList.add('highlight');
    setTimeout(() => target.classList.remove('highlight'), 1200);
  }
}

/** Draws a shown image into a small canvas and hands the WebP to the extension, which keeps it for next time. */
function makeThumbnail(card: CardView, fileIndex: number, image: HTMLImageElement): void {
  const file = card.files[fileIndex];
  const key = `${card.id}:${fileIndex}:${file?.src ?? ''}`;
  if (!file || file.thumb || card.format === 'svg' || card.format === 'gif' || thumbnailsMade.has(key)) return;
  thumbnailsMade.add(key);
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(image.naturalWidth, image.naturalHeight, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
  const drawing = canvas.getContext('2d');
  if (!drawing) return;
  try {
    drawing.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(
      (blob) => {
        if (blob && blob.type === 'image/webp') {
          blob.arrayBuffer().then(
            (buffer) => vscode.postMessage({ type: 'thumbnail', resultId: card.id, fileIndex, bytes: new Uint8Array(buffer) }),
            () => undefined,
          );
        }
      },
      'image/webp',
      0.8,
    );
  } catch {
    // A canvas the browser considers tainted cannot be read; the card keeps loading the file itself.
  }
}

function announce(changes: ReturnType<PanelState['applyCards']>): void {
  const last = changes.filter(({ before }) => before === 'running').at(-1);
  if (!last) return;
  const prompt = last.card.prompt.slice(0, 120);
  live.textContent =
    last.card.status === 'done'
      ? label('announceDone', prompt)
      : last.card.status === 'failed'
        ? label('announceFailed', prompt)
        : label('announceCancelled', prompt);
}

function onMessage(message: ToWebview): void {
  switch (message.type) {
    case 'cards':
      announce(state.applyCards(message));
      return scheduleRender();
    case 'partial':
      if (state.applyImage(message)) scheduleRender();
      return;
    case 'plan':
      return renderPlan(planSection, message.plan, label, (type, planId) => vscode.postMessage({ type, planId }));
    case 'choices':
      return renderChoices(choicesSection, message.choices, label, (choice) => vscode.postMessage(choice));
  }
}

function measured(type: string, work: () => void): void {
  const start = performance.now();
  work();
  // Read by `npm run bench`: the time each message costs the webview, as a User Timing entry.
  performance.measure(`openai-images:${type}`, { start, end: performance.now() });
}

function receive(data: unknown): void {
  const message = parseToWebview(data);
  if (message) measured(message.type, () => onMessage(message));
}

/**
 * Cards beyond the first screen (a chunk without `order` after a reset) are applied when the page is idle, a few
 * at a time, so the first screen's images load and paint first. Looked at before parsing only to decide when;
 * everything is parsed before it is used.
 */
const backlog: unknown[] = [];
let backlogScheduled = false;

function isBackgroundChunk(data: unknown): boolean {
  const candidate = data as { type?: unknown; reset?: unknown; order?: unknown; cards?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.type !== 'cards') return false;
  // A few changed cards (a request's progress) are drawn at once; only the bulk of a history waits.
  return candidate.reset === false && candidate.order === undefined && Array.isArray(candidate.cards) && candidate.cards.length > 16;
}

function scheduleBacklog(): void {
  if (backlogScheduled) return;
  backlogScheduled = true;
  requestIdleCallback(
    (deadline) => {
      backlogScheduled = false;
      while (backlog.length > 0 && (deadline.timeRemaining() > 0 || deadline.didTimeout)) receive(backlog.shift());
      if (backlog.length > 0) scheduleBacklog();
    },
    { timeout: 1000 },
  );
}

function drainBacklog(): void {
  while (backlog.length > 0) receive(backlog.shift());
}

function start(): void {
  byId('title').textContent = label('title');
  empty.textContent = label('empty');
  const clear = byId<HTMLButtonElement>('clear');
  render(html`<span class="codicon codicon-clear-all" aria-hidden="true"></span> ${label('clear')}`, clear);
  clear.addEventListener('click', () => vscode.postMessage({ type: 'clear' }));
  const startConversation = byId<HTMLButtonElement>('startConversation');
  render(html`<span class="codicon codicon-comment-discussion" aria-hidden="true"></span> ${label('startConversation')}`, startConversation);
  startConversation.addEventListener('click', () => vscode.postMessage({ type: 'startConversation' }));
  filter.placeholder = label('filter');
  filter.setAttribute('aria-label', label('filter'));
  const saved = vscode.getState() as { filter?: unknown } | undefined;
  if (typeof saved?.filter === 'string') {
    filter.value = saved.filter;
    state.setFilter(saved.filter);
  }
  filter.addEventListener('input', () => {
    state.setFilter(filter.value);
    vscode.setState({ filter: filter.value });
    scheduleRender();
  });
  window.addEventListener('scroll', scheduleRender, { passive: true });
  new ResizeObserver(scheduleRender).observe(list);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== window.origin) return;
    if (isBackgroundChunk(event.data)) {
      backlog.push(event.data);
      scheduleBacklog();
      return;
    }
    // Anything else keeps its place in line: what is queued before it is applied first.
    drainBacklog();
    receive(event.data);
  });
  renderList();
  vscode.postMessage({ type: 'ready' });
}

start();
