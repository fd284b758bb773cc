// Changes shown, not pasted: a class that an earlier cell (in this chapter or
// an earlier one) already showed in full appears again only with its changes
// marked (// [!code ++] or // [!code --], src/lessons/diff-marks.mjs), so a
// reader never has to hunt for the one changed line in a 70-line copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CODE_LANGS, parseLesson } from '../../../src/lessons/parse.ts';

const dir = new URL('../../../content/lessons/', import.meta.url);
/** The TypeScript blocks of a lesson that define a class, with the class's name. */
function classBlocks(text: string): { name: string; marked: boolean; code: string }[] {
  const out: { name: string; marked: boolean; code: string }[] = [];
  const lesson = parseLesson(text);
  const shown = [
    ...lesson.cells.map((c) => ({ code: c.source, diff: c.diff })),
    ...lesson.blocks.filter((b) => CODE_LANGS.has(b.lang)).map((b) => ({ code: b.code, diff: false })),
  ];
  for (const { code, diff } of shown) {
    // Marked changes, a `diff` cell (which folds what is unchanged, all of it if nothing is marked),
    // or a block that leaves the old parts out (// … chapter 8's …) all show the change, not a copy.
    const marked = /\/\/ \[!code (\+\+|--)\]/.test(code) || diff || /\/\/ …/.test(code);
    for (const c of code.matchAll(/^\s*class (\w+)\b/gm)) out.push({ name: c[1], marked, code });
  }
  return out;
}

test('no class body is shown in full twice: every later copy marks what changed', () => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort();
  assert.ok(files.length >= 10);
  for (const file of files) {
    for (const block of classBlocks(readFileSync(new URL(file, dir), 'utf8'))) {
      // Short classes (a few lines) are read at a glance; the rule is for bodies worth folding.
      if (block.code.split('\n').length < 25) continue;
      const first = seen.get(block.name);
      if (first && !block.marked) problems.push(`${file}: class ${block.name} again in full (first in ${first}), with no change marked`);
      if (!first) seen.set(block.name, file);
    }
  }
  assert.deepEqual(problems, []);
});
