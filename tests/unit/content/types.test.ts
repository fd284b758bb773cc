// Every lesson's cells type-check in the editor's TypeScript environment, each
// after the cells above it and with the lesson's hidden globals hidden: the
// reader sees no red underline in the author's code unless the cell is meant
// to show an error (meta word `error`) or a type error (`typeerror`). Exercises are checked with their solution, and the check
// block after it, as the notebook runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseLesson } from '../../../src/lessons/parse.ts';
import { lintsOf } from '../helpers/cell-types.ts';

const dir = new URL('../../../content/lessons/', import.meta.url);

interface Block {
  code: string;
  what: string;
  /** An exercise's starting code, or a cell that shows a runtime error. */
  mayFail: boolean;
  /** Meta word `typeerror`: the lesson shows what TypeScript says to this cell. */
  typeError?: boolean;
}

/** Cells in page order, each exercise's solution in its place, and its check after it. */
function blocksOf(mdx: string): Block[] {
  const blocks: Block[] = [];
  for (const cell of parseLesson(mdx).cells) {
    if (cell.solution !== undefined) {
      blocks.push({ code: cell.solution, what: `the solution of cell ${cell.n}`, mayFail: false });
    } else {
      blocks.push({ code: cell.code, what: `cell ${cell.n}`, mayFail: cell.error || cell.exercise, typeError: cell.typeerror });
    }
    if (cell.check !== undefined) blocks.push({ code: cell.check, what: `the check of cell ${cell.n}`, mayFail: false });
  }
  return blocks;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .sort()) {
  test(`${file}: the author's cells, solutions and checks type-check`, () => {
    const mdx = readFileSync(new URL(file, dir), 'utf8');
    const front = parseYaml(mdx.split(/^---$/m)[1]) as { cells?: { hide?: string[] } };
    const hide = front.cells?.hide ?? [];
    const blocks = blocksOf(mdx);
    const codes = blocks.map((b) => b.code);
    const found: string[] = [];
    blocks.forEach((b, i) => {
      if (b.mayFail) return;
      const lints = lintsOf(codes, i, hide);
      if (b.typeError) {
        if (lints.length === 0) found.push(`${b.what} is marked typeerror but TypeScript finds nothing in it`);
        return;
      }
      for (const l of lints) {
        const line = b.code.slice(0, l.from).split('\n').length;
        found.push(`${b.what}, line ${line}: ${l.message}`);
      }
    });
    assert.deepEqual(found, []);
  });
}
