// Edits kept for a cell beside the one it shows: after a lesson update, two
// edits of the older version may claim the same old place (storage.ts,
// adoptEdits), and only one can be the cell's code. The others are offered
// under the cell, each with "Use this version", which swaps it with the code
// shown, so no version the reader wrote is ever lost or hidden.

import type { CellStorage, OtherEdit } from '../../runtime/storage.ts';
import { showVisibly } from './hidden-chars.ts';

export interface OtherEditsHost {
  n: number;
  root: HTMLElement;
  storage: CellStorage;
  /** The cell's code as it is now (the editor's, if open). */
  current(): string;
  /** Makes `code` the cell's code, saved as the reader's edit. */
  setCode(code: string): void;
}

export function offerOtherEdits(host: OtherEditsHost, others: readonly OtherEdit[]): void {
  let after = host.root.querySelector('[data-notice]') ?? host.root.querySelector('[data-cell-bar]');
  for (const other of others) {
    const box = document.createElement('div');
    box.className = 'cell-notice';
    box.dataset.otherEdit = '';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', `Another version of cell ${host.n}`);
    const p = document.createElement('p');
    p.textContent = 'Another version you wrote of this cell, for an earlier version of the lesson, is kept here:';
    const pre = document.createElement('pre');
    pre.className = 'other-edit';
    // Focusable, so a long version can be scrolled from the keyboard.
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', `Your other version of cell ${host.n}`);
    showVisibly(pre, other.code);
    const use = document.createElement('button');
    use.type = 'button';
    use.className = 'btn';
    use.textContent = 'Use this version';
    let kept = other.code;
    use.addEventListener('click', () => {
      // A swap: the code shown now is kept in the other's place first, so a failed write loses nothing.
      const shown = host.current();
      if (!host.storage.keepOther(other, shown, host.n)) return;
      host.setCode(kept);
      kept = shown;
      showVisibly(pre, kept);
    });
    box.append(p, pre, use);
    after?.after(box);
    after = box;
  }
}
