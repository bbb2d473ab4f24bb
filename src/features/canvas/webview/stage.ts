/**
 * The drawing surface: the image and the active layer, moved together by one CSS transform (zoom and pan cost
 * the compositor, not a redraw), and a screen-sized preview canvas for shapes while they are dragged. A stroke
 * draws only its newest segment on the layer as the pointer moves, whatever the image's size.
 */
import { drawOperation, drawStroke, MASK_TINT, type DrawingOperation, type MarkupOperation, type MaskOperation } from '../../../core/canvas/drawing';
import { fitView, panBy, toImage, wheelFactor, zoomAt, actualSizeView, type Point, type Size, type View } from '../../../core/canvas/viewport';
import type { Layer } from './layer';

const STROKE_FRAME = 'openai-images:stroke-frame';

export type Tool = 'brush' | 'eraser' | 'rect' | 'lasso' | 'pen' | 'arrow' | 'box' | 'ellipse' | 'note';

export interface Pen {
  tool: Tool;
  /** Brush or line width in screen pixels: the same on screen at any zoom. */
  size: number;
  colour: string;
}

interface Gesture {
  readonly tool: Tool;
  readonly pointerId: number;
  readonly points: Point[];
  /** Width in image pixels, fixed when the gesture starts. */
  readonly width: number;
}

export interface StageElements {
  readonly stage: HTMLElement;
  readonly world: HTMLElement;
  readonly preview: HTMLCanvasElement;
  readonly note: HTMLInputElement;
}

export class Stage {
  view: View = { scale: 1, x: 0, y: 0 };
  private layer: Layer | undefined;
  private gesture: Gesture | undefined;
  private panning: { pointerId: number; last: Point } | undefined;
  private spaceHeld = false;
  private notePoint: Point | undefined;

  constructor(
    private readonly elements: StageElements,
    private readonly size: Size,
    private readonly pen: () => Pen,
    private readonly onDrawn: () => void,
  ) {
    const { stage } = elements;
    stage.addEventListener('pointerdown', (event) => this.pointerDown(event));
    stage.addEventListener('pointermove', (event) => this.pointerMove(event));
    stage.addEventListener('pointerup', (event) => this.pointerUp(event));
    stage.addEventListener('pointercancel', () => this.cancelGesture());
    stage.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
    stage.addEventListener('contextmenu', (event) => event.preventDefault());
    elements.note.addEventListener('keydown', (event) => this.noteKey(event));
    elements.note.addEventListener('blur', () => this.commitNote());
    new ResizeObserver(() => this.resizePreview()).observe(stage);
  }

  showLayer(layer: Layer): void {
    this.layer?.canvas.remove();
    this.layer = layer;
    this.elements.world.append(layer.canvas);
  }

  setSpaceHeld(held: boolean): void {
    this.spaceHeld = held;
    this.elements.stage.classList.toggle('panning', held);
  }

  fit(): void {
    this.setView(fitView(this.size, this.screenSize()));
  }

  actualSize(): void {
    this.setView(actualSizeView(this.size, this.screenSize()));
  }

  /** Zooms around the middle of the screen (the buttons and + / - keys). */
  zoom(factor: number): void {
    const screen = this.screenSize();
    this.setView(zoomAt(this.view, { x: screen.width / 2, y: screen.height / 2 }, factor));
  }

  private screenSize(): Size {
    return { width: this.elements.stage.clientWidth, height: this.elements.stage.clientHeight };
  }

  private setView(view: View): void {
    this.view = view;
    this.elements.world.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
    this.elements.stage.dataset.scale = String(view.scale);
    this.onDrawn();
  }

  private resizePreview(): void {
    const { preview } = this.elements;
    preview.width = this.elements.stage.clientWidth;
    preview.height = this.elements.stage.clientHeight;
  }

  private pointAt(event: PointerEvent | WheelEvent | MouseEvent): Point {
    const box = this.elements.stage.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private pointerDown(event: PointerEvent): void {
    this.elements.stage.focus({ preventScroll: true });
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      this.panning = { pointerId: event.pointerId, last: this.pointAt(event) };
      this.elements.stage.setPointerCapture(event.pointerId);
      event.preventDefault();
      return;
    }
    if (event.button !== 0 || !this.layer || this.gesture) return;
    const pen = this.pen();
    const at = toImage(this.view, this.pointAt(event));
    if (pen.tool === 'note') {
      this.openNote(event, at);
      event.preventDefault();
      return;
    }
    this.elements.stage.setPointerCapture(event.pointerId);
    // One stroke's measures at a time: the timeline keeps every entry until cleared.
    performance.clearMeasures(STROKE_FRAME);
    this.gesture = { tool: pen.tool, pointerId: event.pointerId, points: [at], width: pen.size / this.view.scale };
    if (isFreehand(pen.tool)) this.drawSegment([at]);
    event.preventDefault();
  }

  private pointerMove(event: PointerEvent): void {
    if (this.panning?.pointerId === event.pointerId) {
      const at = this.pointAt(event);
      this.setView(panBy(this.view, at.x - this.panning.last.x, at.y - this.panning.last.y));
      this.panning.last = at;
      return;
    }
    const gesture = this.gesture;
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    // From the pointer event to the next frame: what "the stroke follows the pointer" means (npm run bench reads it).
    const movedAt = event.timeStamp;
    requestAnimationFrame(() => performance.measure(STROKE_FRAME, { start: movedAt, end: performance.now() }));
    // Every point the pointer passed since the last event, so a fast stroke keeps its shape.
    const events = event.getCoalescedEvents?.() ?? [event];
    const points = (events.length > 0 ? events : [event]).map((each) => toImage(this.view, this.pointAt(each)));
    if (isFreehand(gesture.tool)) {
      const last = gesture.points[gesture.points.length - 1]!;
      gesture.points.push(...points);
      this.drawSegment([last, ...points]);
    } else if (gesture.tool === 'lasso') {
      gesture.points.push(...points);
      this.drawPreview(this.operationOf(gesture));
    } else {
      gesture.points[1] = points[points.length - 1]!;
      this.drawPreview(this.operationOf(gesture));
    }
  }

  private pointerUp(event: PointerEvent): void {
    if (this.panning?.pointerId === event.pointerId) {
      this.panning = undefined;
      return;
    }
    const gesture = this.gesture;
    if (!gesture || gesture.pointerId !== event.pointerId || !this.layer) return;
    this.gesture = undefined;
    this.clearPreview();
    const operation = this.operationOf(gesture);
    if (operation) this.layer.add(operation, isFreehand(gesture.tool));
    this.onDrawn();
  }

  private cancelGesture(): void {
    this.gesture = undefined;
    this.panning = undefined;
    this.clearPreview();
  }

  private wheel(event: WheelEvent): void {
    event.preventDefault();
    this.setView(zoomAt(this.view, this.pointAt(event), wheelFactor(event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY)));
  }

  /** The operation a gesture makes; undefined for a shape too small to mean anything. */
  private operationOf(gesture: Gesture): DrawingOperation | undefined {
    const { points, width } = gesture;
    const pen = this.pen();
    const from = points[0]!;
    const to = points[1] ?? from;
    const tiny = Math.abs(to.x - from.x) * this.view.scale < 3 && Math.abs(to.y - from.y) * this.view.scale < 3;
    switch (gesture.tool) {
      case 'brush':
      case 'eraser':
        return { kind: 'stroke', erase: gesture.tool === 'eraser', size: width, points: [...points] } satisfies MaskOperation;
      case 'rect':
        return tiny ? undefined : { kind: 'rect', erase: false, from, to };
      case 'lasso':
        return points.length < 3 ? undefined : { kind: 'lasso', erase: false, points: [...points] };
      case 'pen':
        return { kind: 'pen', colour: pen.colour, width, points: [...points] } satisfies MarkupOperation;
      case 'arrow':
      case 'box':
      case 'ellipse':
        return tiny ? undefined : { kind: gesture.tool, colour: pen.colour, width, from, to };
      case 'note':
        return undefined;
    }
  }

  private drawSegment(points: readonly Point[]): void {
    const gesture = this.gesture;
    if (!gesture || !this.layer) return;
    const colour = gesture.tool === 'pen' ? this.pen().colour : MASK_TINT;
    drawStroke(this.layer.drawingContext, points, gesture.width, colour, gesture.tool === 'eraser');
  }

  private drawPreview(operation: DrawingOperation | undefined): void {
    const context = this.elements.preview.getContext('2d')!;
    this.clearPreview();
    if (!operation) return;
    const { scale, x, y } = this.view;
    context.save();
    context.setTransform(scale, 0, 0, scale, x, y);
    // A mask shape previews as the layer shows it: half-transparent tint.
    context.globalAlpha = 'erase' in operation ? 0.5 : 1;
    drawOperation(context as unknown as Parameters<typeof drawOperation>[0], operation, this.size.width, this.size.height);
    context.restore();
  }

  private clearPreview(): void {
    const { preview } = this.elements;
    preview.getContext('2d')!.clearRect(0, 0, preview.width, preview.height);
  }

  private openNote(event: PointerEvent, at: Point): void {
    const { note } = this.elements;
    const screen = this.pointAt(event);
    this.notePoint = at;
    note.value = '';
    note.hidden = false;
    note.style.left = `${screen.x}px`;
    note.style.top = `${screen.y}px`;
    note.focus();
  }

  private noteKey(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.key === 'Enter') {
      event.preventDefault();
      this.commitNote();
    } else if (event.key === 'Escape') {
      this.notePoint = undefined;
      this.elements.note.hidden = true;
      this.elements.stage.focus();
    }
  }

  private commitNote(): void {
    const { note } = this.elements;
    const at = this.notePoint;
    this.notePoint = undefined;
    note.hidden = true;
    const text = note.value.trim();
    if (!at || text === '' || !this.layer) return;
    const pen = this.pen();
    // Notes read at 16 screen pixels at the zoom they were written in, and never below 12 image pixels.
    this.layer.add({ kind: 'note', colour: pen.colour, size: Math.max(12, Math.round(16 / this.view.scale)), at, text }, false);
    this.elements.stage.focus();
    this.onDrawn();
  }
}

function isFreehand(tool: Tool): boolean {
  return tool === 'brush' || tool === 'eraser' || tool === 'pen';
}
