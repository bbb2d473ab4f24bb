/**
 * One history entry as a card of fixed height (the virtual grid needs it). Everything shown is text from the
 * extension, bound as text (lit escapes it): prompts and API errors may contain markup. Buttons can only ask the
 * extension to act on this result's id and a file index.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CardView, FileView } from '../panelMessages';
import type { MemoryImage } from './state';

export interface CardContext {
  readonly label: (key: string, ...args: Array<string | number>) => string;
  readonly send: (message: { type: string; resultId?: string; fileIndex?: number }) => void;
  /** The file shown large in a card with several (the others are a strip of thumbnails below it). */
  readonly selectedFile: (card: CardView) => number;
  readonly selectFile: (card: CardView, index: number) => void;
  /** The partial or finished image in memory, if any. */
  readonly memoryImage: (card: CardView) => MemoryImage | undefined;
  readonly onImageLoad: (card: CardView, fileIndex: number, image: HTMLImageElement) => void;
  readonly onImageError: (card: CardView, fileIndex: number) => void;
  readonly failedImages: ReadonlySet<string>;
  readonly showThread: (id: string) => void;
  readonly dragMime: string;
}

const PROMPT_PREVIEW = 60;

function button(
  context: CardContext,
  action: string,
  icon: string,
  label: string,
  message: { type: string; resultId?: string; fileIndex?: number },
  primary = false,
) {
  return html`<button type="button" class=${primary ? 'primary' : 'secondary'} data-action=${action} @click=${() => context.send(message)}>
    <span class="codicon codicon-${icon}" aria-hidden="true"></span><span class="label">${label}</span>
  </button>`;
}

function thread(card: CardView, context: CardContext) {
  if (card.thread.length === 0) return nothing;
  return html`<nav class="thread" aria-label=${context.label('refinedFrom')}>
    <span class="thread-label">${context.label('refinedFrom')}</span>
    ${card.thread.map(
      (step) =>
        html`<a
          class="thread-step"
          href="#"
          @click=${(event: Event) => {
            event.preventDefault();
            context.showThread(step.id);
          }}
          >${step.prompt.length > PROMPT_PREVIEW ? `${step.prompt.slice(0, PROMPT_PREVIEW - 1)}…` : step.prompt}</a
        >`,
    )}
  </nav>`;
}

function meta(card: CardView, context: CardContext): string {
  const parts = [card.kind === 'edit' ? context.label('edit') : context.label('generate'), card.model, card.size, card.quality, card.format];
  if (card.durationMs !== undefined) parts.push(context.label('seconds', (card.durationMs / 1000).toFixed(1)));
  if (card.costText) parts.push(card.costText);
  parts.push(new Date(card.startedAt).toLocaleString());
  if (card.fromText) parts.push(card.fromText);
  return parts.join(' · ');
}

function status(card: CardView, context: CardContext, memory: MemoryImage | undefined) {
  if (card.status === 'running') {
    const text = memory && !memory.final ? context.label('partial', memory.index + 1, card.partialImages ?? memory.index + 1) : context.label('running');
    return html`<p class="status"><span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span> ${text}</p>`;
  }
  if (card.status === 'cancelled') return html`<p class="status">${card.error ?? ''}</p>`;
  if (card.status === 'failed') {
    return html`<div class="error">
      <p class="error-text"><strong>${context.label('failed')}</strong> ${card.error ?? ''}</p>
      ${card.requestId ? html`<p class="meta">${context.label('requestId')}: ${card.requestId}</p>` : nothing}
      ${button(context, 'showLog', 'output', context.label('showLog'), { type: 'showLog' })}
    </div>`;
  }
  return nothing;
}

function mainImage(card: CardView, file: FileView, fileIndex: number, context: CardContext, memory: MemoryImage | undefined) {
  // The finished image from memory until a thumbnail exists; then the thumbnail, 20 KB instead of the whole file.
  const fromMemory = memory?.final && fileIndex === 0 && !file.thumb ? memory.url : undefined;
  const src = fromMemory ?? file.thumb ?? file.src;
  return html`<img
    src=${src}
    alt=${card.prompt}
    crossorigin="anonymous"
    decoding="async"
    draggable="true"
    title=${context.label('dragHint')}
    data-file-index=${fileIndex}
    @load=${(event: Event) => context.onImageLoad(card, fileIndex, event.target as HTMLImageElement)}
    @error=${() => context.onImageError(card, fileIndex)}
    @click=${() => context.send({ type: 'open', resultId: card.id, fileIndex })}
    @dragstart=${(event: DragEvent) => {
      if (!event.dataTransfer) return;
      event.dataTransfer.effectAllowed = 'copy';
      event.dataTransfer.setData(context.dragMime, JSON.stringify({ uri: file.uri, prompt: card.prompt }));
      event.dataTransfer.setData('text/plain', file.label);
    }}
  />`;
}

function fileActions(card: CardView, fileIndex: number, context: CardContext) {
  const ref = { resultId: card.id, fileIndex };
  if (card.files[fileIndex]?.recovered)
    return html`<p class="recovered-note">${context.label('recovered')}</p>
      <div class="actions">
        ${button(context, 'saveRecovered', 'save-as', context.label('saveRecovered'), { type: 'saveRecovered', ...ref }, true)}
        ${button(context, 'discardRecovered', 'trash', context.label('discardRecovered'), { type: 'discardRecovered', ...ref })}
      </div>`;
  return html`<div class="actions">
    ${button(context, 'open', 'go-to-file', context.label('open'), { type: 'open', ...ref })}
    ${button(context, 'insert', 'insert', context.label('insert'), { type: 'insert', ...ref })}
    ${card.files.length > 1 ? button(context, 'keepOnly', 'check', context.label('keepOnly'), { type: 'keepOnly', ...ref }) : nothing}
    ${button(context, 'refine', 'edit', context.label('refine'), { type: 'refine', ...ref })}
    <details class="more">
      <summary><span class="codicon codicon-ellipsis" aria-hidden="true"></span> ${context.label('moreActions')}</summary>
      <div class="menu actions">
        ${button(context, 'drawEdit', 'edit-sparkle', context.label('drawEdit'), { type: 'drawEdit', ...ref })}
        ${button(context, 'converse', 'comment-discussion', context.label('converse'), { type: 'converse', ...ref })}
        ${button(context, 'reveal', 'folder-opened', context.label('reveal'), { type: 'reveal', ...ref })}
        ${button(context, 'copyPath', 'copy', context.label('copyPath'), { type: 'copyPath', ...ref })}
        ${button(context, 'copyMarkdownLink', 'markdown', context.label('copyMarkdownLink'), { type: 'copyMarkdownLink', ...ref })}
        ${button(context, 'deleteFile', 'trash', context.label('deleteFile'), { type: 'deleteFile', ...ref })}
      </div>
    </details>
  </div>`;
}

function files(card: CardView, context: CardContext, memory: MemoryImage | undefined) {
  if (card.status === 'running') {
    if (!memory) return nothing;
    return html`<div class="files">
      <figure class="image partial">
        <img class="partial" src=${memory.url} alt=${card.prompt} data-partial-index=${memory.final ? 'final' : String(memory.index)} />
      </figure>
    </div>`;
  }
  const index = Math.min(context.selectedFile(card), card.files.length - 1);
  const file = card.files[index];
  if (!file) return nothing;
  const missing = file.missing || context.failedImages.has(`${card.id}:${index}`);
  return html`<div class="files">
    <figure class=${missing ? 'image missing' : 'image'}>
      ${missing ? html`<div class="missing-note">${context.label('missing')}</div>` : mainImage(card, file, index, context, memory)}
      <figcaption>
        <a
          class="path"
          href="#"
          title=${file.label}
          @click=${(event: Event) => {
            event.preventDefault();
            if (!missing) context.send({ type: 'open', resultId: card.id, fileIndex: index });
          }}
          >${file.label}</a
        >
        ${missing ? nothing : fileActions(card, index, context)}
      </figcaption>
      ${missing || !file.credentials ? nothing : credentialsNote(file.credentials)}
    </figure>
    ${card.files.length > 1 ? strip(card, index, context) : nothing}
  </div>`;
}

const CREDENTIALS_ICONS = { intact: 'verified-filled', untrusted: 'unverified', altered: 'warning', none: 'circle-slash' } as const;

/** The file's Content Credentials, as the extension validated them: text, never markup. */
function credentialsNote(credentials: NonNullable<FileView['credentials']>) {
  return html`<div class="credentials" data-state=${credentials.state}>
    <span class="codicon codicon-${CREDENTIALS_ICONS[credentials.state]}" aria-hidden="true"></span>${credentials.text}
  </div>`;
}

function strip(card: CardView, selected: number, context: CardContext) {
  return html`<div class="strip" role="group" aria-label=${context.label('filesOf', card.files.length)}>
    ${card.files.map(
      (file, index) =>
        html`<button
          type="button"
          class=${index === selected ? 'thumb selected' : 'thumb'}
          aria-pressed=${index === selected ? 'true' : 'false'}
          title=${file.label}
          @click=${() => context.selectFile(card, index)}
        >
          ${file.missing ? html`<span class="codicon codicon-warning" aria-hidden="true"></span>` : html`<img src=${file.thumb ?? file.src} alt="" crossorigin="anonymous" decoding="async" />`}
          <span class="visually-hidden">${file.label}</span>
        </button>`,
    )}
  </div>`;
}

export function cardTemplate(card: CardView, context: CardContext): TemplateResult {
  const memory = context.memoryImage(card);
  return html`<li class="result ${card.status}" data-id=${card.id} aria-label=${card.prompt.slice(0, 200)}>
    ${thread(card, context)}
    <p class="prompt" title=${card.prompt}>${card.prompt}</p>
    <p class="meta">${meta(card, context)}</p>
    ${status(card, context, memory)} ${files(card, context, memory)}
    ${
      card.status === 'running'
        ? nothing
        : html`<div class="actions recipe">
            ${button(context, 'regenerate', 'refresh', context.label('regenerate'), { type: 'regenerate', resultId: card.id })}
            ${button(context, 'moreLikeThis', 'sparkle', context.label('moreLikeThis'), { type: 'moreLikeThis', resultId: card.id })}
          </div>`
    }
  </li>`;
}
