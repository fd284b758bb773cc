// The playground's own cells: the reader adds cells under the first one,
// removes them (with Undo), and finds them again after a reload. New cells are
// copies of a server-rendered empty cell (<template data-cell-template>), so
// they have the same markup, controls and styles as every other cell.

import { MAX_ADDED_CELLS, newAddedId, type CellStorage } from '../../runtime/storage.ts';
import { announce } from '../../lib/copy-code.ts';

export interface AddedCellsHost {
  storage: CellStorage;
  /** Brings a cell's markup to life in the page's notebook (loading its saved code). */
  wire(root: HTMLElement): void;
  /** Takes cell n out of the notebook (and forgets its saved code). */
  unwire(n: number): void;
  /** Cell n's current code. */
  codeOf(n: number): string;
  /** Opens cell n's editor and puts the focus in it. */
  focus(n: number): void;
}

/**
 * A cell's number is its place in this tab (its label, "Code cell 3", and the
 * notebook's key); what keeps its code is its id (`added-<random>`), which no
 * other tab can take, so two tabs that each add a cell get two cells.
 */
export function setupAddedCells(panel: HTMLElement, template: HTMLTemplateElement, host: AddedCellsHost, ids: readonly string[]): void {
  const notebook = panel.parentElement!;
  const addButton = panel.querySelector<HTMLButtonElement>('[data-add-cell]')!;
  const removed = panel.querySelector<HTMLElement>('[data-removed]')!;
  const removedText = removed.querySelector<HTMLElement>('[data-removed-text]')!;
  const undoButton = removed.querySelector<HTMLButtonElement>('[data-undo-remove]')!;
  let lastRemoved: { n: number; id: string; code: string; at: number } | null = null;

  const cells = (): HTMLElement[] => [...notebook.querySelectorAll<HTMLElement>('[data-cell]')];
  const numbers = (): number[] => cells().map((el) => Number(el.dataset.cell));
  /** The reader's cells on the page (the lesson's own have no Remove button). */
  const addedHere = (): HTMLElement[] => cells().filter((el) => el.querySelector('[data-remove]'));
  /** Where an added cell is on the page's list: after the added cells above it. */
  const placeOf = (n: number): number => addedHere().filter((el) => Number(el.dataset.cell) < n).length;

  function create(n: number, id: string): HTMLElement {
    const root = template.content.querySelector<HTMLElement>('[data-cell]')!.cloneNode(true) as HTMLElement;
    root.dataset.cell = String(n);
    root.dataset.cellId = id;
    root.id = `cell-${n}`;
    root.setAttribute('aria-label', `Code cell ${n}`);
    root.querySelector('[data-output]')!.setAttribute('aria-label', `Output of cell ${n}`);
    root.querySelector('[data-keys]')!.id = `cell-${n}-keys`;
    // In page order: before the first cell with a larger number.
    const after = cells().find((el) => Number(el.dataset.cell) > n);
    notebook.insertBefore(root, after ?? panel);
    root.querySelector('[data-remove]')!.addEventListener('click', () => remove(n, id, root));
    host.wire(root);
    return root;
  }

  function remove(n: number, id: string, root: HTMLElement): void {
    lastRemoved = { n, id, code: host.codeOf(n), at: placeOf(n) };
    host.unwire(n);
    root.remove();
    host.storage.removeAddedCell(id);
    removedText.textContent = `Cell ${n} removed.`;
    removed.hidden = false;
    // The focus was on the removed cell's button: Undo is the natural next stop.
    undoButton.focus();
    announce(`Cell ${n} removed. Undo brings it back.`);
  }

  undoButton.addEventListener('click', () => {
    if (!lastRemoved) return;
    const { n, id, code, at } = lastRemoved;
    lastRemoved = null;
    removed.hidden = true;
    host.storage.addAddedCell(id, at);
    if (code !== '') host.storage.saveEdit(id, code, '', n);
    create(n, id);
    host.focus(n);
    announce(`Cell ${n} is back.`);
  });

  addButton.addEventListener('click', () => {
    const n = Math.max(0, ...numbers(), lastRemoved?.n ?? 0) + 1;
    // The list is shared by every tab of the page: count what is on it, and what is here.
    if (Math.max(addedHere().length, host.storage.addedCells().length) >= MAX_ADDED_CELLS) {
      announce(`This page holds at most ${MAX_ADDED_CELLS} added cells: remove one to add another.`);
      return;
    }
    const id = newAddedId();
    host.storage.addAddedCell(id);
    create(n, id);
    host.focus(n);
    announce(`Cell ${n} added.`);
  });

  // The saved ones, numbered after the lesson's own cells in their saved order.
  const first = Math.max(0, ...numbers()) + 1;
  ids.forEach((id, i) => create(first + i, id));
  if (host.storage.addedProblem) {
    // Said where the cells would be, so a list that read short is not taken for lost work.
    const note = document.createElement('p');
    note.className = 'cell-notice';
    note.dataset.addedProblem = '';
    note.textContent = host.storage.addedProblem;
    panel.prepend(note);
  }
  panel.hidden = false;
}
