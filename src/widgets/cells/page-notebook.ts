// The page's notebook, for a widget that uses the cells' worker: the training
// lab's "Engine: Yours" trains with the Value the page's cells defined. The
// cells' page script provides it; a widget asks for it when it needs it.

import type { Notebook } from '../../runtime/notebook.ts';

let current: Notebook | null = null;

export function providePageNotebook(notebook: Notebook): void {
  current = notebook;
}

/** The notebook of this page's cells, or null on a page without cells (or before they start). */
export function pageNotebook(): Notebook | null {
  return current;
}
