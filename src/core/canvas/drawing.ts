/**
 * What a user draws on the edit canvas, in image pixels, and how each operation is drawn on a layer the size of
 * the image. Two kinds of drawing, as the API takes them:
 * - a mask layer: painted pixels are where the image may change (the request's mask is transparent there);
 * - a markup layer: coloured strokes, shapes and notes over a transparent layer, sent as it is.
 * Drawing goes through a small slice of the Canvas 2D API, so the same code draws in the webview and in tests.
 */
import type { Point } from './viewport';

export type DrawingMode = 'mask' | 'markup';

export type MaskOperation =
  | { readonly kind: 'stroke'; readonly erase: boolean; readonly size: number; readonly points: readonly Point[] }
  | { readonly kind: 'rect'; readonly erase: boolean; readonly from: Point; readonly to: Point }
  | { readonly kind: 'lasso'; readonly erase: boolean; readonly points: readonly Point[] }
  | { readonly kind: 'invert' }
  | { readonly kind: 'clear' };

export type MarkupOperation =
  | { readonly kind: 'pen'; readonly colour: string; readonly width: number; readonly points: readonly Point[] }
  | { readonly kind: 'arrow' | 'box' | 'ellipse'; readonly colour: string; readonly width: number; readonly from: Point; readonly to: Point }
  | { readonly kind: 'note'; readonly colour: string; readonly size: number; readonly at: Point; readonly text: string };

export type DrawingOperation = MaskOperation | MarkupOperation;

/** The mask layer's paint: opaque, so "painted" is a plain alpha test; the canvas shows the layer half-transparent. */
export const MASK_TINT = '#ff3d7f';
/** Markup colours: strong against photographs and each other. */
export const MARKUP_COLOURS = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff', '#000000'] as const;

/** The slice of CanvasRenderingContext2D the operations use. */
export interface DrawingContext {
  globalCompositeOperation: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  font: string;
  textBaseline: string;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  ellipse(x: number, y: number, radiusX: number, radiusY: number, rotation: number, start: number, end: number): void;
  rect(x: number, y: number, width: number, height: number): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  clearRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The rectangle two drag corners span, whichever way the drag went. */
export function rectBetween(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/** The two ends of an arrow's head at `to`: 30 degrees either side of the shaft, longer for thicker lines. */
export function arrowHead(from: Point, to: Point, width: number): readonly [Point, Point] {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const length = Math.max(12, width * 4);
  const side = (turn: number) => ({ x: to.x - length * Math.cos(angle + turn), y: to.y - length * Math.sin(angle + turn) });
  return [side(Math.PI / 6), side(-Math.PI / 6)];
}

/** Lines of a note, each at most `maxChars` long, broken at spaces where possible. */
export function noteLines(text: string, maxChars = 40): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      for (let rest = word; rest.length > 0;) {
        const room = line === '' ? maxChars : maxChars - line.length - 1;
        if (rest.length <= room) {
          line = line === '' ? rest : `${line} ${rest}`;
          rest = '';
        } else if (line !== '') {
          lines.push(line);
          line = '';
        } else {
          lines.push(rest.slice(0, maxChars));
          rest = rest.slice(maxChars);
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Draws one operation on a layer of the image's size (`width` x `height`), in image pixels. */
export function drawOperation(context: DrawingContext, operation: DrawingOperation, width: number, height: number): void {
  context.globalCompositeOperation = 'source-over';
  switch (operation.kind) {
    case 'stroke':
      return drawStroke(context, operation.points, operation.size, MASK_TINT, operation.erase);
    case 'rect':
    case 'lasso':
      return fillMaskShape(context, operation);
    case 'invert':
      // xor with an opaque layer: painted pixels clear, clear pixels paint.
      context.globalCompositeOperation = 'xor';
      context.fillStyle = MASK_TINT;
      context.fillRect(0, 0, width, height);
      context.globalCompositeOperation = 'source-over';
      return;
    case 'clear':
      return context.clearRect(0, 0, width, height);
    case 'pen':
      return drawStroke(context, operation.points, operation.width, operation.colour, false);
    case 'arrow':
    case 'box':
    case 'ellipse':
      return drawShape(context, operation);
    case 'note':
      return drawNote(context, operation);
  }
}

/** A round-capped polyline; a single point is a dot. Erasing cuts through the layer instead of painting. */
export function drawStroke(context: DrawingContext, points: readonly Point[], size: number, colour: string, erase: boolean): void {
  const first = points[0];
  if (!first) return;
  context.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
  context.fillStyle = colour;
  context.strokeStyle = colour;
  if (points.length === 1) {
    context.beginPath();
    context.arc(first.x, first.y, size / 2, 0, Math.PI * 2);
    context.fill();
  } else {
    context.lineWidth = size;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(first.x, first.y);
    for (const point of points.slice(1)) context.lineTo(point.x, point.y);
    context.stroke();
  }
  context.globalCompositeOperation = 'source-over';
}

function fillMaskShape(context: DrawingContext, operation: Extract<MaskOperation, { kind: 'rect' | 'lasso' }>): void {
  context.globalCompositeOperation = operation.erase ? 'destination-out' : 'source-over';
  context.fillStyle = MASK_TINT;
  context.beginPath();
  if (operation.kind === 'rect') {
    const rect = rectBetween(operation.from, operation.to);
    context.rect(rect.x, rect.y, rect.width, rect.height);
  } else {
    const [first, ...rest] = operation.points;
    if (!first || rest.length < 2) return;
    context.moveTo(first.x, first.y);
    for (const point of rest) context.lineTo(point.x, point.y);
    context.closePath();
  }
  context.fill();
  context.globalCompositeOperation = 'source-over';
}

function drawShape(context: DrawingContext, operation: Extract<MarkupOperation, { kind: 'arrow' | 'box' | 'ellipse' }>): void {
  const { from, to } = operation;
  context.strokeStyle = operation.colour;
  context.lineWidth = operation.width;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  if (operation.kind === 'arrow') {
    const [left, right] = arrowHead(from, to, operation.width);
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.moveTo(left.x, left.y);
    context.lineTo(to.x, to.y);
    context.lineTo(right.x, right.y);
  } else if (operation.kind === 'box') {
    const rect = rectBetween(from, to);
    context.rect(rect.x, rect.y, rect.width, rect.height);
  } else {
    const rect = rectBetween(from, to);
    context.ellipse(rect.x + rect.width / 2, rect.y + rect.height / 2, rect.width / 2, rect.height / 2, 0, 0, Math.PI * 2);
  }
  context.stroke();
}

/** A note: its text on a dark plate, so it reads on any image; the model reads it as an instruction. */
function drawNote(context: DrawingContext, operation: Extract<MarkupOperation, { kind: 'note' }>): void {
  const lines = noteLines(operation.text);
  const lineHeight = Math.round(operation.size * 1.25);
  context.font = `${operation.size}px sans-serif`;
  context.textBaseline = 'top';
  const padding = Math.round(operation.size / 2);
  const width = Math.max(...lines.map((line) => context.measureText(line).width), 1) + 2 * padding;
  context.fillStyle = 'rgba(0, 0, 0, 0.75)';
  context.fillRect(operation.at.x, operation.at.y, width, lines.length * lineHeight + 2 * padding);
  context.fillStyle = operation.colour;
  lines.forEach((line, index) => context.fillText(line, operation.at.x + padding, operation.at.y + padding + index * lineHeight));
}
