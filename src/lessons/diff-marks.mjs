// @ts-check
// Changes shown, not pasted. A lesson that continues an earlier chapter's code
// marks what changed with Shiki's notation comments, at the end of a line:
//
//   this.grad += 1.0 * out.grad; // [!code ++]   an added or changed line
//   this.grad = 1.0 * out.grad; // [!code --]    a line that is gone
//
// A cell runs its code without the removed lines and without the markers; it
// shows them marked, in the highlighted HTML (the transformers below) and in
// the editor (src/widgets/cells/editor.ts). In a cell with the fence word
// `diff`, the unchanged stretches fold away ("⋯ 38 unchanged lines"), still
// run, and open with a click. Static (non-cell) code blocks get the marks too.

import { foldLabel } from '../lib/fold-label.ts';

const MARK = /\s*\/\/\s*\[!code (\+\+|--)\]\s*$/;

/** Unchanged lines kept in view on each side of a change. */
const CONTEXT = 2;
/** A shorter unchanged stretch is not worth folding. */
const MIN_FOLD = 4;

/**
 * @typedef {'+' | '-' | ' '} Kind
 * @typedef {{
 *   run: string,
 *   display: string,
 *   kinds: Kind[],
 *   folds: [number, number][],
 *   marked: boolean,
 * }} DiffView
 * @typedef {{ added: number[], removed: { before: number, text: string }[], folds: [number, number][] }} EditorMarks
 */

/**
 * The code a cell runs and the code it shows, from the author's text.
 * `kinds` and `folds` (1-based, inclusive) are in display lines.
 * @param {string} raw
 * @param {{ fold?: boolean }} [options]
 * @returns {DiffView}
 */
export function parseDiff(raw, options = {}) {
  /** @type {Kind[]} */
  const kinds = [];
  const shown = [];
  const run = [];
  for (const line of raw.split('\n')) {
    const m = MARK.exec(line);
    const text = m ? line.slice(0, m.index) : line;
    const kind = m ? (m[1] === '++' ? '+' : '-') : ' ';
    kinds.push(kind);
    shown.push(text);
    if (kind !== '-') run.push(text);
  }
  const marked = kinds.some((k) => k !== ' ');
  return {
    run: run.join('\n'),
    display: shown.join('\n'),
    kinds,
    folds: options.fold ? foldsOf(kinds) : [],
    marked,
  };
}

/**
 * The unchanged stretches to fold: every run of unmarked lines, less CONTEXT
 * lines next to each change, if it is at least MIN_FOLD long.
 * @param {Kind[]} kinds
 * @returns {[number, number][]}
 */
function foldsOf(kinds) {
  /** @type {[number, number][]} */
  const out = [];
  let i = 0;
  while (i < kinds.length) {
    if (kinds[i] !== ' ') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < kinds.length && kinds[j + 1] === ' ') j++;
    // Lines i..j (0-based) are unchanged; keep context next to changes.
    const from = i === 0 ? i : i + CONTEXT;
    const to = j === kinds.length - 1 ? j : j - CONTEXT;
    if (to - from + 1 >= MIN_FOLD) out.push([from + 1, to + 1]);
    i = j + 1;
  }
  return out;
}

/**
 * The same marks in the lines of the code that runs, for the editor: added
 * lines, removed lines (shown before run line `before`, or after the last line
 * when `before` is past the end) and folds.
 * @param {DiffView} view
 * @returns {EditorMarks}
 */
export function editorMarks(view) {
  const lines = view.display.split('\n');
  /** @type {number[]} */
  const runLineOf = [];
  const added = [];
  const removed = [];
  let runLine = 0;
  for (let i = 0; i < view.kinds.length; i++) {
    if (view.kinds[i] === '-') {
      runLineOf.push(runLine + 1);
      removed.push({ before: runLine + 1, text: lines[i] });
    } else {
      runLine++;
      runLineOf.push(runLine);
      if (view.kinds[i] === '+') added.push(runLine);
    }
  }
  /** @type {[number, number][]} */
  const folds = view.folds.map(([a, b]) => [runLineOf[a - 1], runLineOf[b - 1]]);
  return { added, removed, folds };
}

/**
 * @typedef {{ type: 'element', tagName: string, properties: Record<string, unknown>, children: HNode[] } | { type: 'text', value: string }} HNode
 */

/**
 * Marks lines and folds stretches in Shiki's HTML. Text that is shown but not
 * part of the code (a removed line, a fold's summary) carries data-not-code, so
 * a click on the code can be mapped to the code the editor holds.
 * @param {Kind[]} kinds
 * @param {[number, number][]} folds
 */
function markHast(kinds, folds) {
  return {
    name: 'micrograd:diff',
    /** @param {any} pre */
    pre(pre) {
      if (kinds.some((k) => k !== ' ')) addClass(pre, 'has-diff');
    },
    /** @param {any} node @param {number} line */
    line(node, line) {
      const kind = kinds[line - 1];
      if (kind === '+') {
        addClass(node, 'diff');
        addClass(node, 'add');
      } else if (kind === '-') {
        addClass(node, 'diff');
        addClass(node, 'remove');
        node.properties['data-not-code'] = '';
      }
    },
    /** @param {any} code */
    code(code) {
      /** @type {HNode[]} */
      const kids = code.children;
      /** @type {any[]} */
      const lineEls = kids.filter((k) => k.type === 'element');
      // A removed line's newline is not in the code either: it is marked as such (and stays
      // outside the line, so the line breaks where it should).
      /** @param {number} at */
      const notCode = (at) => {
        const nl = kids[at];
        if (nl && nl.type === 'text' && nl.value === '\n') {
          kids[at] = { type: 'element', tagName: 'span', properties: { 'data-not-code': '' }, children: [nl] };
          return true;
        }
        return false;
      };
      for (let i = 0; i < lineEls.length; i++) {
        if (kinds[i] !== '-') continue;
        const at = kids.indexOf(lineEls[i]);
        // The last line gives up the newline before it instead.
        if (!notCode(at + 1) && at > 0) notCode(at - 1);
      }
      for (const [a, b] of [...folds].reverse()) {
        const first = kids.indexOf(lineEls[a - 1]);
        let last = kids.indexOf(lineEls[b - 1]);
        // The newline after the stretch goes inside it, so a closed fold leaves no empty line.
        if (kids[last + 1]?.type === 'text') last++;
        const body = kids.slice(first, last + 1);
        /** @type {HNode} */
        const details = {
          type: 'element',
          tagName: 'details',
          properties: { className: ['code-fold'] },
          children: [
            {
              type: 'element',
              tagName: 'summary',
              properties: { 'data-not-code': '' },
              children: [{ type: 'text', value: foldLabel(b - a + 1) }],
            },
            ...body,
          ],
        };
        kids.splice(first, last - first + 1, details);
      }
    },
  };
}

/** @param {any} node @param {string} name */
function addClass(node, name) {
  const props = (node.properties ??= {});
  const cls = props.class ?? props.className;
  const list = Array.isArray(cls) ? cls : typeof cls === 'string' ? cls.split(/\s+/).filter(Boolean) : [];
  if (!list.includes(name)) list.push(name);
  delete props.class;
  props.className = list;
}

/**
 * The transformer for a cell's highlighted code (CellFrame.astro), given the
 * cell's view: Shiki highlights `view.display`.
 * @param {Pick<DiffView, 'kinds' | 'folds'>} view
 */
export function cellDiffTransformer(view) {
  return markHast(view.kinds, view.folds);
}

/**
 * For Markdown's static code blocks (astro.config.mjs): the notation comments
 * are taken out and their lines marked. No folding: static code is short.
 */
export function staticDiffTransformer() {
  /** @type {Kind[]} */
  let kinds = [];
  /** @type {ReturnType<typeof markHast> | null} */
  let marks = null;
  return {
    name: 'micrograd:static-diff',
    /** @param {string} code */
    preprocess(code) {
      const view = parseDiff(code);
      kinds = view.kinds;
      marks = view.marked ? markHast(kinds, []) : null;
      return view.marked ? view.display : code;
    },
    /** @param {any} pre */
    pre(pre) {
      marks?.pre(pre);
    },
    /** @param {any} node @param {number} line */
    line(node, line) {
      marks?.line(node, line);
    },
    /** @param {any} code */
    code(code) {
      marks?.code(code);
    },
  };
}
