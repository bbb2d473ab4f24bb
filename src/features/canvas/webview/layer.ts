/**
 * One drawing (the mask or the markup) on a canvas the size of the image: its operations with undo and redo, the
 * drawing it started from (one kept beside the image), and its export as the PNG the API takes.
 */
import { drawOperation, type DrawingContext, type DrawingOperation } from '../../../core/canvas/drawing';
import { DrawingHistory } from '../../../core/canvas/drawingHistory';
import { maskFromLayer, paintedPixels } from '../../../core/canvas/maskPixels';
import type { DrawingMode } from '../../../core/canvas/drawing';
import type { Size } from '../../../core/canvas/viewport';

export class Layer {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly history = new DrawingHistory<DrawingOperation>();
  private base: ImageData | undefined;

  constructor(
    readonly mode: DrawingMode,
    private readonly size: Size,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = `layer ${mode}`;
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    this.context = this.canvas.getContext('2d')!;
  }

  get drawingContext(): DrawingContext {
    return this.context as unknown as DrawingContext;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Whether anything is drawn (a started-from drawing counts). */
  get isEmpty(): boolean {
    return this.history.operations.length === 0 && this.base === undefined;
  }

  /** Starts from a drawing kept beside the image (already in layer pixels). */
  setBase(pixels: ImageData): void {
    this.base = pixels;
    this.redraw();
  }

  /** Adds an operation; `drawn` says the canvas already shows it (a stroke drawn while the pointer moved). */
  add(operation: DrawingOperation, drawn: boolean): void {
    this.history.push(operation);
    if (!drawn) drawOperation(this.drawingContext, operation, this.size.width, this.size.height);
  }

  undo(): boolean {
    if (!this.history.undo()) return false;
    this.redraw();
    return true;
  }

  redo(): boolean {
    const operation = this.history.redo();
    if (!operation) return false;
    drawOperation(this.drawingContext, operation, this.size.width, this.size.height);
    return true;
  }

  /** Draws the layer again from its start: after an undo, which has no pixels to go back to. */
  private redraw(): void {
    this.context.clearRect(0, 0, this.size.width, this.size.height);
    if (this.base) this.context.putImageData(this.base, 0, 0);
    for (const operation of this.history.operations) drawOperation(this.drawingContext, operation, this.size.width, this.size.height);
  }

  /** How many pixels are painted: none means there is nothing to send. */
  painted(): number {
    return paintedPixels(this.context.getImageData(0, 0, this.size.width, this.size.height).data);
  }

  /** The PNG to send: for a mask, transparent where painted and opaque elsewhere; for markup, the layer itself. */
  async toPng(): Promise<Uint8Array> {
    const { width, height } = this.size;
    if (this.mode === 'markup') return pngOf(this.canvas);
    const mask = maskFromLayer(this.context.getImageData(0, 0, width, height).data);
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    out.getContext('2d')!.putImageData(new ImageData(mask as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    return pngOf(out);
  }
}

export async function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The canvas could not be encoded.');
  return new Uint8Array(await blob.arrayBuffer());
}
