/**
 * A conversation's webview: the thread of turns (the user's words, then the image or words that came back, with
 * partial images while a turn streams) and the box for the next turn. Everything shown is text or an image
 * source the extension made; lit escapes the text, so a prompt or an answer is never markup.
 */
import { html, nothing, render } from 'lit';
import { parseConversationToWebview, type ConversationView, type TurnView } from '../conversationMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const strings = JSON.parse(byId('strings').dataset.strings ?? '{}') as Record<string, string>;
const header = byId('header');
const thread = byId('thread');
const prompt = byId<HTMLTextAreaElement>('prompt');
const send = byId<HTMLButtonElement>('send');
const cancel = byId<HTMLButtonElement>('cancel');
const write = byId<HTMLButtonElement>('write');
const estimate = byId('estimate');
const proposed = byId('proposed');

function label(key: string, ...args: Array<string | number>): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole));
}

let view: ConversationView | undefined;
/** A proposal was asked for and has not come yet. */
let writing = false;
/** The latest partial image of each running turn, as a blob: URL. */
const partials = new Map<string, string>();

function action(type: 'open' | 'reveal' | 'drawEdit', turn: TurnView) {
  return () => vscode.postMessage({ type, turnId: turn.id });
}

function answerTemplate(turn: TurnView) {
  const partial = partials.get(turn.id);
  const status =
    turn.status === 'running'
      ? html`<p class="status">
          <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span> ${partial ? label('refining') : label('thinking')}
        </p>`
      : nothing;
  const image =
    turn.image && !turn.missing
      ? html`<img class="result" src=${turn.image} alt=${turn.revisedPrompt ?? turn.prompt} />`
      : turn.status === 'running' && partial
        ? html`<img class="result partial" src=${partial} alt=${label('partialImage')} />`
        : nothing;
  const missing = turn.image && turn.missing ? html`<p class="missing">${label('missing', turn.fileLabel ?? '')}</p>` : nothing;
  const words = turn.text ? html`<p class="words">${turn.text}</p>` : nothing;
  const noImage = turn.status === 'text' ? html`<p class="note">${label('noImage')}</p>` : nothing;
  const error = turn.error ? html`<p class="error" role="alert">${turn.error}</p>` : nothing;
  const file =
    turn.fileLabel && !turn.missing
      ? html`<div class="actions">
          <span class="file">${turn.fileLabel}</span>
          <button type="button" data-action="open" @click=${action('open', turn)}>${label('open')}</button>
          <button type="button" data-action="reveal" @click=${action('reveal', turn)}>${label('reveal')}</button>
          <button type="button" data-action="drawEdit" @click=${action('drawEdit', turn)}>${label('drawEdit')}</button>
        </div>`
      : nothing;
  const revised = turn.revisedPrompt
    ? html`<details class="revised">
        <summary>${label('revisedPrompt')}</summary>
        <p>${turn.revisedPrompt}</p>
      </details>`
    : nothing;
  const cost = turn.costText ? html`<p class="cost">${turn.costText}</p>` : nothing;
  return html`${status}${image}${missing}${words}${noImage}${error}${file}${revised}${cost}`;
}

function turnTemplate(turn: TurnView, index: number) {
  return html`<article class="turn" data-turn-id=${turn.id} data-status=${turn.status} aria-label=${label('turn', index + 1)}>
    <div class="user">
      <span class="codicon codicon-account" aria-hidden="true"></span>
      <p>${turn.prompt}</p>
    </div>
    <div class="answer">${answerTemplate(turn)}</div>
  </article>`;
}

function draw(): void {
  if (!view) return;
  const current = view;
  render(
    html`<h1>${current.title || label('newConversation')}</h1>
      <p class="models">${current.modelsText}</p>
      <p class="total">${current.totalText}</p>`,
    header,
  );
  const source = current.source
    ? html`<figure class="source">
        <img src=${current.source.image} alt=${current.source.label} />
        <figcaption>${label('startedFrom', current.source.label)}</figcaption>
      </figure>`
    : nothing;
  const empty = current.turns.length === 0 ? html`<p class="empty">${current.source ? label('emptyFromImage') : label('empty')}</p>` : nothing;
  render(html`${source}${current.turns.map(turnTemplate)}${empty}`, thread);
  send.disabled = current.running;
  write.disabled = current.running || writing;
  cancel.hidden = !current.running;
}

function submit(): void {
  const words = prompt.value.trim();
  if (!words || view?.running) return;
  vscode.postMessage({ type: 'send', prompt: words });
  prompt.value = '';
  proposed.textContent = '';
  vscode.postMessage({ type: 'draft', prompt: '' });
}

send.textContent = label('send');
cancel.textContent = label('cancel');
prompt.placeholder = label('placeholder');
prompt.setAttribute('aria-label', label('promptLabel'));
send.addEventListener('click', submit);
write.textContent = label('writePrompt');
write.title = label('writePromptTitle');
write.addEventListener('click', () => {
  if (writing || view?.running) return;
  writing = true;
  write.disabled = true;
  vscode.postMessage({ type: 'writePrompt', prompt: prompt.value });
});
cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
let draftTimer: ReturnType<typeof setTimeout> | undefined;
prompt.addEventListener('input', () => {
  clearTimeout(draftTimer);
  draftTimer = setTimeout(() => vscode.postMessage({ type: 'draft', prompt: prompt.value }), 250);
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseConversationToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'conversation': {
      const wasAtEnd = thread.scrollTop + thread.clientHeight >= thread.scrollHeight - 40;
      const added = (message.view.turns.length ?? 0) !== (view?.turns.length ?? 0);
      view = message.view;
      // Partial images of turns that ended are no longer shown.
      for (const [turnId, url] of partials) {
        if (view.turns.find((turn) => turn.id === turnId)?.status !== 'running') {
          URL.revokeObjectURL(url);
          partials.delete(turnId);
        }
      }
      // A reload restores this conversation from its id (the panel's serializer).
      vscode.setState({ conversationId: view.id });
      draw();
      if (wasAtEnd || added) thread.lastElementChild?.scrollIntoView({ block: 'end' });
      return;
    }
    case 'partial': {
      const previous = partials.get(message.turnId);
      if (previous) URL.revokeObjectURL(previous);
      const bytes = message.bytes;
      partials.set(message.turnId, URL.createObjectURL(new Blob([bytes.slice().buffer], { type: message.mime })));
      draw();
      return;
    }
    case 'estimate':
      estimate.textContent = message.text;
      return;
    case 'proposal':
      writing = false;
      write.disabled = view?.running ?? false;
      if (message.prompt !== undefined) {
        prompt.value = message.prompt;
        prompt.focus();
        proposed.textContent = label('proposedBy', message.by ?? '');
        vscode.postMessage({ type: 'draft', prompt: prompt.value });
      }
      return;
  }
});

vscode.postMessage({ type: 'ready' });
prompt.focus();
