/** The edit canvas's HTML shell: a strict CSP with a fresh nonce; labels as escaped JSON, never markup. */
import * as vscode from 'vscode';
import { webviewPage } from '../../platform/webviewShell';

/** Labels the canvas shows, translated on the extension side. */
function uiStrings(): Record<string, string> {
  const t = vscode.l10n.t;
  return {
    mask: t('Mask'),
    markup: t('Markup'),
    modeHelp: t('Mask: paint where the image may change. Markup: draw arrows, boxes and notes that say where and what to change.'),
    brush: t('Brush (B)'),
    eraser: t('Eraser (E)'),
    rect: t('Rectangle (R)'),
    lasso: t('Lasso (L)'),
    invert: t('Invert (I)'),
    clear: t('Clear'),
    pen: t('Pen (P)'),
    arrow: t('Arrow (A)'),
    box: t('Box (R)'),
    ellipse: t('Ellipse (O)'),
    note: t('Note (T)'),
    colour: t('Colour {0}'),
    size: t('Size'),
    undo: t('Undo (Ctrl+Z)'),
    redo: t('Redo (Ctrl+Shift+Z)'),
    zoomIn: t('Zoom In (+)'),
    zoomOut: t('Zoom Out (-)'),
    fit: t('Fit (0)'),
    actual: t('100% (1)'),
    tools: t('Drawing tools'),
    prompt: t('What to change'),
    promptPlaceholder: t('Replace the sky with a warm sunset'),
    model: t('Model'),
    quality: t('Quality'),
    imageSize: t('Size of the result'),
    edit: t('Edit'),
    openResult: t('Open Result'),
    editResult: t('Edit Result'),
    markupUnsupported: t('{0} does not take markup. Markup needs a model that takes it (GPT Image 2.5); choose one below.'),
    emptyMask: t('Paint where the image may change first.'),
    emptyMarkup: t('Draw on the image first: an arrow, a box or a note.'),
    notePrompt: t('Note text, then Enter'),
    preparing: t('Preparing the drawing…'),
    canvasLabel: t('Image to draw on. Drag to draw; Space and drag, or the middle button, pans; the wheel zooms.'),
    zoom: t('{0}%'),
    loadedDrawing: t('The drawing kept beside the image is loaded.'),
  };
}

export function canvasHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    title: vscode.l10n.t('Image Edit Canvas'),
    stylesheet: 'canvas.css',
    script: 'canvas.js',
    strings: uiStrings(),
    body: `<div id="toolbar" class="toolbar" role="toolbar"></div>
<div id="stage" class="stage" tabindex="0" role="img">
  <div id="world" class="world">
    <img id="image" alt="" draggable="false">
  </div>
  <canvas id="preview" class="preview"></canvas>
  <input id="note" class="note-input" type="text" hidden>
  <div id="credentials" class="credentials" role="note" hidden></div>
</div>
<form id="form" class="form"></form>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>`,
  });
}
