// One cell on the page: its markup (CellFrame.astro), the reader's code for
// it, its editor on the way or there, its output box, and what its buttons do.
// What it needs of the page (the notebook, storage, its neighbours) comes in
// a CellPage, so a cell knows nothing of the others.

import { keepForReview, wirePrediction } from './prediction.ts';
import type { Notebook, CellState } from '../../runtime/notebook.ts';
import type { CellStorage } from '../../runtime/storage.ts';
import type { CellEditor } from './editor.ts';
import type { NotebookCode } from './types.ts';
import { EditorSlot } from './editor-slot.ts';
import { OutputView } from './output-view.ts';
import { caretOffset } from './caret.ts';
import { copyFrom } from '../../lib/copy-code.ts';
import { showVisibly } from './hidden-chars.ts';
import { shareCell } from './share-view.ts';
import { importAgain } from './import-again.ts';
import { POINT_EVENT, markStaticLines, type Lines } from './pointed-lines.ts';

export const EDITOR_FAILED = 'The editor could not load (offline?). Click the code to try again.';

export interface CellPage {
  notebook: Notebook;
  storage: CellStorage;
  /** Every cell's code in page order, for the editor's TypeScript service. */
  notebookCode(): NotebookCode;
  /** The cell after this one (Shift+Enter moves there). */
  after(view: CellView): CellView | undefined;
  /** An edit could not be saved (storage full or refused). */
  notKept(): void;
  /** Where a reader goes after passing this exercise: a link, or null. */
  onwards(view: CellView): HTMLAnchorElement | null;
}

/** The element of `root` that `sel` finds; the markup is ours, so a missing part is a bug worth its name. */
function part<T extends HTMLElement = HTMLElement>(root: HTMLElement, sel: string): T {
  const el = root.querySelector<T>(sel);
  if (!el) throw new Error(`cell ${root.dataset.cell ?? '?'}: its markup has no ${sel}`);
  return el;
}

export class CellView {
  readonly n: number;
  readonly id: string;
  readonly root: HTMLElement;
  /** The lesson's code for this cell. */
  readonly author: string;
  readonly check: string | undefined;
  readonly exercise: boolean;
  readonly output: OutputView;
  readonly slot: EditorSlot<CellEditor>;
  /** The code to run: the editor's text once it is there. */
  code: string;
  private readonly solution: string | undefined;
  /** The reader's code while the solution is shown. */
  private mine: string | null = null;
  private readonly page: CellPage;
  private readonly codeBox: HTMLElement;
  private readonly stateEl: HTMLElement;
  /** The text a new editor starts from, when it is asked for while the code is being replaced (so Undo brings it back). */
  private startFrom: string | undefined;
  /** Where a new editor puts the caret. */
  private caret = 0;
  /** Set while showShared puts code in the editor: that is not the reader's edit, so it is not saved. */
  private quiet = false;
  /**
   * Set while another tab's edit of this cell waits for the reader's choice
   * (./other-tab.ts): until then this tab's typing is not saved over it.
   */
  savesHeld = false;
  /** The lines a graph points at, kept for an editor that comes later. */
  private pointed: Lines | null = null;

  constructor(root: HTMLElement, page: CellPage) {
    this.root = root;
    this.page = page;
    this.n = Number(root.dataset.cell);
    this.id = root.dataset.cellId ?? `cell-${this.n}`;
    this.author = root.dataset.code ?? '';
    this.code = this.author;
    this.solution = root.dataset.solution;
    this.check = root.dataset.check;
    this.exercise = root.classList.contains('cell-exercise');
    this.codeBox = part(root, '[data-cell-code]');
    this.stateEl = part(root, '[data-state]');
    this.output = new OutputView(
      part(root, '[data-output]'),
      this.n,
      (item) => page.notebook.graph(item),
      (blocker) => void page.notebook.run(this.n, { skip: [blocker] }),
      () => {
        page.notebook.restart();
        void page.notebook.run(this.n);
      },
    );
    // A graph on the page points at lines of this cell (./pointed-lines.ts).
    root.addEventListener(POINT_EVENT, (e) => {
      this.pointed = (e as CustomEvent<Lines | null>).detail;
      markStaticLines(this.codeBox, this.pointed);
      this.slot.editor?.point(this.pointed);
    });
    // data-editor on the cell: "loading" from the moment the editor is asked for, then "ready".
    this.slot = new EditorSlot(
      () => {
        root.dataset.editor = 'loading';
        return this.loadEditor();
      },
      {
        ready: () => {
          root.dataset.editor = 'ready';
          this.slot.editor?.point(this.pointed);
          if (this.stateEl.textContent === EDITOR_FAILED) this.setState('', '');
        },
        failed: () => {
          delete root.dataset.editor;
          this.setState(EDITOR_FAILED, 'failed');
        },
      },
    );
  }

  /** The code now (the editor's, if it is there). */
  current(): string {
    return this.slot.editor?.getCode() ?? this.code;
  }

  /** Shows the reader's saved code (or a shared one) before any editor exists. */
  showCode(code: string): void {
    this.code = code;
    const el = this.codeBox.querySelector('pre code') ?? this.codeBox.querySelector('pre');
    if (el) {
      showVisibly(el, code);
      // Then in colour, as the editor would show it: the grammar is fetched only for code the reader brought.
      if (code !== '')
        void import('./highlight.ts').then(
          ({ showHighlighted }) => {
            if (this.code === code && el.isConnected) showHighlighted(el, code);
          },
          () => {
            /* offline with nothing cached: the plain text stays, which is all it loses */
          },
        );
    }
    this.markEdited();
  }

  /**
   * Shows code the reader has not chosen (a shared link's) without saving it
   * as their edit: in the editor if it is open, so what Run sends is always
   * what the reader sees. Only its own Run runs it (Notebook.hold).
   */
  showShared(code: string): void {
    this.page.notebook.hold(this.n);
    const ed = this.slot.editor;
    if (ed) {
      this.quiet = true;
      try {
        ed.setCode(code);
      } finally {
        this.quiet = false;
      }
    } else {
      this.showCode(code);
    }
    this.code = code;
    this.page.notebook.edited(this.n);
    this.markEdited();
  }

  /** Brings the controls to life. */
  wire(): void {
    const { root, page } = this;
    const q = <T extends HTMLElement = HTMLElement>(sel: string) => part<T>(root, sel);
    q('[data-cell-bar]').hidden = false;
    // CodeMirror's Mod is ⌘ on Apple keyboards.
    if (/Mac|iPhone|iPad/.test(navigator.userAgent)) q('[data-mod]').textContent = '⌘';
    q('[data-run]').addEventListener('click', () => void this.run());
    wirePrediction(
      root,
      () => this.run(),
      () => page.notebook.state(this.n)?.outputs ?? [],
      () => this.current(),
    );
    q('[data-stop]').addEventListener('click', () => page.notebook.stop(this.n));
    q('[data-reset]').addEventListener('click', () => this.reset());
    q('[data-take-new]').addEventListener('click', () => {
      this.setCode(this.author);
      q('[data-notice]').hidden = true;
      q('[data-run]').focus();
    });
    q('[data-keep-mine]').addEventListener('click', () => {
      page.storage.rebase(this.id, this.author);
      q('[data-notice]').hidden = true;
      q('[data-run]').focus();
    });
    const copy = q<HTMLButtonElement>('[data-copy]');
    copy.addEventListener('click', () => void copyFrom(copy, this.current(), this.codeBox));
    const share = q<HTMLButtonElement>('[data-share]');
    share.addEventListener('click', () => void shareCell(share, this.id, this.current()));
    root.querySelector('[data-check-btn]')?.addEventListener('click', () => void this.runCheck());
    const solBtn = root.querySelector<HTMLButtonElement>('[data-solution-btn]');
    solBtn?.addEventListener('click', () => {
      if (this.mine === null) {
        this.mine = this.code;
        this.setCode(this.solution ?? '');
        solBtn.textContent = 'Show my version';
      } else {
        const mine = this.mine;
        this.mine = null;
        this.setCode(mine);
        solBtn.textContent = 'Show solution';
      }
    });
    if (page.storage.passed().includes(this.id)) this.passed();

    // Touching a cell starts the worker, so the first Run does not wait for it.
    root.addEventListener('pointerdown', () => page.notebook.warm(), { once: true });
    root.addEventListener('focusin', () => page.notebook.warm(), { once: true });
    this.wireStaticCode();
  }

  /**
   * The highlighted code before the editor: one Tab stop that reads as code.
   * Tab passes over it; Enter (or a click, or typing) brings the editor.
   */
  private wireStaticCode(): void {
    const pre = this.codeBox.querySelector('pre');
    if (!pre) return;
    pre.setAttribute('tabindex', '0');
    pre.setAttribute('aria-label', `Code of cell ${this.n}; press Enter to edit`);
    // A tap is for reading: on a touch screen the Edit button opens the editor (and the keyboard).
    let touch = false;
    pre.addEventListener('pointerdown', (e) => (touch = e.pointerType === 'touch'));
    part(this.root, '[data-edit]').addEventListener('click', () => this.edit());
    pre.addEventListener('mousedown', (e) => {
      if (e.button !== 0 || touch) return;
      const caret = caretOffset(pre, e.clientX, e.clientY);
      e.preventDefault();
      this.edit(caret);
    });
    pre.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.run();
      } else if (e.key === 'Enter' && e.shiftKey) {
        e.preventDefault();
        void this.run();
        this.focusNext();
      } else if (e.key === 'Enter' && !this.slot.typing) {
        e.preventDefault();
        this.edit();
      } else if (isTyping(e)) {
        // The editor is on its way: keep the key for it rather than lose it.
        e.preventDefault();
        this.slot.keep(e.key);
        this.edit();
      }
    });
  }

  /** Opens the editor, caret at `caret`, ready to type (Tab indents there, Esc leaves). */
  edit(caret?: number): void {
    const ed = this.slot.editor;
    if (ed) {
      ed.edit(caret);
      return;
    }
    // A new editor starts with the caret there (else where a click put it, else at the start),
    // before the keys typed while it loaded.
    if (caret !== undefined) this.caret = caret;
    // Until it arrives the code itself holds the focus, so keys typed now are kept for it
    // rather than landing on whatever was focused before (a button that Space would press).
    const pre = this.codeBox.querySelector('pre');
    if (pre && !pre.contains(document.activeElement)) pre.focus({ preventScroll: true });
    this.slot.open().then(
      (e) => e.edit(),
      () => undefined,
    );
  }

  async run(): Promise<void> {
    await this.page.notebook.run(this.n);
  }

  /** Replaces the code through the editor (loading it if need be), so Undo brings the old text back. */
  setCode(code: string): void {
    const ed = this.slot.editor;
    if (ed) {
      ed.setCode(code);
      return;
    }
    const before = this.code;
    this.showCode(code);
    this.changed(code);
    // The editor starts from the old text and takes the new one as an edit: Undo brings the old back.
    this.startFrom = before;
    this.slot.open().then(
      (e) => {
        if (e.getCode() !== code) e.setCode(code);
      },
      () => undefined,
    );
  }

  /** The reader's own saved version back, in place of a shared link's code. */
  showMine(code: string): void {
    this.page.notebook.release(this.n);
    this.setCode(code);
  }

  /** The lesson's code back, and the output and check result of the reader's version gone. */
  reset(): void {
    this.page.notebook.release(this.n);
    this.mine = null;
    this.setCode(this.author);
    part(this.root, '[data-notice]').hidden = true;
    this.root.querySelector('[data-share-notice]')?.remove();
    this.page.notebook.clearOutput(this.n);
    this.setState('', '');
  }

  /** The reader changed the code. */
  changed(code: string): void {
    this.code = code;
    this.page.notebook.edited(this.n);
    if (!this.savesHeld) this.save();
    this.markEdited();
  }

  /** Keeps this tab's code as the reader's edit (or, if it is the lesson's, forgets the edit). */
  save(): void {
    const code = this.current();
    if (!this.page.storage.saveEdit(this.id, code, this.author, this.n)) {
      if (code !== this.author) this.page.notKept();
    }
  }

  markEdited(): void {
    const edited = this.code !== this.author;
    part(this.root, '[data-edited]').hidden = !edited;
    part(this.root, '[data-reset]').hidden = !edited;
  }

  async runCheck(): Promise<void> {
    this.setState('Checking…', '');
    const r = await this.page.notebook.check(this.n, this.check ?? '');
    this.rememberCheck(r.passed);
    if (r.passed) {
      this.page.storage.markPassed(this.id);
      this.passed();
    } else {
      this.setState(`Not yet: ${r.message ?? 'the check failed'}`, 'failed');
    }
  }

  /** A failed check is reviewed: the exercise comes back, to be passed again on its page. */
  private rememberCheck(passed: boolean): void {
    const title = this.root.querySelector('.cell-title')?.textContent?.trim();
    keepForReview(
      this.root,
      {
        id: `cell:${this.id}/check`,
        source: `cell:${this.id}`,
        question: `The exercise ${title ? `“${title}”` : `in cell ${this.n}`}: make its check pass.`,
        check: { kind: 'exercise' },
      },
      passed,
    );
  }

  /** "Passed", and where to go from here. */
  private passed(): void {
    this.setState('Passed', 'passed');
    const next = this.page.onwards(this);
    if (!next) return;
    const p = document.createElement('p');
    p.className = 'cell-onwards';
    p.dataset.onwards = '';
    p.append(next);
    this.stateEl.closest('[data-cell-bar]')?.after(p);
  }

  setState(text: string, cls: string): void {
    this.stateEl.textContent = text;
    this.stateEl.className = `cell-state ${cls}`;
    if (cls !== 'passed') this.root.querySelector('[data-onwards]')?.remove();
  }

  /** Draws the cell's status (its outputs come through OutputView). */
  status(s: CellState): void {
    this.output.status(s);
    // Timers it left firing keep it running, as far as the reader can tell: Stop clears them.
    const running = s.status === 'running' || s.background === true;
    part(this.root, '[data-stop]').hidden = !running;
    this.root.toggleAttribute('data-running', running);
    this.root.dataset.status = s.status;
    // Only a cell that ran "ran anyway"; a syntax error is said once, by the run's own error.
    if ((s.status === 'done' || s.status === 'error') && s.started !== false && this.slot.editor && !this.output.has('.out-types'))
      this.noteTypeErrors(this.slot.editor);
    if (s.check && !s.check.passed) this.setState(`Not yet: ${s.check.message ?? 'the check failed'}`, 'failed');
  }

  /** Types advise, never block: after a run, say how many type errors the cell has and link to their list. */
  private noteTypeErrors(editor: CellEditor): void {
    const note = this.output.note('out-notice out-types');
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

  focusNext(): void {
    const next = this.page.after(this);
    if (!next) {
      part(this.root, '[data-run]').focus();
      return;
    }
    next.edit();
    next.root.scrollIntoView({ block: 'nearest' });
  }

  /** Cleans up a cell the reader removed. */
  destroy(): void {
    this.slot.editor?.destroy();
  }

  private async loadEditor(): Promise<CellEditor> {
    const { createEditor } = await importAgain(() => import('./editor.ts'));
    const old = this.codeBox.querySelector('pre');
    const holder = document.createElement('div');
    this.codeBox.append(holder);
    const start = this.startFrom ?? this.code;
    this.startFrom = undefined;
    const editor = createEditor(
      holder,
      start,
      this.caret,
      `Code of cell ${this.n}`,
      `cell-${this.n}-keys`,
      {
        onChange: (code) => {
          if (this.quiet) return;
          this.changed(code);
        },
        onRun: () => void this.run(),
        onRunNext: () => {
          void this.run();
          this.focusNext();
        },
        onEscape: () => part(this.root, '[data-run]').focus(),
      },
      { n: this.n, notebook: () => this.page.notebookCode(), after: this.codeBox },
    );
    old?.remove();
    return editor;
  }
}

/** A key that types into the code (not a shortcut, not navigation). */
function isTyping(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return e.key.length === 1 || e.key === 'Backspace' || e.key === 'Delete' || e.key === 'Enter';
}
