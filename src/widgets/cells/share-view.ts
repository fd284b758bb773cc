// Sharing a cell by link (./share.ts holds the encoding). Share copies a link
// to this page whose fragment carries the cell's code. Opening one puts the
// code in that cell, says so, and runs nothing; a reader's own saved edit of
// that cell is kept unless they choose the shared code.

import type { CellStorage } from '../../runtime/storage.ts';
import { readShare, shareFragment, SharedCodeTooLong } from './share.ts';
import type { CellView } from './cell-view.ts';
import { showNotice } from './cell-notice.ts';
import { HIDDEN_CHARS } from './hidden-chars.ts';
import { announce } from '../../lib/copy-code.ts';

/** Copies the link; where the clipboard is out of reach, shows it selected under the cell's bar. */
export async function shareCell(button: HTMLButtonElement, id: string, code: string): Promise<void> {
  const cell = button.closest<HTMLElement>('[data-cell]');
  cell?.querySelector('[data-share-link]')?.remove();
  let fragment: string;
  try {
    fragment = await shareFragment(id, code);
  } catch (e) {
    if (!(e instanceof SharedCodeTooLong)) throw e;
    const p = document.createElement('p');
    p.className = 'cell-share-link';
    p.dataset.shareLink = '';
    p.textContent = 'This cell holds more code than a link can carry (64 KB), so no link was made.';
    button.closest('[data-cell-bar]')?.after(p);
    announce(p.textContent);
    return;
  }
  const url = `${location.origin}${location.pathname}${location.search}${fragment}`;
  let copied: boolean;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  const box = document.createElement('p');
  box.className = 'cell-share-link';
  box.dataset.shareLink = '';
  const label = document.createElement('label');
  label.textContent = copied ? 'Link copied: ' : 'Copy this link: ';
  const input = document.createElement('input');
  input.readOnly = true;
  input.value = url;
  input.setAttribute('aria-label', 'Link to this cell with its code');
  label.append(input);
  box.append(label);
  button.closest('[data-cell-bar]')?.after(box);
  if (copied) announce('Link to this cell copied; it carries the code as it is now');
  else {
    input.focus();
    input.select();
    announce('Could not reach the clipboard: the link is selected, press Ctrl+C to copy it');
  }
}

/**
 * Shows a shared link's code in its cell, or says why it cannot. Returns
 * whether the hash was a share at all (the page then drops it from the
 * address: a reload shows the reader's own state, and a bad link cannot
 * come back). The shared code is never saved as the reader's edit unless
 * they edit it, and never runs but by its own cell's Run.
 */
export async function openShared(hash: string, cells: readonly CellView[], storage: CellStorage): Promise<boolean> {
  const shared = await readShare(hash);
  if (!shared) return false;
  const first = cells[0];
  if ('error' in shared) {
    if (first) showNotice(first, 'shareNotice', shared.error, []);
    return true;
  }
  const view = cells.find((v) => v.id === shared.id);
  if (!view) {
    if (first)
      showNotice(first, 'shareNotice', `This link carries code for a cell named “${shared.id}”, which this page no longer has.`, []);
    return true;
  }
  const own = storage.loadEdit(view.id, view.author);
  const mine = own.kind !== 'none' ? own.code : null;
  const show = (): void => {
    view.showShared(shared.code);
    const back: [string, () => void][] = mine !== null ? [['Back to my version', () => view.showMine(mine)]] : [];
    showNotice(
      view,
      'shareNotice',
      `This cell holds code from a shared link. It has not run: press Run when you have read it.${hiddenNote(shared.code)}`,
      [...back, ['Back to the lesson’s code', () => view.reset()]],
    );
  };
  if (mine !== null && mine !== shared.code) {
    showNotice(view, 'shareNotice', 'This link carries code for this cell, and you have your own version of it. Your version is shown.', [
      ['Use the shared code', show],
      ['Keep mine', () => undefined],
    ]);
  } else if (shared.code !== view.current()) {
    show();
  }
  view.root.scrollIntoView({ block: 'start' });
  return true;
}

/** A warning for code that reads otherwise than it runs (bidi controls, zero-width marks). */
function hiddenNote(code: string): string {
  const n = code.match(HIDDEN_CHARS)?.length ?? 0;
  if (n === 0) return '';
  return ` Careful: it contains ${n} invisible or text-direction character${n === 1 ? '' : 's'}, shown as ⟨U+…⟩ marks or red dots; they can make code read differently from how it runs.`;
}
