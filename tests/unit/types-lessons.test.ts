// Every lesson's cells type-check in the editor's TypeScript environment, each
// after the cells above it and with the lesson's hidden globals hidden: the
// reader sees no red underline in the author's code unless the cell is meant
// to show an error (meta word `error`) or a type error (`typeerror`). Exercises are checked with their solution, and the check
// block after it, as the notebook runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseMeta } from '../../src/remark/cells.mjs';
import { parseDiff } from '../../src/remark/diff-view.mjs';
import { lintsOf } from './helpers/cell-types.ts';

const dir = new URL('../../content/lessons/', import.meta.url);

interface Block {
  code: string;
  what: string;
  /** An exercise's starting code, or a cell that shows a runtime error. */
  mayFail: boolean;
  /** Meta word `typeerror`: the lesson shows what TypeScript says to this cell. */
  typeError?: boolean;
}

function blocksOf(mdx: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^```(?:ts|typescript) ([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  let cellNo = 0;
  for (const m of mdx.matchAll(fence)) {
    const meta = parseMeta(m[1]);
    // What the cell runs: without the lines a diff marks as removed (// [!code --]).
    const code = parseDiff(m[2].replace(/\s+$/, '')).run;
    if (meta.cell) {
      cellNo++;
      blocks.push({
        code,
        what: `cell ${cellNo}`,
        mayFail: meta.error === true || meta.exercise === true,
        typeError: meta.typeerror === true,
      });
    } else if (meta.solution) {
      // The solution takes the exercise's place.
      blocks[blocks.length - 1] = { code, what: `the solution of cell ${cellNo}`, mayFail: false };
    } else if (meta.check) {
      blocks.push({ code, what: `the check of cell ${cellNo}`, mayFail: false });
    }
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
