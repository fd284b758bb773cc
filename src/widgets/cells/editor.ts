// CodeMirror 6 for one cell, loaded with a dynamic import on the reader's
// first click or focus in a cell (never with the page).

import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { keymap } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { deleteCharBackward, deleteCharForward, indentWithTab, insertNewlineAndIndent } from '@codemirror/commands';
import { syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';

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
  destroy(): void;
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
): CellEditor {
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
            { key: 'Escape', run: () => (hooks.onEscape(), true) },
          ]),
        ),
        basicSetup,
        keymap.of([indentWithTab]),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': describedBy }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) hooks.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
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
    destroy: () => view.destroy(),
  };
}
