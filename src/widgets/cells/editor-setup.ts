// CodeMirror's basicSetup without its fold gutter: the highlighted code a cell
// shows before the editor has none, so the editor that replaces it looks the
// same and nothing on the page moves. Line numbers are kept (errors name a
// line and column), drawn in the left padding the static code has there
// (editor.ts's theme). Everything else of basicSetup is kept.
import {
  crosshairCursor,
  lineNumbers,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  rectangularSelection,
} from '@codemirror/view';
import { EditorState, type Extension } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { lintKeymap } from '@codemirror/lint';
import { HIDDEN_CHARS } from './hidden-chars.ts';

export const cellSetup: Extension = [
  // Also the bidi controls and zero-width marks that make code read otherwise than it runs
  // (Trojan Source): shared code may carry them.
  highlightSpecialChars({ addSpecialChars: HIDDEN_CHARS }),
  lineNumbers(),
  history(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  closeBrackets(),
  autocompletion(),
  rectangularSelection(),
  crosshairCursor(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([
    ...closeBracketsKeymap,
    ...defaultKeymap,
    ...searchKeymap,
    ...historyKeymap,
    ...foldKeymap,
    ...completionKeymap,
    ...lintKeymap,
  ]),
];
