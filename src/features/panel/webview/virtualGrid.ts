/**
 * Which cards of a long list are on screen: the grid has fixed-height rows and as many columns as fit, so the
 * visible slice follows from the scroll position alone, without measuring any card. Only that slice (and a
 * couple of rows around it) is in the DOM, whatever the history's size.
 */

export interface GridMetrics {
  /** The list's width in pixels. */
  readonly width: number;
  /** Where the list starts, in document pixels, and the viewport (scroll position and height). */
  readonly listTop: number;
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly minColumnWidth: number;
  readonly rowHeight: number;
  readonly gap: number;
}

export interface GridWindow {
  readonly columns: number;
  /** Index of the first and one past the last card to render. */
  readonly start: number;
  readonly end: number;
  /** Pixels from the list's top to the first rendered row, and the list's whole height. */
  readonly offset: number;
  readonly height: number;
}

/** Rows rendered above and below the viewport, so a fast scroll or a Tab to the next card finds it there. */
const OVERSCAN_ROWS = 2;

export function gridWindow(count: number, metrics: GridMetrics): GridWindow {
  const columns = Math.max(1, Math.floor((metrics.width + metrics.gap) / (metrics.minColumnWidth + metrics.gap)));
  const rows = Math.ceil(count / columns);
  const pitch = metrics.rowHeight + metrics.gap;
  const height = rows === 0 ? 0 : rows * pitch - metrics.gap;
  const top = metrics.scrollTop - metrics.listTop;
  const firstRow = Math.max(0, Math.floor(top / pitch) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows, Math.ceil((top + metrics.viewportHeight) / pitch) + OVERSCAN_ROWS);
  const start = Math.min(count, firstRow * columns);
  const end = Math.max(start, Math.min(count, lastRow * columns));
  return { columns, start, end, offset: firstRow * pitch, height };
}

/** The scroll position that brings card `index` into view (centred), for "Refined from" links. */
export function scrollTopFor(index: number, window: Pick<GridWindow, 'columns'>, metrics: GridMetrics): number {
  const pitch = metrics.rowHeight + metrics.gap;
  const row = Math.floor(index / window.columns);
  return Math.max(0, metrics.listTop + row * pitch - (metrics.viewportHeight - metrics.rowHeight) / 2);
}
