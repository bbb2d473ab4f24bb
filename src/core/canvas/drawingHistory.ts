/**
 * Undo and redo over a list of drawing operations. The drawing is the list: undo drops the last operation and
 * the canvas draws the rest again, so no pixel snapshots are kept (a 4096x4096 layer is 64 MB each).
 */
export class DrawingHistory<T> {
  private done: T[] = [];
  private undone: T[] = [];

  get operations(): readonly T[] {
    return this.done;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** A new operation; what was undone before it can no longer be redone. */
  push(operation: T): void {
    this.done.push(operation);
    this.undone = [];
  }

  /** The operation taken back, if any. */
  undo(): T | undefined {
    const last = this.done.pop();
    if (last !== undefined) this.undone.push(last);
    return last;
  }

  redo(): T | undefined {
    const next = this.undone.pop();
    if (next !== undefined) this.done.push(next);
    return next;
  }
}
