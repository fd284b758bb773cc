// Two tabs of one page, both editing a cell. localStorage tells every other
// tab of the origin when one writes (the `storage` event; never the tab that
// wrote), so a cell whose saved edit changed elsewhere says so and offers the
// other tab's code. Until the reader chooses, this tab saves nothing over it:
// the last tab to type no longer silently wins, and neither version is lost
// (this tab's is on screen, the other's in storage).

import type { CellStorage } from '../../runtime/storage.ts';
import type { CellView } from './cell-view.ts';
import { showNotice } from './cell-notice.ts';

export const OTHER_TAB_TEXT = 'This cell was changed in another tab. This tab’s version is shown, and is not saved until you choose.';

export function watchOtherTabs(storage: CellStorage, viewOf: (id: string) => CellView | undefined): void {
  window.addEventListener('storage', (e) => {
    const id = storage.editIdOf(e.key);
    const view = id === null ? undefined : viewOf(id);
    if (view) offer(view, storage);
  });
}

/** The code storage now holds for the cell: the other tab's edit, or the lesson's if it reset the cell. */
function stored(view: CellView, storage: CellStorage): string {
  const saved = storage.loadEdit(view.id, view.author);
  return saved.kind === 'none' ? view.author : saved.code;
}

function offer(view: CellView, storage: CellStorage): void {
  const existing = view.root.querySelector('[data-tab-notice]');
  if (stored(view, storage) === view.current()) {
    // The tabs agree again (the other took this one's code, or both typed the same): nothing to choose.
    existing?.remove();
    view.savesHeld = false;
    return;
  }
  view.savesHeld = true;
  if (existing) return;
  const chosen = (act: () => void) => () => {
    view.savesHeld = false;
    act();
  };
  showNotice(view, 'tabNotice', OTHER_TAB_TEXT, [
    // Read when chosen: the other tab may have typed on since the notice came.
    ['Use the other tab’s version', chosen(() => view.setCode(stored(view, storage)))],
    ['Keep this tab’s version', chosen(() => view.save())],
  ]);
}
