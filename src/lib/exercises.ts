// The cell numbers of a lesson's exercises, read from its MDX source at build
// time, numbered as the remark plugin (src/remark/cells.mjs) numbers cells:
// every ```ts cell block counts, in page order. The chapter sidebar and list
// need them to tell when all of a chapter's exercises are passed.

import { parseMeta } from '../remark/cells.mjs';

const TS = new Set(['ts', 'typescript', 'js', 'javascript']);
const FENCE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

export function exerciseCells(body: string): number[] {
  const out: number[] = [];
  let count = 0;
  let open: { ch: string; len: number } | null = null;
  for (const line of body.split('\n')) {
    const m = FENCE.exec(line);
    if (open) {
      // A closing fence: the same character, at least as long, nothing after it.
      if (m && m[1][0] === open.ch && m[1].length >= open.len && !m[2] && !m[3].trim()) open = null;
      continue;
    }
    if (!m) continue;
    open = { ch: m[1][0], len: m[1].length };
    const meta = parseMeta(m[3]);
    if (TS.has(m[2]) && meta.cell) {
      count++;
      if (meta.exercise) out.push(count);
    }
  }
  return out;
}
