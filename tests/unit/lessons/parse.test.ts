// The one lesson parser (src/lessons/parse.ts) on a small MDX file: cells in
// page order with their fence words, an exercise's solution and check, cells
// inside a component's children, fences shown inside other fences left alone,
// widgets with their attributes, and mistakes named by the file's own line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLesson } from '../../../src/lessons/parse.ts';

const mdx = [
  '---', // 1
  'title: "A < B {x}"', // 2: frontmatter is not MDX
  '---', // 3
  '# Nudges', // 4
  '', // 5
  '```ts cell predict title="First" timeout=5', // 6
  'const a = 1;', // 7
  '```', // 8
  '', // 9
  '<Aside>', // 10
  '', // 11
  '```ts cell exercise id=fix-it', // 12
  'let b = 0; // [!code ++]', // 13
  'let c = 0; // [!code --]', // 14
  '```', // 15
  '', // 16
  '</Aside>', // 17
  '', // 18
  '```ts solution', // 19
  'let b = 2;', // 20
  '```', // 21
  '', // 22
  '```ts check', // 23
  "assert(b === 2, 'b is 2');", // 24
  '```', // 25
  '', // 26
  '````md', // 27
  '```ts cell', // 28
  'shown, not a cell', // 29
  '```', // 30
  '````', // 31
  '', // 32
  '<GraphView example="L" stage="calls" />', // 33
  '', // 34
  '```text output', // 35
  '1', // 36
  '```', // 37
].join('\n');

test('cells come in page order, with their words, what they run, and their solution and check', () => {
  const lesson = parseLesson(mdx, 'x.mdx');
  assert.equal(lesson.cells.length, 2);
  const [first, second] = lesson.cells;
  assert.deepEqual(
    {
      n: first.n,
      id: first.id,
      title: first.title,
      timeout: first.timeout,
      exercise: first.exercise,
      predict: first.predict,
      where: first.where,
    },
    { n: 1, id: 'const-a-1', title: 'First', timeout: 5, exercise: false, predict: true, where: 'x.mdx:6' },
  );
  assert.equal(second.n, 2);
  assert.equal(second.id, 'fix-it');
  assert.equal(second.exercise, true);
  assert.equal(second.predict, false);
  assert.equal(second.code, 'let b = 0;', 'a line marked removed does not run; marks are not code');
  assert.equal(second.solution, 'let b = 2;');
  assert.equal(second.check, "assert(b === 2, 'b is 2');");
  assert.equal(second.attached.length, 2);
});

test('other blocks and widgets are listed; a fence inside a fence is text', () => {
  const lesson = parseLesson(mdx, 'x.mdx');
  assert.deepEqual(
    lesson.blocks.map((b) => [b.lang, b.where]),
    [
      ['md', 'x.mdx:27'],
      ['text', 'x.mdx:35'],
    ],
  );
  assert.equal(lesson.blocks[1].meta.output, true);
  assert.deepEqual(
    lesson.widgets.map((w) => [w.name, w.attributes]),
    [
      ['Aside', {}],
      ['GraphView', { example: 'L', stage: 'calls' }],
    ],
  );
});

test("an author's mistake names the file's line", () => {
  assert.throws(
    () => parseLesson(mdx.replace('ts cell exercise', 'ts cell exercize'), 'x.mdx'),
    /^Error: x\.mdx:12: unknown fence word "exercize"/,
  );
  assert.throws(
    () => parseLesson(mdx.replace('stage="calls"', 'stage="cals"'), 'x.mdx'),
    /x\.mdx:33: <GraphView stage="cals">: unknown graph stage/,
  );
  assert.throws(() => parseLesson('```ts check\nx\n```\n', 'y.mdx'), /a ```ts check block must follow a ```ts cell exercise block/);
});
