/**
 * The canvas's controls, as lit templates: the toolbar (mode, tools, size, colours, undo, zoom) and the edit form
 * (prompt, model, quality, size, estimate, Edit). Every control is a real button, select or input, so each is
 * reachable with Tab and shows the editor's focus outline. Text from the extension is bound as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
// styleMap sets properties through the CSSOM, which the webview's CSP allows; a style attribute it refuses.
import { styleMap } from 'lit/directives/style-map.js';
import { MARKUP_COLOURS, type DrawingMode } from '../../../core/canvas/drawing';
import type { CanvasModelView } from '../canvasMessages';
import type { Tool } from './stage';

export interface ControlsState {
  readonly mode: DrawingMode;
  readonly tool: Tool;
  readonly size: number;
  readonly colour: string;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly zoomPercent: number;
  readonly models: readonly CanvasModelView[];
  readonly model: string;
  readonly quality: string;
  readonly resultSize: string;
  readonly estimate: string;
  readonly status: { readonly state: 'idle' | 'running' | 'done' | 'failed' | 'preparing'; readonly text: string };
}

export interface ControlsActions {
  label(key: string, ...args: Array<string | number>): string;
  setMode(mode: DrawingMode): void;
  setTool(tool: Tool): void;
  setSize(size: number): void;
  setColour(colour: string): void;
  invert(): void;
  clear(): void;
  undo(): void;
  redo(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actualSize(): void;
  choose(change: { model?: string; quality?: string; resultSize?: string }): void;
  edit(): void;
  openResult(): void;
  editResult(): void;
}

export const MASK_TOOLS: ReadonlyArray<{ tool: Tool; icon: string; key: string }> = [
  { tool: 'brush', icon: 'edit', key: 'b' },
  { tool: 'eraser', icon: 'eraser', key: 'e' },
  { tool: 'rect', icon: 'primitive-square', key: 'r' },
  { tool: 'lasso', icon: 'selection', key: 'l' },
];

export const MARKUP_TOOLS: ReadonlyArray<{ tool: Tool; icon: string; key: string }> = [
  { tool: 'pen', icon: 'pencil', key: 'p' },
  { tool: 'arrow', icon: 'arrow-right', key: 'a' },
  { tool: 'box', icon: 'primitive-square', key: 'r' },
  { tool: 'ellipse', icon: 'circle-large', key: 'o' },
  { tool: 'note', icon: 'note', key: 't' },
];

function iconButton(label: string, icon: string, onClick: () => void, options: { pressed?: boolean; disabled?: boolean; id?: string } = {}): TemplateResult {
  return html`<button
    type="button"
    class="icon"
    id=${options.id ?? nothing}
    title=${label}
    aria-label=${label}
    aria-pressed=${options.pressed === undefined ? nothing : String(options.pressed)}
    ?disabled=${options.disabled ?? false}
    @click=${onClick}
  >
    <span class="codicon codicon-${icon}" aria-hidden="true"></span>
  </button>`;
}

export function toolbarTemplate(state: ControlsState, actions: ControlsActions): TemplateResult {
  const { label } = actions;
  const tools = state.mode === 'mask' ? MASK_TOOLS : MARKUP_TOOLS;
  return html`
    <div class="group" role="radiogroup" aria-label=${label('modeHelp')} title=${label('modeHelp')}>
      ${(['mask', 'markup'] as const).map(
        (mode) =>
          html`<button
            type="button"
            class="mode"
            id=${`mode-${mode}`}
            role="radio"
            aria-checked=${String(state.mode === mode)}
            @click=${() => actions.setMode(mode)}
          >
            ${label(mode)}
          </button>`,
      )}
    </div>
    <div class="group" aria-label=${label('tools')}>
      ${tools.map(({ tool, icon }) => iconButton(label(tool), icon, () => actions.setTool(tool), { pressed: state.tool === tool, id: `tool-${tool}` }))}
      ${state.mode === 'mask' ? iconButton(label('invert'), 'arrow-swap', actions.invert, { id: 'invert' }) : nothing}
      ${iconButton(label('clear'), 'clear-all', actions.clear, { id: 'clear' })}
    </div>
    <label class="group size">
      <span>${label('size')}</span>
      <input
        type="range"
        id="size"
        min="2"
        max="200"
        .value=${String(state.size)}
        @input=${(event: Event) => actions.setSize(Number((event.target as HTMLInputElement).value))}
      />
    </label>
    ${
      state.mode === 'markup'
        ? html`<div class="group colours">
            ${MARKUP_COLOURS.map(
              (colour, index) =>
                html`<button
                  type="button"
                  class="swatch"
                  style=${styleMap({ '--swatch': colour })}
                  title=${label('colour', index + 1)}
                  aria-label=${label('colour', index + 1)}
                  aria-pressed=${String(state.colour === colour)}
                  @click=${() => actions.setColour(colour)}
                ></button>`,
            )}
          </div>`
        : nothing
    }
    <div class="group">
      ${iconButton(label('undo'), 'discard', actions.undo, { disabled: !state.canUndo, id: 'undo' })}
      ${iconButton(label('redo'), 'redo', actions.redo, { disabled: !state.canRedo, id: 'redo' })}
    </div>
    <div class="group">
      ${iconButton(label('zoomOut'), 'zoom-out', actions.zoomOut)} <span class="zoom" aria-live="off">${label('zoom', state.zoomPercent)}</span>
      ${iconButton(label('zoomIn'), 'zoom-in', actions.zoomIn)} ${iconButton(label('fit'), 'screen-normal', actions.fit, { id: 'fit' })}
      ${iconButton(label('actual'), 'screen-full', actions.actualSize)}
    </div>
  `;
}

export function formTemplate(state: ControlsState, actions: ControlsActions): TemplateResult {
  const { label } = actions;
  const model = state.models.find((entry) => entry.id === state.model);
  const markupRefused = state.mode === 'markup' && model !== undefined && !model.markup;
  const busy = state.status.state === 'running' || state.status.state === 'preparing';
  const select = (id: string, text: string, value: string, options: readonly string[], change: (value: string) => void) =>
    html`<label class="field"
      ><span>${text}</span>
      <select id=${id} @change=${(event: Event) => change((event.target as HTMLSelectElement).value)}>
        ${options.map((option) => html`<option value=${option} ?selected=${option === value}>${option}</option>`)}
      </select></label
    >`;
  return html`
    <label class="field prompt"><span>${label('prompt')}</span><textarea id="prompt" rows="2" placeholder=${label('promptPlaceholder')}></textarea></label>
    <div class="choices">
      ${select(
        'model',
        label('model'),
        state.model,
        state.models.map((entry) => entry.id),
        (value) => actions.choose({ model: value }),
      )}
      ${select('quality', label('quality'), state.quality, model?.qualities ?? [], (value) => actions.choose({ quality: value }))}
      ${select('result-size', label('imageSize'), state.resultSize, model?.sizes ?? [], (value) => actions.choose({ resultSize: value }))}
      <span class="estimate" id="estimate">${state.estimate}</span>
      <button type="button" id="edit" class="primary" ?disabled=${busy || markupRefused} @click=${actions.edit}>
        <span class="codicon codicon-sparkle" aria-hidden="true"></span> ${label('edit')}
      </button>
    </div>
    ${markupRefused ? html`<p class="notice" id="markup-refused">${label('markupUnsupported', state.model)}</p>` : nothing}
    <p class=${`status ${state.status.state}`} id="status">
      ${state.status.text}
      ${
        state.status.state === 'done'
          ? html`<button type="button" id="open-result" class="secondary" @click=${actions.openResult}>${label('openResult')}</button>
              <button type="button" id="edit-result" class="secondary" @click=${actions.editResult}>${label('editResult')}</button>`
          : nothing
      }
    </p>
  `;
}
