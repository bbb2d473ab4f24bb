import type { Command } from '../../platform/command';
import type { CanvasSessions } from './canvasSessions';

/**
 * "Undo Drawing" and "Redo Drawing": the canvas's undo in the editor's title bar and the palette. VS Code's own
 * Edit > Undo goes to a custom editor's undo stack, which a read-only canvas does not have.
 */
export function undoDrawingCommand({ canvases }: { canvases: CanvasSessions }): Command {
  return { execute: () => canvases.active()?.undo() };
}

export function redoDrawingCommand({ canvases }: { canvases: CanvasSessions }): Command {
  return { execute: () => canvases.active()?.redo() };
}
