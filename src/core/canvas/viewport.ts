/**
 * Where the image sits on the canvas's screen: a scale and an offset, screen = image * scale + offset. Zoom keeps
 * the point under the pointer still; "fit" shows the whole image; "100%" shows one image pixel per screen pixel.
 * Pointer positions become image pixels here, so a stroke lands on the same pixels at any zoom and pan.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

/** From a 4096-pixel image seen whole in a small editor (about 1/40) to 32 screen pixels per image pixel. */
export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 32;
/** Space kept around a fitted image, in screen pixels. */
const FIT_MARGIN = 16;

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The whole image, centred, never enlarged beyond 100%. */
export function fitView(image: Size, screen: Size): View {
  const room = { width: Math.max(1, screen.width - 2 * FIT_MARGIN), height: Math.max(1, screen.height - 2 * FIT_MARGIN) };
  const scale = clampScale(Math.min(1, room.width / image.width, room.height / image.height));
  return centred(image, screen, scale);
}

/** One image pixel per screen pixel, centred. */
export function actualSizeView(image: Size, screen: Size): View {
  return centred(image, screen, 1);
}

function centred(image: Size, screen: Size, scale: number): View {
  return { scale, x: (screen.width - image.width * scale) / 2, y: (screen.height - image.height * scale) / 2 };
}

/** Zooms by `factor` around a screen point, which stays over the same image pixel. */
export function zoomAt(view: View, at: Point, factor: number): View {
  const scale = clampScale(view.scale * factor);
  const anchor = toImage(view, at);
  return { scale, x: at.x - anchor.x * scale, y: at.y - anchor.y * scale };
}

/** Moves the image by a screen distance. */
export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The image point under a screen point (fractional: pixel (i, j) spans [i, i+1) x [j, j+1)). */
export function toImage(view: View, at: Point): Point {
  return { x: (at.x - view.x) / view.scale, y: (at.y - view.y) / view.scale };
}

export function toScreen(view: View, at: Point): Point {
  return { x: at.x * view.scale + view.x, y: at.y * view.scale + view.y };
}

/** The wheel's zoom step: a notch (100 delta units) zooms by 1.25x either way, whatever the device's delta mode. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.25, -Math.max(-3, Math.min(3, deltaY / 100)));
}
