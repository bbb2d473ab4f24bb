/**
 * Where a model stands on a given day: live, counting down to its shutdown, or shut down. Dates are UTC calendar
 * days (`YYYY-MM-DD`); the caller passes "today" so tests can stand after 1 December and the host uses the clock.
 */
import { KNOWN_MODEL_IDS, modelEntry } from './modelCatalogue';

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

export function lifecycleOn(model: string, today: string): Lifecycle {
  const entry = modelEntry(model);
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
export function successorOf(model: string, today: string): string | undefined {
  const lifecycle = lifecycleOn(model, today);
  if (lifecycle.state === 'deprecated' || lifecycle.state === 'shut-down') return lifecycle.successor;
  return undefined;
}
