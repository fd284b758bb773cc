// Brings the cells of one page to life: the controls, the saved edits, the
// editor on first touch, and the notebook that runs the code in a worker.
// Framework-free and small: this is all the JavaScript a lesson page loads
// before the reader touches a cell. The editor (./editor.ts) and the worker
// (../../runtime/cell.worker.ts) are fetched on demand.

import { Notebook, type CellState } from '../../runtime/notebook.ts';
import { CellStorage } from '../../runtime/storage.ts';
import type { OutputItem } from '../../runtime/protocol.ts';
import type { CellEditor } from './editor.ts';
import { clearGraphs, renderGraph } from './graph-output.ts';
import { copyFrom } from '../../lib/copy-code.ts';
import { setupAddedCells } from './added-cells.ts';

interface CellView {
  n: number;
  root: HTMLElement;
  author: string;
  solution: string | undefined;
  check: string | undefined;
  code: string;
  editor: CellEditor | null;
  loading: Promise<CellEditor> | null;
  /** Keys typed into the code before the editor arrived, replayed into it. */
  typed: string[];
  rendered: number;
  /** The reader's code while the solution is shown. */
  mine: string | null;
  q<T extends HTMLElement = HTMLElement>(sel: string): T | null;
}

let started = false;

const EDITOR_FAILED = 'The editor could not load (offline?). Click the code to try again.';

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
    createWorker: () => new Worker(new URL('../../runtime/cell.worker.ts', import.meta.url), { type: 'module' }),
    hide,
    ...(timeout ? { timeout } : {}),
  });
  (window as unknown as { __notebook?: Notebook }).__notebook = notebook;

  const views = new Map<number, CellView>();
  const ordered: CellView[] = [];

  /** Brings one cell to life: its saved edit, its controls, its editor on first touch. */
  function wire(root: HTMLElement): CellView {
    const n = Number(root.dataset.cell);
    const author = root.dataset.code ?? '';
    const q = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel);
    const view: CellView = {
      n,
      root,
      author,
      solution: root.dataset.solution,
      check: root.dataset.check,
      code: author,
      editor: null,
      loading: null,
      typed: [],
      rendered: 0,
      mine: null,
      q,
    };
    views.set(n, view);
    ordered.push(view);
    const t = root.dataset.timeout ? Number(root.dataset.timeout) : undefined;
    notebook.register(n, { code: () => view.code, expectError: root.hasAttribute('data-expect-error'), ...(t ? { timeout: t } : {}) });

    const saved = storage.loadEdit(n, author);
    if (saved.kind !== 'none') {
      showPlain(view, saved.code);
      view.code = saved.code;
      if (saved.kind === 'stale') q('[data-notice]')!.hidden = false;
    }
    markEdited(view);

    q('[data-cell-bar]')!.hidden = false;
    // CodeMirror's Mod is ⌘ on Apple keyboards.
    if (/Mac|iPhone|iPad/.test(navigator.userAgent)) q('[data-mod]')!.textContent = '⌘';
    q('[data-run]')!.addEventListener('click', () => void runCell(view));
    q('[data-stop]')!.addEventListener('click', () => notebook.stop());
    q('[data-reset]')!.addEventListener('click', () => {
      view.mine = null;
      setCode(view, view.author);
      q('[data-notice]')!.hidden = true;
    });
    q('[data-take-new]')!.addEventListener('click', () => {
      setCode(view, view.author);
      q('[data-notice]')!.hidden = true;
      q('[data-run]')!.focus();
    });
    q('[data-keep-mine]')!.addEventListener('click', () => {
      storage.rebase(n, view.author);
      q('[data-notice]')!.hidden = true;
      q('[data-run]')!.focus();
    });
    const copy = q<HTMLButtonElement>('[data-copy]')!;
    copy.addEventListener('click', () => void copyFrom(copy, view.editor?.getCode() ?? view.code, q('[data-cell-code]')!));
    q('[data-check-btn]')?.addEventListener('click', () => void checkCell(view));
    const solBtn = q('[data-solution-btn]');
    solBtn?.addEventListener('click', () => {
      if (view.mine === null) {
        view.mine = view.code;
        setCode(view, view.solution ?? '');
        solBtn.textContent = 'Show my version';
      } else {
        const mine = view.mine;
        view.mine = null;
        setCode(view, mine);
        solBtn.textContent = 'Show solution';
      }
    });
    if (storage.passed().includes(n)) setState(view, 'Passed', 'passed');

    // Touching a cell starts the worker, so the first Run does not wait for it.
    root.addEventListener('pointerdown', () => notebook.warm(), { once: true });
    root.addEventListener('focusin', () => notebook.warm(), { once: true });

    // The editor arrives on the first click or focus in the code.
    const codeBox = q('[data-cell-code]')!;
    const pre = codeBox.querySelector('pre');
    if (pre) {
      pre.setAttribute('tabindex', '0');
      pre.setAttribute('aria-label', `Code of cell ${n}`);
      // Keyboard readers get the editor as soon as they reach the code.
      pre.addEventListener('focus', () => showEditor(view, 0));
      pre.addEventListener('mousedown', (e) => {
        if (e.button !== 0) return;
        const caret = caretOffset(pre, e.clientX, e.clientY);
        e.preventDefault();
        showEditor(view, caret);
        // Keys typed before the editor arrives land here and are kept.
        pre.focus({ preventScroll: true });
      });
      pre.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void runCell(view);
        } else if (e.key === 'Enter' && e.shiftKey) {
          e.preventDefault();
          void runCell(view);
          focusNext(view);
        } else if (e.key === 'Enter' && view.typed.length === 0) {
          // Enter on the code opens the editor (a newline only once the reader is typing).
          e.preventDefault();
          showEditor(view, 0);
        } else if (isTyping(e)) {
          // The editor is on its way: keep the key for it rather than lose it.
          e.preventDefault();
          view.typed.push(e.key);
          showEditor(view, 0);
        }
      });
    }
    return view;
  }

  for (const root of roots) wire(root);

  const bar = document.querySelector<HTMLElement>('[data-notebook-bar]');
  if (bar) {
    bar.hidden = false;
    bar.querySelector('[data-run-all]')!.addEventListener('click', () => void notebook.runAll());
    bar.querySelector('[data-restart]')!.addEventListener('click', () => notebook.restart());
    if (!storage.available) bar.querySelector<HTMLElement>('[data-storage-note]')!.hidden = false;
  }

  // The playground lets the reader add and remove cells of their own.
  const panel = document.querySelector<HTMLElement>('[data-add-cells]');
  const template = document.querySelector<HTMLTemplateElement>('template[data-cell-template]');
  if (panel && template) {
    setupAddedCells(panel, template, {
      storage,
      wire,
      unwire(n) {
        const v = views.get(n);
        if (!v) return;
        v.editor?.destroy();
        views.delete(n);
        ordered.splice(ordered.indexOf(v), 1);
        notebook.unregister(n);
        storage.clearEdit(n);
      },
      codeOf: (n) => {
        const v = views.get(n);
        return v ? (v.editor?.getCode() ?? v.code) : '';
      },
      focus: (n) => {
        const v = views.get(n);
        if (!v) return;
        // Focusing the code opens the editor, and keys typed while it loads are kept.
        const pre = v.q('[data-cell-code] pre');
        if (!v.editor && pre) pre.focus();
        else showEditor(v, v.code.length);
      },
    });
  }

  notebook.subscribe((e) => {
    if (e.type === 'cell') {
      const v = views.get(e.state.n);
      if (v) renderState(v, e.state, notebook);
    }
  });

  // ---- helpers bound to this page ------------------------------------------

  /** Every cell's code in page order, for the editor's TypeScript service. */
  function notebookCode() {
    return { cells: ordered.map((v) => ({ n: v.n, code: v.editor?.getCode() ?? v.code })), hide };
  }

  /** Replaces a cell's code through the editor (loading it if need be), so Undo brings the old text back. */
  function setCode(view: CellView, code: string): void {
    if (view.editor) {
      view.editor.setCode(code);
      return;
    }
    const before = view.code;
    showPlain(view, code);
    changed(view, code);
    // The editor starts from the old text and takes the new one as an edit: Undo brings the old back.
    openEditor(view, 0, false, before).then(
      (ed) => {
        if (ed.getCode() !== code) ed.setCode(code);
      },
      () => undefined,
    );
  }

  function changed(view: CellView, code: string): void {
    view.code = code;
    notebook.edited(view.n);
    const kept = storage.saveEdit(view.n, code, view.author);
    if (!kept && bar && !storage.available) bar.querySelector<HTMLElement>('[data-storage-note]')!.hidden = false;
    markEdited(view);
  }

  function markEdited(view: CellView): void {
    const edited = view.code !== view.author;
    view.q('[data-edited]')!.hidden = !edited;
    view.q('[data-reset]')!.hidden = !edited;
  }

  async function runCell(view: CellView): Promise<void> {
    await notebook.run(view.n);
  }

  async function checkCell(view: CellView): Promise<void> {
    setState(view, 'Checking…', '');
    const r = await notebook.check(view.n, view.check ?? '');
    if (r.passed) {
      storage.markPassed(view.n);
      setState(view, 'Passed', 'passed');
    } else {
      setState(view, `Not yet: ${r.message ?? 'the check failed'}`, 'failed');
    }
  }

  function focusNext(view: CellView): void {
    const i = ordered.indexOf(view);
    const next = ordered[i + 1];
    if (!next) {
      view.q<HTMLButtonElement>('[data-run]')!.focus();
      return;
    }
    if (next.editor) next.editor.focus();
    else showEditor(next, 0);
    next.root.scrollIntoView({ block: 'nearest' });
  }

  /** Opens the editor with the caret at `caret` and focuses it; a failure is shown by openEditor. */
  function showEditor(view: CellView, caret: number): void {
    openEditor(view, caret, true).catch(() => undefined);
  }

  function openEditor(view: CellView, caret: number, focus: boolean, startFrom?: string): Promise<CellEditor> {
    if (view.editor) {
      if (focus) view.editor.focus();
      return Promise.resolve(view.editor);
    }
    if (!view.loading) {
      view.loading = import('./editor.ts').then(({ createEditor }) => {
        const box = view.q('[data-cell-code]')!;
        const old = box.querySelector('pre');
        const holder = document.createElement('div');
        box.append(holder);
        const editor = createEditor(holder, startFrom ?? view.code, caret, `Code of cell ${view.n}`, `cell-${view.n}-keys`, {
          onChange: (code) => changed(view, code),
          onRun: () => void runCell(view),
          onRunNext: () => {
            void runCell(view);
            focusNext(view);
          },
          onEscape: () => view.q<HTMLButtonElement>('[data-run]')!.focus(),
        }, { n: view.n, notebook: notebookCode, after: box });
        old?.remove();
        view.editor = editor;
        if (view.typed.length > 0) editor.typeKeys(view.typed.splice(0));
        if (view.q('[data-state]')!.textContent === EDITOR_FAILED) setState(view, '', '');
        return editor;
      });
      view.loading.catch(() => {
        // Offline with nothing cached, say: tell the reader, keep what they typed, let them retry.
        view.loading = null;
        setState(view, EDITOR_FAILED, 'failed');
      });
    }
    return view.loading.then((ed) => {
      if (focus) ed.focus();
      return ed;
    });
  }
}

function renderState(view: CellView, s: CellState, notebook: Notebook): void {
  const out = view.q('[data-output]')!;
  if (s.outputs.length < view.rendered || (s.status === 'running' && s.outputs.length === 0)) {
    clearGraphs(out);
    out.replaceChildren();
    view.rendered = 0;
  }
  for (let i = view.rendered; i < s.outputs.length; i++) appendItem(out, s.outputs[i], view.n, notebook);
  view.rendered = s.outputs.length;
  out.querySelector('.out-pending')?.remove();
  out.querySelector('.out-stale')?.remove();
  // The code changed since this output was made: say so above it until the cell runs again.
  const stale = s.dirty && s.outputs.length > 0 && (s.status === 'done' || s.status === 'error');
  out.toggleAttribute('data-stale', stale);
  if (stale) out.prepend(lineOf('out-notice out-stale', 'Edited since this output was made: run the cell again to update it.'));
  if (s.status === 'queued') addLine(out, 'out-notice out-pending', 'Waiting for the cells before it…');
  else if (s.status === 'not-run') notRun(out, s.blockedBy);
  else if (s.status === 'running' && s.outputs.length === 0) addLine(out, 'out-notice out-pending', 'Running…');
  const running = s.status === 'running';
  view.q('[data-stop]')!.hidden = !running;
  view.root.toggleAttribute('data-running', running);
  view.root.dataset.status = s.status;
  if ((s.status === 'done' || s.status === 'error') && view.editor && !out.querySelector('.out-types')) noteTypeErrors(view, out);
  if (s.check && !s.check.passed) setState(view, `Not yet: ${s.check.message ?? 'the check failed'}`, 'failed');
}

/** Types advise, never block: after a run, say how many type errors the cell has and link to their list. */
function noteTypeErrors(view: CellView, out: HTMLElement): void {
  const editor = view.editor!;
  const note = addLine(out, 'out-notice out-types', '');
  note.hidden = true;
  void editor.typeErrors().then((count) => {
    if (count === 0 || !note.isConnected) return;
    const link = document.createElement('a');
    link.href = `#${editor.typesListId}`;
    link.textContent = `${count} type error${count === 1 ? '' : 's'}`;
    note.append('TypeScript found ', link, ' in this cell; it ran anyway.');
    note.hidden = false;
  });
}

/** A key that types into the code (not a shortcut, not navigation). */
function isTyping(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return e.key.length === 1 || e.key === 'Backspace' || e.key === 'Delete' || e.key === 'Enter';
}

function setState(view: CellView, text: string, cls: string): void {
  const el = view.q('[data-state]')!;
  el.textContent = text;
  el.className = `cell-state ${cls}`;
}

function appendItem(out: HTMLElement, item: OutputItem, n: number, notebook: Notebook): void {
  switch (item.kind) {
    case 'log': {
      // Consecutive lines of the same level share one <pre>.
      const last = out.lastElementChild as HTMLElement | null;
      const cls = `out-log out-log-${item.level}`;
      if (last && last.tagName === 'PRE' && last.className === cls) last.append(`\n${item.text}`);
      else addLine(out, cls, item.text, 'pre');
      break;
    }
    case 'result':
      addLine(out, 'out-result', item.text, 'pre');
      break;
    case 'notice':
      addLine(out, 'out-notice', item.text);
      break;
    case 'error': {
      let where = '';
      if (item.line !== undefined) {
        where = ` (line ${item.line}, column ${item.column ?? 1}${item.cell !== undefined && item.cell !== n ? ` of cell ${item.cell}` : ''})`;
      }
      addLine(out, 'out-error', `${item.message}${where}`, 'pre');
      break;
    }
    case 'graph': {
      const box = document.createElement('div');
      box.className = 'out-graph';
      out.append(box);
      renderGraph(box, item, notebook.graph(item));
      break;
    }
  }
}

/** "Not run", naming the earlier cell that did not finish, with a link to it. */
function notRun(out: HTMLElement, blocker: number | undefined): void {
  const line = addLine(out, 'out-notice out-pending', 'Not run: ');
  if (blocker === undefined) {
    line.append('a cell before it did not finish.');
    return;
  }
  const a = document.createElement('a');
  a.href = `#cell-${blocker}`;
  a.textContent = `cell ${blocker}`;
  line.append(a, ' did not finish; fix it, then run this one again.');
}

function lineOf(cls: string, text: string, tag = 'p'): HTMLElement {
  const el = document.createElement(tag);
  el.className = cls;
  el.textContent = text;
  return el;
}

function addLine(out: HTMLElement, cls: string, text: string, tag = 'p'): HTMLElement {
  const el = lineOf(cls, text, tag);
  out.append(el);
  return el;
}

/** Replaces the highlighted code with plain text (a saved edit, before the editor loads). */
function showPlain(view: CellView, code: string): void {
  const codeEl = view.q('[data-cell-code] pre code') ?? view.q('[data-cell-code] pre');
  if (codeEl) codeEl.textContent = code;
}

/** Character offset in `pre` of the point (x, y), for putting the caret where the reader clicked. */
function caretOffset(pre: HTMLElement, x: number, y: number): number {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  let node: Node | null = null;
  let offset = 0;
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) {
    node = pos.offsetNode;
    offset = pos.offset;
  } else {
    const r = document.caretRangeFromPoint?.(x, y);
    if (r) {
      node = r.startContainer;
      offset = r.startOffset;
    }
  }
  if (!node || !pre.contains(node)) return 0;
  const range = document.createRange();
  range.selectNodeContents(pre.querySelector('code') ?? pre);
  try {
    range.setEnd(node, offset);
  } catch {
    return 0;
  }
  // Text shown but not in the code (a removed line, a fold's summary: src/remark/diff-view.mjs) does not count.
  let shownOnly = 0;
  for (const el of pre.querySelectorAll('[data-not-code]')) {
    if (!range.intersectsNode(el)) continue;
    const part = document.createRange();
    part.selectNodeContents(el);
    if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) part.setEnd(range.endContainer, range.endOffset);
    shownOnly += part.toString().length;
  }
  return range.toString().length - shownOnly;
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
