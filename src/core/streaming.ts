/**
 * When a request streams partial images, and how a refusal to stream is recognised. Streaming is asked
 * for one image at a time: the API's partial events do not say which of several images they belong to.
 */
import type { Failure } from './failure';
import { modelOrDefault, type OutputFormat } from './modelCatalogue';

/** The number of partial images to ask for, or undefined for a plain (non-streamed) request. */
export function partialImagesFor(
  count: number,
  setting: number,
  streamingRefused: boolean,
  request?: { readonly model: string; readonly format: OutputFormat },
): number | undefined {
  if (streamingRefused || setting <= 0 || count !== 1) return undefined;
  // GIF and SVG answers come whole: the API refuses streaming and partial images for them.
  if (request && (request.format === 'gif' || request.format === 'svg' || !modelOrDefault(request.model).streaming)) return undefined;
  return Math.min(3, Math.floor(setting));
}

/**
 * The API refuses streaming to organizations that are not verified ("must be verified to stream this
 * model") and, for some models or endpoints, outright; the same request without streaming may still pass.
 */
export function isStreamingRefusal(failure: Failure): boolean {
  if (failure.status !== 400 && failure.status !== 403) return false;
  const detail = failure.detail ?? '';
  return /verified to stream/i.test(detail) || /\bstream(ing)?\b.*\bnot supported\b/i.test(detail) || /\bpartial_images\b/i.test(detail);
}
