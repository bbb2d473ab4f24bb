/**
 * Runs dependent tasks with bounded concurrency. A task that was rate limited (after the request's own
 * retries) is not a failure: it goes back in the queue after a pause, and the number running at once is
 * halved, then grows back by one with each success (additive increase, multiplicative decrease), so a
 * burst of 429s slows the run down instead of failing it.
 */

export interface Task {
  readonly id: number;
  /** Ids of tasks that must succeed first. */
  readonly dependsOn: readonly number[];
}

export type TaskOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly rateLimited?: boolean; readonly retryAfterMs?: number; readonly cancelled?: boolean };

export type FinalOutcome =
  | TaskOutcome
  | { readonly ok: false; readonly reason: string; readonly blockedBy: number }
  | { readonly ok: false; readonly reason: string; readonly cancelled: true };

export interface ScheduleOptions<T extends Task> {
  readonly tasks: readonly T[];
  readonly concurrency: number;
  readonly run: (task: T) => Promise<TaskOutcome>;
  readonly signal: AbortSignal;
  /** How often one task may be put back after rate limits before it fails. */
  readonly maxRequeues?: number;
  /** Pause before a rate-limited task runs again when the server named none. */
  readonly baseDelayMs?: number;
  readonly onRequeue?: (task: T, delayMs: number, window: number) => void;
}

export interface ScheduleResult {
  readonly outcomes: ReadonlyMap<number, FinalOutcome>;
  /** The most tasks that ran at once. */
  readonly maxActive: number;
}

/** Takes out of `waiting` the tasks whose dependency failed: they can never run. */
function dropBlocked<T extends Task>(waiting: T[], outcomes: Map<number, FinalOutcome>): void {
  for (let i = waiting.length - 1; i >= 0; i--) {
    const task = waiting[i]!;
    const failed = task.dependsOn.find((dep) => outcomes.has(dep) && !outcomes.get(dep)!.ok);
    if (failed !== undefined) {
      waiting.splice(i, 1);
      outcomes.set(task.id, { ok: false, reason: 'blocked', blockedBy: failed });
    }
  }
}

function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runScheduled<T extends Task>(options: ScheduleOptions<T>): Promise<ScheduleResult> {
  const { tasks, signal } = options;
  const limit = Math.max(1, Math.floor(options.concurrency));
  const maxRequeues = options.maxRequeues ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const outcomes = new Map<number, FinalOutcome>();
  const requeues = new Map<number, number>();
  /** Tasks waiting to start, in the order given; a task starts once its dependencies succeeded. */
  const waiting = [...tasks];
  /** Rate-limited tasks sleeping before they rejoin `waiting`. */
  let sleeping = 0;
  let active = 0;
  let maxActive = 0;
  let window = limit;
  let wake: (() => void) | undefined;
  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  signal.addEventListener('abort', nudge, { once: true });

  const finish = (task: T, outcome: FinalOutcome) => {
    outcomes.set(task.id, outcome);
    nudge();
  };

  const start = (task: T) => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    // A task's failure becomes its outcome; should the bookkeeping below throw (a caller's onRequeue), the task
    // still finishes, as failed, so the loop never waits for it forever.
    options
      .run(task)
      .catch((error: unknown): TaskOutcome => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }))
      .then(async (outcome) => {
        active -= 1;
        if (outcome.ok) {
          window = Math.min(limit, window + 1);
          return finish(task, outcome);
        }
        const count = requeues.get(task.id) ?? 0;
        if (outcome.rateLimited && count < maxRequeues && !signal.aborted) {
          requeues.set(task.id, count + 1);
          window = Math.max(1, Math.floor(window / 2));
          const delay = outcome.retryAfterMs ?? baseDelayMs * 2 ** count;
          options.onRequeue?.(task, delay, window);
          sleeping += 1;
          nudge();
          await pause(delay, signal);
          sleeping -= 1;
          waiting.unshift(task);
          return nudge();
        }
        finish(task, outcome);
      })
      .catch((error: unknown) => finish(task, { ok: false, reason: error instanceof Error ? error.message : String(error) }));
  };

  while (outcomes.size < tasks.length) {
    if (signal.aborted) {
      for (const task of waiting.splice(0)) outcomes.set(task.id, { ok: false, reason: 'cancelled', cancelled: true });
      if (active === 0 && sleeping === 0) break;
    }
    dropBlocked(waiting, outcomes);
    while (!signal.aborted && active < window) {
      const ready = waiting.findIndex((task) => task.dependsOn.every((dep) => outcomes.get(dep)?.ok === true));
      if (ready < 0) break;
      start(waiting.splice(ready, 1)[0]!);
    }
    if (outcomes.size >= tasks.length) break;
    if (active === 0 && sleeping === 0 && !waiting.some((task) => task.dependsOn.every((dep) => outcomes.get(dep)?.ok === true))) {
      // Nothing runs and nothing can start: what is left waits on tasks that were never given.
      for (const task of waiting.splice(0)) outcomes.set(task.id, { ok: false, reason: 'blocked', blockedBy: task.dependsOn[0] ?? -1 });
      break;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  // Cancelled while sleeping or running: whatever has no outcome yet was cancelled.
  for (const task of tasks) if (!outcomes.has(task.id)) outcomes.set(task.id, { ok: false, reason: 'cancelled', cancelled: true });
  return { outcomes, maxActive };
}
