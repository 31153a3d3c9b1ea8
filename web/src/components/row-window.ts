/**
 * Which rows of a long list to render: the ones in view plus a margin, from
 * the scroll position and a fixed row height. Rows outside are replaced by two
 * spacers of the right height, so the scrollbar is true to the whole list and
 * 100,000 rows cost as much as forty.
 */

export interface RowWindow {
  /** First rendered row. */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Height of the spacers above and below the rendered rows, px. */
  before: number;
  after: number;
}

export function rowWindow(
  total: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  overscan = 6,
): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.min(total, first + shown + overscan);
  return {
    start,
    end: Math.max(start, end),
    before: start * rowHeight,
    after: (total - Math.max(start, end)) * rowHeight,
  };
}

/** The scroll position that brings row `i` into view, changing it as little as possible. */
export function scrollToRow(i: number, scrollTop: number, viewport: number, rowHeight: number) {
  const top = i * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return scrollTop;
}
