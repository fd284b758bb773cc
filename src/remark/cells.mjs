// @ts-check
// remark plugin: a fenced block whose meta has the word `cell` becomes a
// <Cell> element (mapped to src/widgets/CellFrame.astro by the lesson page),
// numbered in page order (the lesson is read by src/lessons/parse.ts). Meta words: `exercise`, `error` (the cell is meant
// to show an error), `title="…"`, `timeout=10` (seconds), `id=name` (the
// cell's stable name, lib/cell-ids.ts; derived from its code when not given),
// `diff` (fold the lines left unchanged around the marked ones: src/lessons/diff-marks.mjs). A following
// ```ts solution block and ```ts check block belong to the exercise cell
// before them and are not shown on their own. A ```text output block (what
// the cell above prints, for reading without running it) is marked as such:
// a figure captioned "Expected output of the cell above".
// Only MDX files can hold the element; other Markdown is left alone.

import { lessonFromTree } from '../lessons/parse.ts';
import { parseDiff, editorMarks } from '../lessons/diff-marks.mjs';

/**
 * @typedef {{ type: string, lang?: string | null, meta?: string | null, value?: string, name?: string, attributes?: Attr[], children?: Node[] }} Node
 * @typedef {{ type: 'mdxJsxAttribute', name: string, value: string }} Attr
 */

export default function remarkCells() {
  /**
   * @param {import('mdast').Root} tree
   * @param {{ path?: string, history?: string[] }} file
   */
  return (tree, file) => {
    const path = file.path ?? file.history?.[0] ?? '';
    if (path && !path.endsWith('.mdx')) return;
    const lesson = lessonFromTree(tree, path);
    /** What each fence becomes: a Cell element, a figure, or nothing (a solution or check). @type {Map<unknown, Node | null>} */
    const replace = new Map();
    for (const cell of lesson.cells) {
      // Lines marked `// [!code --]` are shown but do not run; `diff` folds the unchanged ones.
      const view = parseDiff(cell.source.replace(/\s+$/, ''), { fold: cell.diff });
      /** @type {Attr[]} */
      const attributes = [attr('n', String(cell.n)), attr('code', cell.code)];
      if (view.marked || view.folds.length > 0) {
        attributes.push(attr('display', view.display));
        attributes.push(attr('diff', JSON.stringify({ kinds: view.kinds.join(''), folds: view.folds })));
        attributes.push(attr('marks', JSON.stringify(editorMarks(view))));
      }
      if (cell.title !== undefined) attributes.push(attr('title', cell.title));
      if (cell.exercise) attributes.push(attr('exercise', 'true'));
      if (cell.error) attributes.push(attr('error', 'true'));
      if (cell.predict) attributes.push(attr('predict', 'true'));
      if (cell.timeout !== undefined) attributes.push(attr('timeout', String(cell.timeout)));
      if (cell.solution !== undefined) attributes.push(attr('solution', cell.solution));
      if (cell.check !== undefined) attributes.push(attr('check', cell.check));
      attributes.push(attr('id', cell.id));
      replace.set(cell.node, { type: 'mdxJsxFlowElement', name: 'Cell', attributes, children: [] });
      for (const node of cell.attached) replace.set(node, null);
    }
    for (const block of lesson.blocks) {
      if (block.lang === 'text' && block.meta.output) replace.set(block.node, expectedOutput(block.node));
    }
    /** @param {Node} parent */
    const rewrite = (parent) => {
      if (!parent.children) return;
      parent.children = parent.children.flatMap((node) => {
        const to = replace.get(node);
        if (to === undefined) {
          rewrite(node);
          return [node];
        }
        return to === null ? [] : [to];
      });
    };
    rewrite(/** @type {Node} */ (/** @type {unknown} */ (tree)));
  };
}

/**
 * A printed output the lesson quotes, marked so it is not mistaken for the live one.
 * @param {Node} node
 * @returns {Node & { name: string, attributes: Attr[] }}
 */
function expectedOutput(node) {
  const caption = { type: 'paragraph', children: [{ type: 'text', value: 'Expected output of the cell above' }] };
  /** @type {Node & { name: string, attributes: Attr[] }} */
  const figcaption = { type: 'mdxJsxFlowElement', name: 'figcaption', attributes: [], children: [caption] };
  return {
    type: 'mdxJsxFlowElement',
    name: 'figure',
    attributes: [attr('class', 'expected-output')],
    children: [figcaption, { ...node, meta: null }],
  };
}

/** @param {string} name @param {string} value @returns {Attr} */
function attr(name, value) {
  return { type: 'mdxJsxAttribute', name, value };
}
