// A notice above a cell's output that asks the reader to choose (a shared
// link's code, another tab's edit): its text and a button per choice. Any
// choice closes it and puts focus on the cell's Run, so the keyboard is never
// left on a button that is gone.

import type { CellView } from './cell-view.ts';

/** Which notice: one of each kind at a time per cell (`data-share-notice`, `data-tab-notice`). */
export type NoticeKind = 'shareNotice' | 'tabNotice';

export function showNotice(view: CellView, kind: NoticeKind, text: string, actions: [string, () => void][]): void {
  view.root.querySelector(`[data-${kind === 'shareNotice' ? 'share' : 'tab'}-notice]`)?.remove();
  const box = document.createElement('div');
  box.className = 'cell-notice';
  box.dataset[kind] = '';
  box.setAttribute('role', 'status');
  const p = document.createElement('p');
  p.textContent = text;
  box.append(p);
  for (const [label, act] of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn';
    b.textContent = label;
    b.addEventListener('click', () => {
      box.remove();
      act();
      view.root.querySelector<HTMLElement>('[data-run]')?.focus();
    });
    box.append(b);
  }
  view.root.querySelector('[data-cell-bar]')?.after(box);
}
