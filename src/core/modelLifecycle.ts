/**
 * Where a model stands on a given day: live, counting down to its shutdown, or shut down. Dates are UTC calendar
 * days (`YYYY-MM-DD`); the caller passes "today" so tests can stand after 1 December and the host uses the clock.
 */
import { DEFAULT_MODEL, FAST_MODEL, KNOWN_MODEL_IDS, MODEL_CATALOGUE, modelEntry } from './modelCatalogue';

/**
 * Shutdown dates the API announced (`GET /v1/models/{id}`, `shutdown_date`) that the catalogue, a release's
 * snapshot, does not know: model id to `YYYY-MM-DD`.
 */
export type LearnedShutdowns = ReadonlyMap<string, string>;

export type Lifecycle =
  | { readonly state: 'active' }
  | { readonly state: 'deprecated'; readonly shutdown: string; readonly daysLeft: number; readonly successor: string }
  | { readonly state: 'shut-down'; readonly shutdown: string; readonly successor: string }
  /** Not in the catalogue (a newer model, or a typo): nothing is known about its lifecycle. */
  | { readonly state: 'unknown' };

/** How long before a shutdown the user is warned. */
export const WARN_DAYS_BEFORE_SHUTDOWN = 30;

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The live successor: a successor that has itself been shut down hands over to its own. */
function liveSuccessor(id: string, today: string): string {
  const seen = new Set<string>();
  let current = id;
  for (;;) {
    const shutdown = modelEntry(current)?.shutdown;
    if (!shutdown || today < shutdown.date || seen.has(current)) return current;
    seen.add(current);
    current = shutdown.successor;
  }
}

/**
 * Who takes over from a model whose shutdown only the API announced: the catalogue's newest live model of the same
 * lane (the catalogue lists newest first), else the default.
 */
export function laneSuccessor(model: string, today: string, learned: LearnedShutdowns = new Map()): string {
  const lane = modelEntry(model)?.lane;
  const live = (id: string) => {
    const entry = modelEntry(id);
    return !entry?.snapshotOf && !entry?.shutdown && !(learned.get(id) !== undefined && learned.get(id)! <= today);
  };
  const sibling = MODEL_CATALOGUE.find((entry) => entry.lane === lane && entry.id !== model && modelEntry(model)?.family !== entry.family && live(entry.id));
  return sibling?.id ?? (model === DEFAULT_MODEL ? FAST_MODEL : DEFAULT_MODEL);
}

export function lifecycleOn(model: string, today: string, learned?: LearnedShutdowns): Lifecycle {
  const entry = modelEntry(model);
  const announced = entry?.shutdown ? undefined : learned?.get(model);
  if (announced) {
    const successor = laneSuccessor(model, today, learned);
    if (today >= announced) return { state: 'shut-down', shutdown: announced, successor };
    return { state: 'deprecated', shutdown: announced, daysLeft: daysBetween(today, announced), successor };
  }
  if (!entry) return { state: 'unknown' };
  if (!entry.shutdown) return { state: 'active' };
  const successor = liveSuccessor(entry.shutdown.successor, today);
  if (today >= entry.shutdown.date) return { state: 'shut-down', shutdown: entry.shutdown.date, successor };
  return { state: 'deprecated', shutdown: entry.shutdown.date, daysLeft: daysBetween(today, entry.shutdown.date), successor };
}

/** Whether a warning is due: the shutdown is at most WARN_DAYS_BEFORE_SHUTDOWN days away. */
export function shutdownIsNear(lifecycle: Lifecycle): lifecycle is Extract<Lifecycle, { state: 'deprecated' }> {
  return lifecycle.state === 'deprecated' && lifecycle.daysLeft <= WARN_DAYS_BEFORE_SHUTDOWN;
}

/** The models a user is offered: live ones with no shutdown announced. */
export function offeredModels(): string[] {
  return KNOWN_MODEL_IDS.filter((id) => !modelEntry(id)?.shutdown);
}

/** The successor OpenAI names for a model the API reports as retired although the catalogue does not know it yet. */
export function successorOf(model: string, today: string, learned?: LearnedShutdowns): string | undefined {
  const lifecycle = lifecycleOn(model, today, learned);
  if (lifecycle.state === 'deprecated' || lifecycle.state === 'shut-down') return lifecycle.successor;
  return undefined;
}
