/**
 * Remembers, for this session, the endpoints and models that refused to stream, so later requests go
 * out plain at once instead of being refused first. Not saved: verification can pass at any time.
 */
export class StreamingMemory {
  private readonly refusals = new Set<string>();

  refused(baseUrl: string, model: string): boolean {
    return this.refusals.has(StreamingMemory.key(baseUrl, model));
  }

  refuse(baseUrl: string, model: string): void {
    this.refusals.add(StreamingMemory.key(baseUrl, model));
  }

  private static key(baseUrl: string, model: string): string {
    return `${baseUrl}\n${model}`;
  }
}
