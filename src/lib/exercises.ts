// A lesson's exercises (its exercise cells, and widgets that are exercises), read from its MDX source at build time,
// numbered and named as the remark plugin (src/remark/cells.mjs) numbers and
// names cells: every ```ts cell block counts, in page order, and its id comes
// from lib/cell-ids.ts. The chapter sidebar and list need the exercises to
// tell when all of a chapter's exercises are passed.

import { parseMeta } from '../remark/cells.mjs';
import { cellIds } from './cell-ids.ts';
import type { ExerciseKey } from '../runtime/storage.ts';
import { WIDGET_EXERCISES } from '../widgets/progress.ts';

const TS = new Set(['ts', 'typescript', 'js', 'javascript']);
const FENCE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

interface Found {
  code: string;
  id?: string;
  exercise: boolean;
}

export function exerciseCells(body: string): ExerciseKey[] {
  const cells: Found[] = [];
  let open: { ch: string; len: number; cell: Found | null; lines: string[] } | null = null;
  for (const line of body.split('\n')) {
    const m = FENCE.exec(line);
    if (open) {
      // A closing fence: the same character, at least as long, nothing after it.
      if (m && m[1][0] === open.ch && m[1].length >= open.len && !m[2] && !m[3].trim()) {
        if (open.cell) open.cell.code = open.lines.join('\n').replace(/\s+$/, '');
        open = null;
      } else open.lines.push(line.replace(/^ {0,3}/, ''));
      continue;
    }
    if (!m) continue;
    const meta = parseMeta(m[3]);
    let cell: Found | null = null;
    if (TS.has(m[2]) && meta.cell) {
      cell = { code: '', exercise: meta.exercise === true, ...(typeof meta.id === 'string' ? { id: meta.id } : {}) };
      cells.push(cell);
    }
    open = { ch: m[1][0], len: m[1].length, cell, lines: [] };
  }
  const ids = cellIds(cells);
  const out = cells.flatMap((c, i) => (c.exercise ? [{ n: i + 1, id: ids[i] }] : []));
  // Widgets that are exercises count too (they have no cell number: n is 0).
  for (const [name, id] of Object.entries(WIDGET_EXERCISES)) {
    if (new RegExp(`^\\s*<${name}[\\s/>]`, 'm').test(body)) out.push({ n: 0, id });
  }
  return out;
}
