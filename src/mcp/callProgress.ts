/**
 * Progress that keeps a slow call alive: with a `progressToken`, a `notifications/progress` at once, at each
 * streamed partial image, and at least every 5 s while the image renders, with words a person can read. Clients
 * that reset their timeout on progress (the SDK client's `resetTimeoutOnProgress`) then wait as long as it takes.
 */
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { JobLog } from '../pipeline/runImageJob';

/** Under every client timeout we know of (60 s in Codex, Claude Code and claude.ai), with room to spare. */
export const HEARTBEAT_MS = 5000;

export interface CallProgress {
  /** A streamed partial image arrived: `index` from 0, of `of`. */
  partial(index: number, of: number): void;
  stop(): void;
}

export interface ProgressExtra {
  readonly _meta?: { readonly progressToken?: string | number };
  readonly sendNotification: (notification: ServerNotification) => Promise<void>;
}

/** Starts reporting for a call that asked for progress; undefined when it did not. */
export function startProgress(extra: ProgressExtra, log: JobLog, heartbeatMs = HEARTBEAT_MS): CallProgress | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  const started = Date.now();
  let progress = 0;
  let partial: { index: number; of: number } | undefined;
  let stopped = false;
  const send = () => {
    if (stopped) return;
    // Progress must grow with every notification; the seconds say how long it has been.
    progress += 1;
    const seconds = Math.round((Date.now() - started) / 1000);
    const message = partial ? `rendering, partial image ${partial.index} of ${partial.of}, ${seconds} s` : `rendering, ${seconds} s`;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
      .catch((error: unknown) => log.warn(`progress not sent: ${error instanceof Error ? error.message : String(error)}`));
  };
  send();
  const timer = setInterval(send, heartbeatMs);
  return {
    partial(index, of) {
      partial = { index: index + 1, of };
      send();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
