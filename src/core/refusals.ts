/**
 * Refusals the API taught: a 400 that names a parameter (`param`) for a model, kept so the next request with the
 * same model and the same value is explained at once instead of sent to be refused again. A refusal costs nothing,
 * so where sources disagree about what a model takes the extension offers the control and learns from the answer
 * (README, "What the extension learns from the API"). Only controls are learned, never the prompt or the images.
 */

export interface LearnedRefusal {
  readonly model: string;
  readonly param: string;
  /** The value that was refused, as text (`set` for a file such as `markup`). */
  readonly value: string;
  readonly message: string;
  /** The day it was refused (`YYYY-MM-DD`). */
  readonly on: string;
}

/** A refusal is trusted this long: the API may start taking the control, and then the memory must not stand in the way. */
export const REFUSAL_MEMORY_DAYS = 30;
const MAX_KEPT = 200;

/** Parameters whose refusal says something about the request's content, not about the model. */
const CONTENT = new Set(['prompt', 'image', 'images', 'mask', 'user', 'safety_identifier', 'model']);

/** The request body's value for a parameter the API named (`images[0].image_url` names `images`), as text. */
export function valueOf(body: Readonly<Record<string, unknown>>, param: string): string | undefined {
  const key = /^[A-Za-z_]+/.exec(param)?.[0];
  if (!key || CONTENT.has(key) || !(key in body)) return undefined;
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? 'set' : String(value);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The list with this refusal learned (replacing one for the same model, parameter and value), bounded. */
export function learnRefusal(list: readonly LearnedRefusal[], refusal: LearnedRefusal): LearnedRefusal[] {
  const others = list.filter((each) => !(each.model === refusal.model && each.param === refusal.param && each.value === refusal.value));
  return [refusal, ...others].slice(0, MAX_KEPT);
}

/** A recent refusal this request would meet again: same model, and a parameter it sets to the refused value. */
export function knownRefusal(
  list: readonly LearnedRefusal[],
  model: string,
  body: Readonly<Record<string, unknown>>,
  today: string,
): LearnedRefusal | undefined {
  return list.find((each) => each.model === model && daysBetween(each.on, today) <= REFUSAL_MEMORY_DAYS && valueOf(body, each.param) === each.value);
}

/** The list without the refusals a request that just succeeded disproved. */
export function forgetRefusals(list: readonly LearnedRefusal[], model: string, body: Readonly<Record<string, unknown>>): LearnedRefusal[] {
  return list.filter((each) => !(each.model === model && valueOf(body, each.param) === each.value));
}
