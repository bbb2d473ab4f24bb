/** The open edit canvases, so commands (Undo Drawing, Redo Drawing) reach the one in the active tab. */
import type { CanvasSession } from './canvasSession';

export class CanvasSessions {
  private readonly open = new Set<CanvasSession>();

  add(session: CanvasSession): void {
    this.open.add(session);
    session.onDidDispose(() => this.open.delete(session));
  }

  /** The canvas in the active editor tab, if one is. */
  active(): CanvasSession | undefined {
    return [...this.open].find((session) => session.isActive);
  }
}
