// The playground's own cells: the reader adds cells under the first one,
// removes them (with Undo), and finds them again after a reload. New cells are
// copies of a server-rendered empty cell (<template data-cell-template>), so
// they have the same markup, controls and styles as every other cell.

import { MAX_ADDED_CELLS, MAX_CELL_NUMBER, type CellStorage } from '../../runtime/storage.ts';
import { announce } from '../../lib/copy-code.ts';

export interface AddedCellsHost {
  storage: CellStorage;
  /** The stable id of added cell n. */
  idOf(n: number): string;
  /** Brings a cell's markup to life in the page's notebook (loading its saved code). */
  wire(root: HTMLElement): void;
  /** Takes cell n out of the notebook (and forgets its saved code). */
  unwire(n: number): void;
  /** Cell n's current code. */
  codeOf(n: number): string;
  /** Opens cell n's editor and puts the focus in it. */
  focus(n: number): void;
}

export function setupAddedCells(panel: HTMLElement, template: HTMLTemplateElement, host: AddedCellsHost): void {
  const notebook = panel.parentElement!;
  const addButton = panel.querySelector<HTMLButtonElement>('[data-add-cell]')!;
  const removed = panel.querySelector<HTMLElement>('[data-removed]')!;
  const removedText = removed.querySelector<HTMLElement>('[data-removed-text]')!;
  const undoButton = removed.querySelector<HTMLButtonElement>('[data-undo-remove]')!;
  let added = host.storage.addedCells();
  let lastRemoved: { n: number; code: string } | null = null;

  const numbers = (): number[] => [...notebook.querySelectorAll<HTMLElement>('[data-cell]')].map((el) => Number(el.dataset.cell));

  function create(n: number): HTMLElement {
    const root = template.content.querySelector<HTMLElement>('[data-cell]')!.cloneNode(true) as HTMLElement;
    root.dataset.cell = String(n);
    root.dataset.cellId = host.idOf(n);
    root.id = `cell-${n}`;
    root.setAttribute('aria-label', `Code cell ${n}`);
    root.querySelector('[data-output]')!.setAttribute('aria-label', `Output of cell ${n}`);
    root.querySelector('[data-keys]')!.id = `cell-${n}-keys`;
    // In page order: before the first cell with a larger number.
    const after = [...notebook.querySelectorAll<HTMLElement>('[data-cell]')].find((el) => Number(el.dataset.cell) > n);
    notebook.insertBefore(root, after ?? panel);
    root.querySelector('[data-remove]')!.addEventListener('click', () => remove(n, root));
    host.wire(root);
    return root;
  }

  function keep(list: number[]): void {
    added = [...list].sort((a, b) => a - b);
    host.storage.saveAddedCells(added);
  }

  function remove(n: number, root: HTMLElement): void {
    lastRemoved = { n, code: host.codeOf(n) };
    host.unwire(n);
    root.remove();
    keep(added.filter((k) => k !== n));
    removedText.textContent = `Cell ${n} removed.`;
    removed.hidden = false;
    // The focus was on the removed cell's button: Undo is the natural next stop.
    undoButton.focus();
    announce(`Cell ${n} removed. Undo brings it back.`);
  }

  undoButton.addEventListener('click', () => {
    if (!lastRemoved) return;
    const { n, code } = lastRemoved;
    lastRemoved = null;
    removed.hidden = true;
    if (code !== '') host.storage.saveEdit(host.idOf(n), code, '', n);
    create(n);
    keep([...added, n]);
    host.focus(n);
    announce(`Cell ${n} is back.`);
  });

  addButton.addEventListener('click', () => {
    const n = Math.max(0, ...numbers(), lastRemoved?.n ?? 0, host.storage.highestAdded()) + 1;
    if (added.length >= MAX_ADDED_CELLS || n > MAX_CELL_NUMBER) {
      announce(`This page holds at most ${MAX_ADDED_CELLS} added cells: remove one to add another.`);
      return;
    }
    create(n);
    keep([...added, n]);
    host.focus(n);
    announce(`Cell ${n} added.`);
  });

  const present = new Set(numbers());
  for (const n of added) if (!present.has(n)) create(n);
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
