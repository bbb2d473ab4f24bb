import type { JobLog } from '../../src/pipeline/runImageJob';

export interface CollectingLog extends JobLog {
  readonly lines: string[];
}

export function collectingLog(): CollectingLog {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => void lines.push(`info ${message}`),
    warn: (message) => void lines.push(`warn ${message}`),
    error: (message) => void lines.push(`error ${message}`),
  };
}
