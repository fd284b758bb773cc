// @ts-check
// remark plugin: a fenced block whose meta has the word `cell` becomes a
// <Cell> element (mapped to src/widgets/CellFrame.astro by the lesson page),
// numbered in page order. Meta words: `exercise`, `error` (the cell is meant
// to show an error), `title="…"`, `timeout=10` (seconds), `id=name` (the
// cell's stable name, lib/cell-ids.ts; derived from its code when not given),
// `diff` (fold the lines left unchanged around the marked ones: ./diff-view.mjs). A following
// ```ts solution block and ```ts check block belong to the exercise cell
// before them and are not shown on their own. A ```text output block (what
// the cell above prints, for reading without running it) is marked as such:
// a figure captioned "Expected output of the cell above".
// Only MDX files can hold the element; other Markdown is left alone.

import { GRAPH_STAGES } from '../runtime/graph/stages.ts';
import { CELL_ID, cellIds } from '../lib/cell-ids.ts';
import { parseDiff, editorMarks } from './diff-view.mjs';

/**
 * @typedef {{ type: string, lang?: string | null, meta?: string | null, value?: string, children?: Node[] }} Node
 * @typedef {{ type: 'mdxJsxAttribute', name: string, value: string }} Attr
 */

/**
 * Words and key="value" pairs of a fence's meta string.
 * @param {string | null | undefined} meta
 */
export function parseMeta(meta) {
  /** @type {Record<string, string | true>} */
  const out = {};
  const re = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;
  let m;
  while ((m = re.exec(meta ?? '')) !== null) {
    out[m[1]] = m[2] ?? m[3] ?? m[4] ?? true;
  }
  return out;
}

const TS = new Set(['ts', 'typescript', 'js', 'javascript']);

// The fence words an author may write on a TypeScript block, and what each takes.
// `typeerror` marks a cell whose point is what TypeScript says to it (tests/unit/types-lessons.test.ts reads it).
const FLAGS = ['cell', 'exercise', 'error', 'typeerror', 'diff', 'solution', 'check'];
const KEYS = ['title', 'timeout', 'id'];
/** @type {Record<string, string>} */
const EXAMPLES = { title: 'title="Base case"', timeout: 'timeout=10', id: 'id=nudge-both-ways' };
const ONLY_ON_CELLS = ['exercise', 'error', 'typeerror', 'diff', 'title', 'timeout', 'id'];
const WORDS = 'cell, exercise, error, typeerror, diff, title="…", timeout=N, id=name, solution or check';

/**
 * A misspelt or misused fence word fails the build, naming the file, the line and the word.
 * @param {Record<string, string | true>} meta
 * @param {string} where  "file:line"
 */
export function checkMeta(meta, where) {
  for (const [word, value] of Object.entries(meta)) {
    if (FLAGS.includes(word)) {
      if (value !== true)
        throw new Error(`${where}: the fence word "${word}" takes no value (got ${word}=${value}); the words are ${WORDS}`);
    } else if (KEYS.includes(word)) {
      if (value === true) throw new Error(`${where}: the fence word "${word}" needs a value, as in ${EXAMPLES[word]}`);
    } else {
      throw new Error(`${where}: unknown fence word "${word}"; the words are ${WORDS}`);
    }
  }
  if (typeof meta.timeout === 'string') {
    const t = Number(meta.timeout);
    if (!/^\d+(\.\d+)?$/.test(meta.timeout) || !(t > 0 && t <= 60)) {
      throw new Error(`${where}: timeout=${meta.timeout}: the time limit is a number of seconds, more than 0 and at most 60`);
    }
  }
  if (typeof meta.id === 'string' && !CELL_ID.test(meta.id)) {
    throw new Error(`${where}: id=${meta.id}: a cell id is lowercase letters, digits and single hyphens, as in id=nudge-both-ways`);
  }
  if (!meta.cell) {
    const stray = ONLY_ON_CELLS.find((w) => w in meta);
    if (stray) throw new Error(`${where}: the fence word "${stray}" belongs on a \`\`\`ts cell block`);
  }
  const roles = ['cell', 'solution', 'check'].filter((w) => w in meta);
  if (roles.length > 1) throw new Error(`${where}: a block is one of cell, solution or check, not ${roles.join(' and ')}`);
}

/** What `<GraphView stage="…">` may say. */
const STAGES = /** @type {readonly string[]} */ (GRAPH_STAGES);

/**
 * A misspelt stage fails the build here, where the file and line are known.
 * @param {Node & { name?: string, attributes?: { name: string, value: unknown }[], position?: { start: { line: number } } }} node
 * @param {string} path
 */
function checkStage(node, path) {
  if (node.type !== 'mdxJsxFlowElement' || node.name !== 'GraphView') return;
  const stage = node.attributes?.find((a) => a.name === 'stage')?.value;
  if (stage === undefined || STAGES.includes(/** @type {string} */ (stage))) return;
  const where = `${path}${node.position ? `:${node.position.start.line}` : ''}`;
  throw new Error(
    `${where}: <GraphView stage="${String(stage)}">: unknown graph stage; use one of ${STAGES.map((s) => `"${s}"`).join(', ')}`,
  );
}

export default function remarkCells() {
  /**
   * @param {Node} tree
   * @param {{ path?: string, history?: string[] }} file
   */
  return (tree, file) => {
    const path = file.path ?? file.history?.[0] ?? '';
    if (path && !path.endsWith('.mdx')) return;
    let count = 0;
    /** Every cell of the page, to be named once all are known (explicit ids first). @type {{ el: { attributes: Attr[] }, code: string, id?: string, where: string }[]} */
    const made = [];
    /** @type {(Node & { attributes: Attr[] }) | null} */
    let lastExercise = null;
    /** @param {Node} parent */
    const walk = (parent) => {
      const kids = parent.children;
      if (!kids) return;
      for (let i = 0; i < kids.length; i++) {
        const node = kids[i];
        if (node.type === 'code' && TS.has(node.lang ?? '')) {
          const meta = parseMeta(node.meta ?? '');
          const at = /** @type {{ position?: { start: { line: number } } }} */ (node).position;
          checkMeta(meta, `${path}${at ? `:${at.start.line}` : ''}`);
          if (meta.cell) {
            count++;
            // Lines marked `// [!code --]` are shown but do not run; `diff` folds the unchanged ones.
            const view = parseDiff((node.value ?? '').replace(/\s+$/, ''), { fold: meta.diff === true });
            /** @type {Attr[]} */
            const attributes = [attr('n', String(count)), attr('code', view.run.replace(/\s+$/, ''))];
            if (view.marked || view.folds.length > 0) {
              attributes.push(attr('display', view.display));
              attributes.push(attr('diff', JSON.stringify({ kinds: view.kinds.join(''), folds: view.folds })));
              attributes.push(attr('marks', JSON.stringify(editorMarks(view))));
            }
            if (typeof meta.title === 'string') attributes.push(attr('title', meta.title));
            if (meta.exercise) attributes.push(attr('exercise', 'true'));
            if (meta.error) attributes.push(attr('error', 'true'));
            if (typeof meta.timeout === 'string') attributes.push(attr('timeout', meta.timeout));
            const el = { type: 'mdxJsxFlowElement', name: 'Cell', attributes, children: [] };
            made.push({
              el,
              code: node.value ?? '',
              ...(typeof meta.id === 'string' ? { id: meta.id } : {}),
              where: `${path}${at ? `:${at.start.line}` : ''}`,
            });
            kids[i] = el;
            lastExercise = meta.exercise ? el : null;
            continue;
          }
          if ((meta.solution || meta.check) && lastExercise) {
            lastExercise.attributes.push(attr(meta.solution ? 'solution' : 'check', parseDiff(node.value ?? '').run.replace(/\s+$/, '')));
            kids.splice(i, 1);
            i--;
            continue;
          }
          if (meta.solution || meta.check) {
            throw new Error(`${path}: a \`\`\`ts ${meta.solution ? 'solution' : 'check'} block must follow a \`\`\`ts cell exercise block`);
          }
        } else if (node.type === 'code' && node.lang === 'text' && parseMeta(node.meta ?? '').output) {
          kids[i] = expectedOutput(node);
        } else {
          checkStage(node, path);
          if (node.children) walk(node);
        }
      }
    };
    walk(tree);
    const ids = cellIds(made, (i) => made[i].where);
    made.forEach((m, i) => m.el.attributes.push(attr('id', ids[i])));
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
