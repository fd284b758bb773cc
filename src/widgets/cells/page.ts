// Brings the cells of one page to life: each cell (./cell-view.ts) with the
// reader's saved edit, the notebook that runs the code in a worker, the bar
// above the first cell, the playground's own cells, and a cell shared by link.
// Framework-free and small: this is all the JavaScript a lesson page loads
// before the reader touches a cell. The editor (./editor.ts) and the worker
// (../../runtime/cell.worker.ts) are fetched on demand.

import { Notebook } from '../../runtime/notebook.ts';
import { sandboxedWorker } from '../../runtime/sandbox.ts';
import cellWorkerUrl from '../../runtime/cell.worker.ts?worker&url';
import { CellStorage, type CellKey } from '../../runtime/storage.ts';
import { CellView, type CellPage } from './cell-view.ts';
import { offerOtherEdits } from './other-edits.ts';
import { setupAddedCells } from './added-cells.ts';
import { openShared } from './share-view.ts';
import { providePageNotebook } from './page-notebook.ts';
import { watchOtherTabs } from './other-tab.ts';

let started = false;

export function setup(): void {
  if (started) return;
  started = true;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true });
  else init();
}

function init(): void {
  const roots = [...document.querySelectorAll<HTMLElement>('[data-cell]')];
  if (roots.length === 0) return;
  const host = document.querySelector<HTMLElement>('[data-notebook]');
  const lesson = host?.dataset.lesson ?? location.pathname;
  const hide = parseList(host?.dataset.hide);
  const timeout = host?.dataset.timeout ? Number(host.dataset.timeout) : undefined;
  const storage = new CellStorage(lesson);
  const notebook = new Notebook({
    // Built, the worker runs boxed in a sandboxed frame (docs/sandbox.md). The dev server serves it
    // as modules that an opaque-origin frame cannot load, so there it is a plain worker.
    createWorker: () =>
      import.meta.env.DEV
        ? new Worker(new URL('../../runtime/cell.worker.ts', import.meta.url), { type: 'module' })
        : sandboxedWorker(cellWorkerUrl),
    hide,
    ...(timeout ? { timeout } : {}),
  });
  providePageNotebook(notebook);
  const bar = document.querySelector<HTMLElement>('[data-notebook-bar]');
  const storageNote = bar?.querySelector<HTMLElement>('[data-storage-note]') ?? null;

  // Edits saved under older keys, or under an id the lesson no longer has, find their cells first.
  const keys: CellKey[] = roots.map((r) => ({ n: Number(r.dataset.cell), id: r.dataset.cellId ?? '', author: r.dataset.code ?? '' }));
  // The playground's added cells are numbered after the lesson's, in their saved order (added-cells.ts).
  const added = storage.addedCells();
  const firstAdded = Math.max(0, ...keys.map((k) => k.n)) + 1;
  added.forEach((id, i) => keys.push({ n: firstAdded + i, id, author: '' }));
  const others = storage.adoptEdits(keys);

  const views = new Map<number, CellView>();
  const ordered: CellView[] = [];

  const page: CellPage = {
    notebook,
    storage,
    notebookCode: () => ({ cells: ordered.map((v) => ({ n: v.n, code: v.current() })), hide }),
    after: (v) => ordered[ordered.indexOf(v) + 1],
    notKept: () => {
      if (storageNote && !storage.available) storageNote.hidden = false;
    },
    onwards: (v) => onwards(v, ordered, storage),
  };

  /** Brings one cell to life: its saved edit, its controls, its editor on first touch. */
  function wire(root: HTMLElement): CellView {
    const view = new CellView(root, page);
    views.set(view.n, view);
    ordered.push(view);
    const t = root.dataset.timeout ? Number(root.dataset.timeout) : undefined;
    notebook.register(view.n, { code: () => view.code, expectError: root.hasAttribute('data-expect-error'), ...(t ? { timeout: t } : {}) });
    const saved = storage.loadEdit(view.id, view.author);
    if (saved.kind !== 'none') {
      view.showCode(saved.code);
      if (saved.kind === 'stale') {
        const notice = root.querySelector<HTMLElement>('[data-notice]');
        if (notice) notice.hidden = false;
      }
    }
    view.markEdited();
    view.wire();
    const kept = others.get(view.n);
    if (kept) offerOtherEdits({ n: view.n, root, storage, current: () => view.current(), setCode: (code) => view.setCode(code) }, kept);
    return view;
  }

  for (const root of roots) wire(root);

  if (bar) {
    bar.hidden = false;
    bar.querySelector('[data-run-all]')?.addEventListener('click', () => void notebook.runAll());
    bar.querySelector('[data-restart]')?.addEventListener('click', () => notebook.restart());
    if (!storage.available && storageNote) storageNote.hidden = false;
  }

  // The playground lets the reader add and remove cells of their own.
  const panel = document.querySelector<HTMLElement>('[data-add-cells]');
  const template = document.querySelector<HTMLTemplateElement>('template[data-cell-template]');
  if (panel && template) {
    setupAddedCells(
      panel,
      template,
      {
        storage,
        wire,
        unwire(n) {
          const v = views.get(n);
          if (!v) return;
          v.destroy();
          views.delete(n);
          ordered.splice(ordered.indexOf(v), 1);
          notebook.unregister(n);
          storage.clearEdit(v.id);
        },
        codeOf: (n) => views.get(n)?.current() ?? '',
        focus: (n) => views.get(n)?.edit(views.get(n)?.code.length),
      },
      added,
    );
  }

  // Another tab of this page saved an edit of one of these cells: offer it, never overwrite it silently.
  watchOtherTabs(storage, (id) => ordered.find((v) => v.id === id));

  notebook.subscribe((e) => {
    if (e.type === 'cell') views.get(e.state.n)?.status(e.state);
    else if (e.type === 'cleared') views.get(e.n)?.output.clear();
    else if (e.type === 'appended') views.get(e.n)?.output.append(e.items);
  });

  // A link with a cell's code in its fragment: show it in that cell, not run (also when
  // pasted into this tab's address bar, which changes only the fragment).
  const share = () =>
    openShared(location.hash, ordered, storage).then((wasShare) => {
      // Read once: a reload shows the reader's own state, and a bad link cannot come back.
      if (wasShare) history.replaceState(history.state, '', location.pathname + location.search);
    });
  signalQuiet(notebook, share());
  addEventListener('hashchange', () => void share());
}

/**
 * `<html data-cells>` says whether the page's cells are quiet: "busy" until the page has
 * started (its shared link read) and while a run is queued or running, "idle" once nothing
 * is and the worker has answered that it is free. Tests wait on it before checking that
 * nothing ran, instead of waiting a while.
 */
function signalQuiet(notebook: Notebook, started: Promise<unknown>): void {
  const root = document.documentElement;
  let latest = 0;
  const settle = () => {
    const mine = ++latest;
    root.dataset.cells = 'busy';
    void Promise.all([started.catch(() => undefined), notebook.idle()]).then(() => {
      if (mine === latest) root.dataset.cells = 'idle';
    });
  };
  notebook.subscribe((e) => {
    if (e.type === 'busy' || (e.type === 'cell' && e.state.status === 'queued')) settle();
  });
  settle();
}

/** After a pass: the next exercise on the page not yet passed, else the next chapter. */
function onwards(view: CellView, ordered: readonly CellView[], storage: CellStorage): HTMLAnchorElement | null {
  const passed = storage.passed();
  const rest = ordered.slice(ordered.indexOf(view) + 1);
  const exercise = rest.find((v) => v.exercise && !passed.includes(v.id));
  const a = document.createElement('a');
  if (exercise) {
    a.href = `#cell-${exercise.n}`;
    const title = exercise.root.querySelector('.cell-title')?.textContent?.trim();
    a.textContent = `Next: ${title ? `“${title}”` : `the exercise in cell ${exercise.n}`} →`;
    return a;
  }
  const next = document.querySelector<HTMLAnchorElement>('a[rel="next"]');
  if (!next) return null;
  a.href = next.href;
  const label = next.querySelector('.pager-label')?.textContent?.trim() ?? 'Next';
  const title = next.querySelector('.pager-title')?.textContent?.trim() ?? '';
  a.textContent = `${label}${title ? `: ${title}` : ''} →`;
  return a;
}

function parseList(s: string | undefined): string[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
