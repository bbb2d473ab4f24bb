import type { JobLog } from '../../src/pipeline/runImageJob';

/**
 * A log that keeps its lines. A class on purpose: its methods need `this`, like the real log channel's,
 * so a call that loses its receiver (`(cond ? log.info : log.error)(...)`) fails here too.
 */
export class CollectingLog implements JobLog {
  readonly lines: string[] = [];

  info(message: string): void {
    this.lines.push(`info ${message}`);
  }

  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }

  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}

export function collectingLog(): CollectingLog {
  return new CollectingLog();
}
