// A lesson as the site reads it: its cells (numbered and named in page
// order, with their fence words, the code they run, and an exercise's
// solution and check), its other code blocks and its widgets. One parser for
// everyone who reads lessons: the remark plugin that builds the page
// (src/remark/cells.mjs), the chapter lists' exercises (./exercises.ts),
// the build's check that the engine is taught (scripts/check-taught.mjs) and
// the tests. It reads the markdown tree remark makes (remark-parse with MDX,
// GFM and math, as the site's pipeline), so a fence means here what it means
// on the page. An author's mistake in a fence word throws, naming file and line.

import type { Code, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { GRAPH_STAGES } from '../runtime/graph/stages.ts';
import { CELL_ID, cellIds } from '../lib/cell-ids.ts';
import { parseDiff } from './diff-marks.mjs';

/** Fence languages that hold code a cell can run. */
export const CODE_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'js', 'javascript']);

/**
 * The fence words an author may write on a TypeScript block. Flags take no
 * value; keys need one. `typeerror` marks a cell whose point is what
 * TypeScript says to it (tests/unit/content/types.test.ts reads it).
 */
export const FENCE_FLAGS = ['cell', 'exercise', 'error', 'typeerror', 'diff', 'predict', 'solution', 'check'] as const;
export const FENCE_KEYS = ['title', 'timeout', 'id'] as const;
const EXAMPLES: Record<(typeof FENCE_KEYS)[number], string> = {
  title: 'title="Base case"',
  timeout: 'timeout=10',
  id: 'id=nudge-both-ways',
};
const ONLY_ON_CELLS = ['exercise', 'error', 'typeerror', 'diff', 'predict', 'title', 'timeout', 'id'];
const WORDS = 'cell, exercise, error, typeerror, diff, predict, title="…", timeout=N, id=name, solution or check';

export type FenceMeta = Record<string, string | true>;

/** Words and key="value" pairs of a fence's meta string. */
export function parseMeta(meta: string | null | undefined): FenceMeta {
  const out: FenceMeta = {};
  const re = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;
  let m;
  while ((m = re.exec(meta ?? '')) !== null) out[m[1]] = m[2] ?? m[3] ?? m[4] ?? true;
  return out;
}

/** A misspelt or misused fence word throws, naming `where` ("file:line") and the word. */
export function checkMeta(meta: FenceMeta, where: string): void {
  for (const [word, value] of Object.entries(meta)) {
    if ((FENCE_FLAGS as readonly string[]).includes(word)) {
      if (value !== true)
        throw new Error(`${where}: the fence word "${word}" takes no value (got ${word}=${value}); the words are ${WORDS}`);
    } else if ((FENCE_KEYS as readonly string[]).includes(word)) {
      if (value === true)
        throw new Error(`${where}: the fence word "${word}" needs a value, as in ${EXAMPLES[word as keyof typeof EXAMPLES]}`);
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

export interface LessonCell {
  /** Its number on the page, from 1. */
  n: number;
  /** Its stable name (src/lib/cell-ids.ts). */
  id: string;
  /** "file:line", for messages. */
  where: string;
  /** The fence's text as written, with any diff marks. */
  source: string;
  /** What it runs: lines marked removed left out, trailing space trimmed. */
  code: string;
  title?: string;
  /** Seconds. */
  timeout?: number;
  exercise: boolean;
  /** It is meant to show an error: the later cells still run. */
  error: boolean;
  /** Its point is what TypeScript says to it. */
  typeerror: boolean;
  /** Fold the unchanged lines around the marked ones. */
  diff: boolean;
  /** The reader is asked what it will print before it runs. */
  predict: boolean;
  /** An exercise's solution and check, as they run. */
  solution?: string;
  check?: string;
  /** The tree's nodes: the cell's fence, and the solution and check fences that belong to it. */
  node: Code;
  attached: Code[];
}

/** A fenced block of code that is not a cell, a solution or a check. */
export interface LessonBlock {
  lang: string;
  meta: FenceMeta;
  code: string;
  where: string;
  node: Code;
}

/** A component placed in the lesson, with its literal attributes. */
export interface LessonWidget {
  name: string;
  attributes: Record<string, string | true>;
  where: string;
}

export interface Lesson {
  cells: LessonCell[];
  /** Every other fenced block, in page order (```text output blocks among them). */
  blocks: LessonBlock[];
  widgets: LessonWidget[];
}

type Node = Root | RootContent;

/** The lesson in a tree remark made (the remark plugin's case); throws on an author's mistake. */
export function lessonFromTree(tree: Root, path = ''): Lesson {
  const cells: Omit<LessonCell, 'id'>[] = [];
  const blocks: LessonBlock[] = [];
  const widgets: LessonWidget[] = [];
  let lastExercise: Omit<LessonCell, 'id'> | null = null;
  const whereOf = (node: Node): string => `${path}${node.position ? `:${node.position.start.line}` : ''}`;

  const visit = (node: Node): void => {
    if (node.type === 'code') {
      const where = whereOf(node);
      const meta = parseMeta(node.meta);
      const lang = node.lang ?? '';
      if (!CODE_LANGS.has(lang)) {
        blocks.push({ lang, meta, code: node.value, where, node });
        return;
      }
      checkMeta(meta, where);
      if (meta.cell) {
        const cell: Omit<LessonCell, 'id'> = {
          n: cells.length + 1,
          where,
          source: node.value,
          code: trimEnd(parseDiff(trimEnd(node.value)).run),
          exercise: meta.exercise === true,
          error: meta.error === true,
          typeerror: meta.typeerror === true,
          diff: meta.diff === true,
          predict: meta.predict === true,
          node,
          attached: [],
          ...(typeof meta.title === 'string' ? { title: meta.title } : {}),
          ...(typeof meta.timeout === 'string' ? { timeout: Number(meta.timeout) } : {}),
          ...(typeof meta.id === 'string' ? { explicitId: meta.id } : {}),
        };
        cells.push(cell);
        lastExercise = cell.exercise ? cell : null;
      } else if (meta.solution || meta.check) {
        const role = meta.solution ? 'solution' : 'check';
        if (!lastExercise) throw new Error(`${path}: a \`\`\`ts ${role} block must follow a \`\`\`ts cell exercise block`);
        lastExercise[role] = trimEnd(parseDiff(node.value).run);
        lastExercise.attached.push(node);
      } else {
        blocks.push({ lang, meta, code: node.value, where, node });
      }
      return;
    }
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      if (node.name && /^[A-Z]/.test(node.name)) {
        const attributes: Record<string, string | true> = {};
        for (const a of node.attributes) {
          if (a.type !== 'mdxJsxExpressionAttribute' && (typeof a.value === 'string' || a.value === null))
            attributes[a.name] = a.value ?? true;
        }
        const widget = { name: node.name, attributes, where: whereOf(node) };
        checkStage(widget);
        widgets.push(widget);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);

  const named = cells as (Omit<LessonCell, 'id'> & { explicitId?: string })[];
  const ids = cellIds(
    named.map((c) => ({ code: c.source, ...(c.explicitId !== undefined ? { id: c.explicitId } : {}) })),
    (i) => named[i].where,
  );
  return {
    cells: named.map(({ explicitId: _, ...c }, i) => ({ ...c, id: ids[i] })),
    blocks,
    widgets,
  };
}

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkMath);

/** The lesson in an MDX file's text (frontmatter, if any, is skipped; line numbers stay the file's). */
export function parseLesson(mdx: string, path = ''): Lesson {
  const body = mdx.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, (front) => front.replace(/[^\n]/g, ''));
  return lessonFromTree(processor.parse(body), path);
}

/** A misspelt `<GraphView stage>` throws here, where the file and line are known. */
function checkStage(w: LessonWidget): void {
  if (w.name !== 'GraphView') return;
  const stage = w.attributes.stage;
  if (stage === undefined || (GRAPH_STAGES as readonly unknown[]).includes(stage)) return;
  throw new Error(
    `${w.where}: <GraphView stage="${String(stage)}">: unknown graph stage; use one of ${GRAPH_STAGES.map((s) => `"${s}"`).join(', ')}`,
  );
}

function trimEnd(s: string): string {
  return s.replace(/\s+$/, '');
}
