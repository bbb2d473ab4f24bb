/**
 * The API's mask from the canvas's mask layer, and back. On the layer, painted (opaque) pixels mark where the
 * image may change; in the mask the API takes, those pixels are fully transparent and all others opaque. A
 * half-covered edge pixel counts as painted from half coverage on.
 */

/** Layer alpha from which a pixel counts as painted. */
const PAINTED_FROM = 128;

/** RGBA pixels of the mask to send: alpha 0 where the layer is painted, opaque black elsewhere. */
export function maskFromLayer(layer: Uint8Array | Uint8ClampedArray): Uint8ClampedArray {
  const mask = new Uint8ClampedArray(layer.length);
  for (let i = 3; i < layer.length; i += 4) mask[i] = layer[i]! >= PAINTED_FROM ? 0 : 255;
  return mask;
}

/** RGBA pixels of the mask layer for a saved mask: painted (in `tint`) where the mask is transparent. */
export function layerFromMask(mask: Uint8Array | Uint8ClampedArray, tint: readonly [number, number, number]): Uint8ClampedArray {
  const layer = new Uint8ClampedArray(mask.length);
  for (let i = 0; i < mask.length; i += 4) {
    if (mask[i + 3]! >= PAINTED_FROM) continue;
    layer[i] = tint[0];
    layer[i + 1] = tint[1];
    layer[i + 2] = tint[2];
    layer[i + 3] = 255;
  }
  return layer;
}

/** How many pixels of an RGBA layer are painted (alpha from half on). */
export function paintedPixels(layer: Uint8Array | Uint8ClampedArray): number {
  let count = 0;
  for (let i = 3; i < layer.length; i += 4) if (layer[i]! >= PAINTED_FROM) count++;
  return count;
}

/** `#rrggbb` as numbers. */
export function rgbOf(colour: string): [number, number, number] {
  const value = Number.parseInt(colour.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
