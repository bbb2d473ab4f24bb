/**
 * A bound on the bytes being read at once, rather than on the number of reads: many small files are read in
 * parallel, a few large ones one after another. A file larger than the whole budget is read alone.
 */
export class ByteBudget {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async use<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    const size = Math.min(Math.max(bytes, 1), this.limit);
    while (this.inUse + size > this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inUse += size;
    try {
      return await work();
    } finally {
      this.inUse -= size;
      // Every waiter looks again; those that still do not fit wait once more.
      for (const wake of this.waiting.splice(0)) wake();
    }
  }
}
