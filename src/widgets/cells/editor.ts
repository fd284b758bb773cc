// CodeMirror 6 for one cell, loaded with a dynamic import on the reader's
// first click, Enter or key in a cell (never with the page).
//
// Tab never edits code by surprise: an editor reached with Tab is in
// CodeMirror's tab-focus mode (Tab and Shift+Tab move on through the page),
// and only Enter, a click or typing makes it an editor where Tab indents.
// Escape leaves it. While editing, a hint at the end of the caret's line
// says how to leave.

import { cellSetup } from './editor-setup.ts';
import { javascript } from '@codemirror/lang-javascript';
import { Decoration, EditorView, WidgetType, keymap, type DecorationSet } from '@codemirror/view';
import { EditorState, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { deleteCharBackward, deleteCharForward, indentWithTab, insertNewlineAndIndent } from '@codemirror/commands';
import { syntaxHighlighting, codeFolding, foldEffect } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { closeCompletion, completionStatus } from '@codemirror/autocomplete';
import { cellTypes, type NotebookCode } from './types.ts';
import { foldLabel } from '../../lib/fold-label.ts';
import type { Lines } from './pointed-lines.ts';

export interface EditorHooks {
  onChange(code: string): void;
  onRun(): void;
  onRunNext(): void;
  onEscape(): void;
}

export interface CellEditor {
  getCode(): string;
  /** Replaces the whole text as one undoable change. */
  setCode(code: string): void;
  /** Focuses the editor, ready to type (Tab indents), with the caret at `caret` if given. */
  edit(caret?: number): void;
  /** Applies keys typed while the editor was loading: characters, Backspace, Delete, Enter. */
  typeKeys(keys: readonly string[]): void;
  /** How many type errors TypeScript finds in the current text (waits for it to look). */
  typeErrors(): Promise<number>;
  /** The id of the list of type errors under the code. */
  typesListId: string;
  /** Marks the lines a graph points at (./pointed-lines.ts), or none. */
  point(at: Lines | null): void;
  destroy(): void;
}

/** TypeScript for a cell: its number, the notebook's code, and the element the list of its errors follows. */
export interface TypesOptions {
  n: number;
  notebook: () => NotebookCode;
  after: HTMLElement;
}

const theme = EditorView.theme({
  // The page background, as the Shiki themes of the static code use (#fff / #0d1117).
  '&': { backgroundColor: 'var(--bg, transparent)', color: 'var(--fg, inherit)' },
  // Room at the bottom for the line of keys shown while the editor has the focus (cells.css).
  // The same box as the static code it replaces (cells.css): nothing moves when it arrives.
  '.cm-content': { caretColor: 'var(--fg, currentColor)', padding: 'var(--cell-code-pad-y) 0 var(--cell-code-pad-bottom)' },
  // The line numbers sit in the static code's left padding (its width exactly), so the
  // code does not move right when the editor arrives; the lines keep only their right padding.
  '.cm-line': { padding: '0 var(--cell-code-pad-x) 0 0' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg, transparent)',
    color: 'var(--muted, #6e7781)',
    border: 'none',
    width: 'var(--cell-code-pad-x)',
    minWidth: 'var(--cell-code-pad-x)',
    boxSizing: 'border-box',
  },
  '.cm-lineNumbers': { width: '100%', minWidth: '0' },
  // Smaller than the code, so two digits fit the padding; the code's line height, so they sit on its lines.
  '.cm-lineNumbers .cm-gutterElement': {
    minWidth: '0',
    padding: '0 0.3rem 0 0',
    fontSize: '0.65rem',
    lineHeight: 'calc(0.875rem * 1.5)',
    fontVariantNumeric: 'tabular-nums',
  },
  // No tint behind the text itself: the token colours keep their contrast.
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, currentColor 8%, transparent)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg, currentColor)' },
  // Tooltips (diagnostics, hover types, completions) in the page's colours, light and dark.
  '.cm-tooltip': {
    backgroundColor: 'var(--bg, #fff)',
    color: 'var(--fg, inherit)',
    border: '1px solid color-mix(in srgb, currentColor 35%, transparent)',
    maxWidth: 'min(40rem, 90vw)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'light-dark(#0550ae, #58a6ff)',
    color: 'var(--bg, #fff)',
  },
  '.cm-diagnosticSource, .cm-completionDetail': { opacity: '1', color: 'var(--muted, inherit)' },
  '.ts-hover, .ts-info': { padding: '0.25rem 0.5rem', whiteSpace: 'pre-wrap' },
  '.ts-doc': { margin: '0.35rem 0 0', fontFamily: 'var(--font-body, inherit)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, #0969da 30%, transparent)',
  },
});

/** Whether the reader is typing in the editor (not only passing through it with Tab). */
const setEditing = StateEffect.define<boolean>();
const editingField = StateField.define<boolean>({
  create: () => false,
  update: (on, tr) => tr.effects.reduce((v, e) => (e.is(setEditing) ? e.value : v), on),
});

// A class on the caret's line, whose ::after (cells.css) draws the hint: no node in the
// text, which an inline widget would be (browsers then add stray line breaks as the reader types).
const escLine = Decoration.line({ class: 'cm-esc-line' });
const escHint = EditorView.decorations.compute([editingField, 'selection'], (state) => {
  if (!state.field(editingField)) return Decoration.none;
  return Decoration.set([escLine.range(state.doc.lineAt(state.selection.main.head).from)]);
});

/** A cell's changes in the lines of its code (src/lessons/diff-marks.mjs editorMarks), from its data-marks. */
interface Marks {
  added: number[];
  removed: { before: number; text: string }[];
  folds: [number, number][];
}

/** A line the chapter removed: shown struck through where it was, not part of the code. */
class RemovedLine extends WidgetType {
  readonly text: string;
  constructor(text: string) {
    super();
    this.text = text;
  }
  override eq(other: RemovedLine): boolean {
    return other.text === this.text;
  }
  toDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'cm-diff-remove';
    el.setAttribute('aria-label', `removed line: ${this.text.trim()}`);
    el.textContent = this.text;
    return el;
  }
}

/**
 * The same marks as the highlighted HTML shows: added lines, removed lines and
 * the folded unchanged stretches (still in the code, so they run). Only for
 * the author's code: a reader's saved edit has no marks to show.
 */
function diffMarks(marks: Marks, doc: string): { extension: Extension; folds: { from: number; to: number }[] } {
  const state = EditorState.create({ doc });
  const lines = state.doc.lines;
  const decorations = (): DecorationSet => {
    const ranges = [];
    for (const r of marks.removed) {
      const inside = r.before <= lines;
      const at = inside ? state.doc.line(r.before).from : state.doc.length;
      ranges.push(Decoration.widget({ widget: new RemovedLine(r.text), block: true, side: inside ? -1 : 1 }).range(at));
    }
    for (const n of marks.added)
      if (n >= 1 && n <= lines) ranges.push(Decoration.line({ class: 'cm-diff-add' }).range(state.doc.line(n).from));
    return Decoration.set(ranges, true);
  };
  const field = StateField.define<DecorationSet>({
    create: decorations,
    update: (set, tr) => set.map(tr.changes),
    provide: (f) => EditorView.decorations.from(f),
  });
  const folds = marks.folds
    .filter(([a, b]) => a >= 1 && b <= lines && a <= b)
    .map(([a, b]) => ({ from: state.doc.line(a).from, to: state.doc.line(b).to }));
  const folding = codeFolding({
    // The author's folds are unchanged code; a fold the reader makes is just folded.
    preparePlaceholder: (s, range) => ({
      count: s.doc.lineAt(range.to).number - s.doc.lineAt(range.from).number + 1,
      unchanged: folds.some((f) => f.from === range.from && f.to === range.to),
    }),
    placeholderDOM: (_view, onclick, prepared: { count: number; unchanged: boolean }) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'cm-foldPlaceholder cm-diff-fold';
      const text = prepared.unchanged ? foldLabel(prepared.count) : `⋯ ${prepared.count} folded line${prepared.count === 1 ? '' : 's'}`;
      el.textContent = text;
      el.setAttribute('aria-label', `${text}: show them`);
      el.onclick = onclick;
      return el;
    },
  });
  return { extension: [field, folding], folds };
}

function readMarks(parent: HTMLElement, doc: string): Marks | null {
  const root = parent.closest<HTMLElement>('[data-cell]');
  if (!root?.dataset.marks || root.dataset.code !== doc) return null;
  try {
    return JSON.parse(root.dataset.marks) as Marks;
  } catch {
    return null;
  }
}

// The lines a graph points at: a line decoration, so the text does not move.
const setPointed = StateEffect.define<Lines | null>();
const pointedLine = Decoration.line({ class: 'cm-pointed' });
const pointedField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (!e.is(setPointed)) continue;
      const at = e.value;
      const last = tr.state.doc.lines;
      if (!at || at.from > last) return Decoration.none;
      const ranges = [];
      for (let n = Math.max(1, at.from); n <= Math.min(at.to, last); n++) ranges.push(pointedLine.range(tr.state.doc.line(n).from));
      return Decoration.set(ranges);
    }
    return deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** `label` names the editor; `describedBy` is the id of the text that lists its keys. */
export function createEditor(
  parent: HTMLElement,
  doc: string,
  caret: number,
  label: string,
  describedBy: string,
  hooks: EditorHooks,
  typesOptions: TypesOptions,
): CellEditor {
  const list = document.createElement('div');
  typesOptions.after.after(list);
  const types = cellTypes(typesOptions.n, typesOptions.notebook, list);
  const marks = readMarks(parent, doc);
  const diff = marks ? diffMarks(marks, doc) : null;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      selection: { anchor: Math.max(0, Math.min(caret, doc.length)) },
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Mod-Enter', run: () => (hooks.onRun(), true) },
            { key: 'Shift-Enter', run: () => (hooks.onRunNext(), true) },
            // Escape closes a completion list on screen first; otherwise (even with one
            // still being worked out) it leaves the editor.
            { key: 'Escape', run: (v) => (completionStatus(v.state) === 'active' && closeCompletion(v)) || (hooks.onEscape(), true) },
            // Reached with Tab, Enter starts editing (no newline); once editing, it is a newline.
            { key: 'Enter', run: (v) => (v.state.field(editingField) ? false : (editing(true), true)) },
          ]),
        ),
        cellSetup,
        keymap.of([indentWithTab]),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        theme,
        editingField,
        escHint,
        pointedField,
        // The editor's own class list is CodeMirror's to set: the mark goes through its facet.
        EditorView.editorAttributes.compute([editingField], (state) => ({ class: state.field(editingField) ? 'cm-editing' : '' })),
        types.extension,
        diff?.extension ?? [],
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': describedBy }),
        // Phones wrap long lines, as the static code does there (cells.css).
        matchMedia('(max-width: 36rem)').matches ? EditorView.lineWrapping : [],
        EditorView.updateListener.of((u) => {
          if (u.docChanged) hooks.onChange(u.state.doc.toString());
          // Typing while passing through is editing.
          if (!u.state.field(editingField) && u.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete')))
            editing(true);
        }),
      ],
    }),
  });
  types.attach(view);
  // CodeMirror draws its line numbers at a guessed line height first and moves them once it has
  // measured the lines: they stay hidden until then (cells.css), so nothing visibly shifts.
  view.requestMeasure({
    read: () => null,
    write: (_, v) => v.requestMeasure({ read: () => null, write: (__, w) => (w.scrollDOM.dataset.measured = '') }),
  });

  function editing(on: boolean): void {
    if (view.state.field(editingField) === on) return;
    view.setTabFocusMode(!on);
    view.dispatch({ effects: setEditing.of(on) });
  }
  // A focus that comes from a click or from edit() is for typing; one from Tab is for passing through.
  let forTyping = false;
  view.dom.addEventListener('pointerdown', () => (forTyping = true));
  view.contentDOM.addEventListener('focus', () => {
    editing(forTyping);
    forTyping = false;
  });
  view.contentDOM.addEventListener('blur', (e) => {
    // Focus moving to a part of the editor (a tooltip's link, say) is not leaving it.
    const to = e.relatedTarget;
    if (!(to instanceof Node && view.dom.contains(to))) editing(false);
  });
  view.setTabFocusMode(true);
  if (diff && diff.folds.length > 0) {
    // Fold the unchanged stretches, unless the caret landed inside one.
    const caretAt = view.state.selection.main.head;
    const effects = diff.folds.filter((f) => caretAt < f.from || caretAt > f.to).map((f) => foldEffect.of(f));
    if (effects.length > 0) view.dispatch({ effects });
  }
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    edit: (caret) => {
      if (caret !== undefined)
        view.dispatch({ selection: { anchor: Math.max(0, Math.min(caret, view.state.doc.length)) }, scrollIntoView: true });
      forTyping = true;
      if (view.hasFocus) {
        forTyping = false;
        editing(true);
      } else view.focus();
    },
    typeKeys: (keys) => {
      for (const key of keys) {
        if (key === 'Backspace') deleteCharBackward(view);
        else if (key === 'Delete') deleteCharForward(view);
        else if (key === 'Enter') insertNewlineAndIndent(view);
        else view.dispatch(view.state.replaceSelection(key), { userEvent: 'input.type', scrollIntoView: true });
      }
    },
    typeErrors: () => types.errors(),
    typesListId: types.listId,
    point: (at) => view.dispatch({ effects: setPointed.of(at) }),
    destroy: () => {
      types.destroy();
      view.destroy();
    },
  };
}
