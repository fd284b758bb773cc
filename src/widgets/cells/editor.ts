// CodeMirror 6 for one cell, loaded with a dynamic import on the reader's
// first click or focus in a cell (never with the page).

import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { keymap } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { deleteCharBackward, deleteCharForward, indentWithTab, insertNewlineAndIndent } from '@codemirror/commands';
import { syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { closeCompletion, completionStatus } from '@codemirror/autocomplete';
import { cellTypes, type NotebookCode } from './types.ts';

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
  focus(): void;
  /** Applies keys typed while the editor was loading: characters, Backspace, Delete, Enter. */
  typeKeys(keys: readonly string[]): void;
  /** How many type errors TypeScript finds in the current text (waits for it to look). */
  typeErrors(): Promise<number>;
  /** The id of the list of type errors under the code. */
  typesListId: string;
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
  '.cm-content': { caretColor: 'var(--fg, currentColor)', padding: '0.75rem 0 1.75rem' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg, transparent)',
    color: 'var(--muted, #6e7781)',
    border: 'none',
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
          ]),
        ),
        basicSetup,
        keymap.of([indentWithTab]),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        theme,
        types.extension,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': describedBy }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) hooks.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  types.attach(view);
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
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
    destroy: () => {
      types.destroy();
      view.destroy();
    },
  };
}
