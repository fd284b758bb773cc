// A cell's lines that one of the page's graphs points at: the line that made
// the value a forward step shows, or the reader's closure a backward step
// runs. The graph's host sends POINT_EVENT to the cell; the cell marks the
// lines in its highlighted code here and in its editor (editor.ts). A
// background only, so nothing moves.

/** Sent to a cell's root element; its detail is a Lines, or null to clear. */
export const POINT_EVENT = 'graph-point';

/** 1-based, inclusive. */
export interface Lines {
  from: number;
  to: number;
}

/** Marks `at` in the cell's highlighted (static) code, clearing any other mark. */
export function markStaticLines(code: HTMLElement, at: Lines | null): void {
  code.querySelectorAll('pre .line:not(.remove)').forEach((line, i) => {
    line.classList.toggle('pointed', at !== null && i + 1 >= at.from && i + 1 <= at.to);
  });
}

/** Points at lines of cell `cell` in the notebook around `from`; `previous` is the cell pointed at before (cleared if another). */
export function pointAt(from: Element, at: (Lines & { cell: number }) | null, previous: HTMLElement | null): HTMLElement | null {
  const notebook = from.closest('[data-notebook]') ?? document;
  const cell = at ? notebook.querySelector<HTMLElement>(`[data-cell="${at.cell}"]`) : null;
  if (previous && previous !== cell) previous.dispatchEvent(new CustomEvent<Lines | null>(POINT_EVENT, { detail: null }));
  cell?.dispatchEvent(new CustomEvent<Lines | null>(POINT_EVENT, { detail: at && { from: at.from, to: at.to } }));
  return cell;
}
