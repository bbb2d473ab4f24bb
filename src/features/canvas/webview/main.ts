/**
 * The edit canvas's webview: draws a mask or markup over the image, then hands the extension the drawing as the
 * PNG the API takes, with the prompt and choices. Messages both ways are parsed with the shared schema.
 */
import { render } from 'lit';
import { layerFromMask, rgbOf } from '../../../core/canvas/maskPixels';
import { MARKUP_COLOURS, MASK_TINT, type DrawingMode } from '../../../core/canvas/drawing';
import { parseCanvasToWebview, type CanvasToWebview } from '../canvasMessages';
import { formTemplate, MARKUP_TOOLS, MASK_TOOLS, toolbarTemplate, type ControlsActions, type ControlsState } from './controls';
import { Layer, pngOf } from './layer';
import { Stage, type Tool } from './stage';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const strings = JSON.parse(byId('strings').dataset.strings ?? '{}') as Record<string, string>;
const toolbar = byId('toolbar');
const form = byId<HTMLFormElement>('form');
const live = byId('live');
const imageElement = byId<HTMLImageElement>('image');

function label(key: string, ...args: Array<string | number>): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole));
}

type Init = Extract<CanvasToWebview, { type: 'init' }>;

let state: ControlsState = {
  mode: 'mask',
  tool: 'brush',
  size: 40,
  colour: MARKUP_COLOURS[0],
  canUndo: false,
  canRedo: false,
  zoomPercent: 100,
  models: [],
  model: '',
  quality: 'auto',
  resultSize: 'auto',
  estimate: '',
  status: { state: 'idle', text: '' },
};
/** The tool and size last used in each mode, so switching back keeps them: a wide brush, a thin pen. */
const toolOf: Record<DrawingMode, Tool> = { mask: 'brush', markup: 'pen' };
const sizeOf: Record<DrawingMode, number> = { mask: 40, markup: 6 };
let layers: Record<DrawingMode, Layer> | undefined;
let stage: Stage | undefined;
let image: Init['image'] | undefined;

function update(change: Partial<ControlsState>): void {
  state = { ...state, ...change };
  const layer = layers?.[state.mode];
  state = { ...state, canUndo: layer?.canUndo ?? false, canRedo: layer?.canRedo ?? false, zoomPercent: Math.round((stage?.view.scale ?? 1) * 100) };
  render(toolbarTemplate(state, actions), toolbar);
  render(formTemplate(state, actions), form);
}

function choose(): void {
  vscode.postMessage({ type: 'choose', model: state.model, quality: state.quality, size: state.resultSize, mode: state.mode });
}

function announce(text: string): void {
  live.textContent = text;
}

const actions: ControlsActions = {
  label,
  setMode(mode) {
    if (!layers || !stage) return;
    stage.showLayer(layers[mode]);
    update({ mode, tool: toolOf[mode], size: sizeOf[mode] });
    choose();
  },
  setTool(tool) {
    toolOf[state.mode] = tool;
    update({ tool });
  },
  setSize(size) {
    sizeOf[state.mode] = size;
    update({ size });
  },
  setColour(colour) {
    update({ colour });
  },
  invert() {
    layers?.mask.add({ kind: 'invert' }, false);
    update({});
  },
  clear() {
    layers?.[state.mode].add({ kind: 'clear' }, false);
    update({});
  },
  undo() {
    layers?.[state.mode].undo();
    update({});
  },
  redo() {
    layers?.[state.mode].redo();
    update({});
  },
  zoomIn: () => stage?.zoom(1.25),
  zoomOut: () => stage?.zoom(0.8),
  fit: () => stage?.fit(),
  actualSize: () => stage?.actualSize(),
  choose(change) {
    const model = change.model ? state.models.find((entry) => entry.id === change.model) : undefined;
    const next = {
      model: change.model ?? state.model,
      quality: change.quality ?? (model && !model.qualities.includes(state.quality) ? (model.qualities[0] ?? 'auto') : state.quality),
      resultSize: change.resultSize ?? (model && !model.sizes.includes(state.resultSize) ? (model.sizes[0] ?? 'auto') : state.resultSize),
    };
    update(next);
    choose();
  },
  edit: () => {
    sendEdit().catch((error: unknown) => update({ status: { state: 'failed', text: error instanceof Error ? error.message : String(error) } }));
  },
  openResult: () => vscode.postMessage({ type: 'openResult' }),
  editResult: () => vscode.postMessage({ type: 'editResult' }),
};

async function sendEdit(): Promise<void> {
  const layer = layers?.[state.mode];
  if (!layer || !image) return;
  const prompt = byId<HTMLTextAreaElement>('prompt').value;
  if (layer.painted() === 0) {
    update({ status: { state: 'failed', text: label(state.mode === 'mask' ? 'emptyMask' : 'emptyMarkup') } });
    return;
  }
  update({ status: { state: 'preparing', text: label('preparing') } });
  const drawing = await layer.toPng();
  // A mask must match a PNG image: a JPEG or WebP goes as a PNG made here from the decoded image, at full size.
  const converted = state.mode === 'mask' && !image.png ? await pngOf(imageCanvas()) : undefined;
  vscode.postMessage({
    type: 'edit',
    prompt,
    model: state.model,
    quality: state.quality,
    size: state.resultSize,
    mode: state.mode,
    drawing,
    ...(converted ? { image: converted } : {}),
  });
}

function imageCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = image!.width;
  canvas.height = image!.height;
  canvas.getContext('2d')!.drawImage(imageElement, 0, 0, image!.width, image!.height);
  return canvas;
}

function start(message: Init): void {
  image = message.image;
  const size = { width: image.width, height: image.height };
  imageElement.width = size.width;
  imageElement.height = size.height;
  imageElement.alt = image.name;
  imageElement.addEventListener('error', () => vscode.postMessage({ type: 'loadFailed', what: 'image' }), { once: true });
  imageElement.addEventListener('load', () => stage?.fit(), { once: true });
  imageElement.src = image.src;
  const world = byId('world');
  world.style.width = `${size.width}px`;
  world.style.height = `${size.height}px`;
  layers = { mask: new Layer('mask', size), markup: new Layer('markup', size) };
  stage = new Stage(
    { stage: byId('stage'), world, preview: byId<HTMLCanvasElement>('preview'), note: byId<HTMLInputElement>('note') },
    size,
    () => ({ tool: state.tool, size: state.size, colour: state.colour }),
    () => update({}),
  );
  byId('stage').setAttribute('aria-label', `${image.name}. ${label('canvasLabel')}`);
  const { choice } = message;
  stage.showLayer(layers[choice.mode]);
  update({
    models: message.models,
    model: choice.model,
    quality: choice.quality,
    resultSize: choice.size,
    mode: choice.mode,
    tool: toolOf[choice.mode],
    size: sizeOf[choice.mode],
  });
  stage.fit();
  if (message.drawing) loadDrawing(message.drawing.mode, message.drawing.src);
}

/** A drawing kept beside the image becomes the layer's starting point (a mask turns back into painted pixels). */
function loadDrawing(mode: DrawingMode, src: string): void {
  const kept = new Image();
  kept.addEventListener('error', () => vscode.postMessage({ type: 'loadFailed', what: 'drawing' }), { once: true });
  kept.addEventListener(
    'load',
    () => {
      if (!layers || !image) return;
      if (kept.naturalWidth !== image.width || kept.naturalHeight !== image.height) {
        vscode.postMessage({ type: 'loadFailed', what: 'drawing' });
        return;
      }
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(kept, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height);
      const base =
        mode === 'mask' ? new ImageData(layerFromMask(pixels.data, rgbOf(MASK_TINT)) as Uint8ClampedArray<ArrayBuffer>, image.width, image.height) : pixels;
      layers[mode].setBase(base);
      document.body.dataset.drawingLoaded = mode;
      announce(label('loadedDrawing'));
      update({});
    },
    { once: true },
  );
  kept.src = src;
}

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  const key = event.key.toLowerCase();
  const modifier = event.ctrlKey || event.metaKey;
  if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text')) {
    // VS Code's webview host cancels Ctrl+Z in a webview (it runs its own Undo instead), which leaves a text
    // field without its undo: run the field's own.
    if (modifier && (key === 'z' || key === 'y')) {
      event.preventDefault();
      document.execCommand(key === 'y' || event.shiftKey ? 'redo' : 'undo');
    }
    return;
  }
  if (target && /^(INPUT|SELECT)$/.test(target.tagName) && target.id !== 'size') return;
  if (modifier && (key === 'z' || key === 'y')) {
    event.preventDefault();
    return key === 'y' || event.shiftKey ? actions.redo() : actions.undo();
  }
  if (modifier || event.altKey) return;
  if (event.key === ' ' && target?.id === 'stage') {
    event.preventDefault();
    stage?.setSpaceHeld(true);
    return;
  }
  const tools = state.mode === 'mask' ? MASK_TOOLS : MARKUP_TOOLS;
  const tool = tools.find((entry) => entry.key === key)?.tool;
  if (tool) return actions.setTool(tool);
  if (key === 'i' && state.mode === 'mask') return actions.invert();
  if (key === '+' || key === '=') return actions.zoomIn();
  if (key === '-') return actions.zoomOut();
  if (key === '0') return actions.fit();
  if (key === '1') return actions.actualSize();
  if (key === '[') return actions.setSize(Math.max(2, state.size - 4));
  if (key === ']') return actions.setSize(Math.min(200, state.size + 4));
}

window.addEventListener('keydown', onKey);
window.addEventListener('keyup', (event) => {
  if (event.key === ' ') stage?.setSpaceHeld(false);
});
form.addEventListener('submit', (event) => event.preventDefault());

/** A badge over the stage's corner (no layout change, no pointer events): what the image's credentials say, as text. */
function showCredentials(verdict: string, text: string): void {
  const badge = document.getElementById('credentials');
  if (!badge) return;
  badge.textContent = text;
  badge.dataset.state = verdict;
  badge.hidden = false;
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseCanvasToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'init':
      return start(message);
    case 'estimate':
      return update({ estimate: message.text });
    case 'credentials':
      return showCredentials(message.state, message.text);
    case 'undo':
      return actions.undo();
    case 'redo':
      return actions.redo();
    case 'status':
      if (message.text) announce(message.text);
      return update({ status: { state: message.state, text: message.text } });
  }
});

update({});
vscode.postMessage({ type: 'ready' });
