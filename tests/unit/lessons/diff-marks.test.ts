// Changes shown, not pasted (src/lessons/diff-marks.mjs): what a cell marked with
// // [!code ++] and // [!code --] runs, shows, folds, and gives the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiff, editorMarks } from '../../../src/lessons/diff-marks.mjs';
import remarkCells from '../../../src/remark/cells.mjs';

const lines = (n: number, prefix = 'same') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

test('a removed line is shown but does not run; markers are gone from both', () => {
  const raw = ['a = 1;', 'b = 2; // [!code --]', 'b += 2; // [!code ++]', 'c = 3;'].join('\n');
  const v = parseDiff(raw);
  assert.equal(v.run, 'a = 1;\nb += 2;\nc = 3;');
  assert.equal(v.display, 'a = 1;\nb = 2;\nb += 2;\nc = 3;');
  assert.deepEqual(v.kinds, [' ', '-', '+', ' ']);
  assert.equal(v.marked, true);
  assert.deepEqual(v.folds, []);
  assert.equal(parseDiff('x = 1;').marked, false);
});

test('with fold, the unchanged stretches fold, keeping two lines next to each change', () => {
  const raw = [
    ...lines(10),
    'changed // [!code ++]',
    ...lines(10, 'tail'),
    'again // [!code ++]',
    ...lines(6, 'short'),
    'last // [!code ++]',
  ].join('\n');
  const v = parseDiff(raw, { fold: true });
  // Lines 1-8 fold (9-10 stay as context); 14-19 fold between two lines of context on each side;
  // the 6 lines between the last two changes leave only 2 once context is kept: not worth folding.
  assert.deepEqual(v.folds, [
    [1, 8],
    [14, 19],
  ]);
  assert.equal(v.run.split('\n').length, 29);
});

test('the editor gets the marks in the lines of the code that runs', () => {
  const raw = [...lines(6), 'old // [!code --]', 'new // [!code ++]', ...lines(6, 'after')].join('\n');
  const v = parseDiff(raw, { fold: true });
  assert.deepEqual(v.folds, [
    [1, 4],
    [11, 14],
  ]);
  const m = editorMarks(v);
  assert.deepEqual(m.added, [7]);
  assert.deepEqual(m.removed, [{ before: 7, text: 'old' }]);
  // Display lines 11-14 are run lines 10-13.
  assert.deepEqual(m.folds, [
    [1, 4],
    [10, 13],
  ]);
});

type Node = {
  type: string;
  lang?: string;
  meta?: string;
  value?: string;
  name?: string;
  attributes?: { name: string; value: string }[];
  children?: Node[];
};

test('the remark plugin gives a diff cell its run code, display and marks; an unchanged one folds whole', () => {
  const tree: Node = {
    type: 'root',
    children: [{ type: 'code', lang: 'ts', meta: 'cell diff', value: [...lines(8), 'x // [!code ++]'].join('\n') }],
  };
  remarkCells()(tree as never, { path: 'lesson.mdx' });
  const attrs = Object.fromEntries(tree.children![0].attributes!.map((a) => [a.name, a.value]));
  assert.equal(attrs.code, [...lines(8), 'x'].join('\n'));
  assert.equal(attrs.display, attrs.code);
  assert.deepEqual(JSON.parse(attrs.diff), { kinds: '        +', folds: [[1, 6]] });
  assert.deepEqual(JSON.parse(attrs.marks), { added: [9], removed: [], folds: [[1, 6]] });
  const same: Node = { type: 'root', children: [{ type: 'code', lang: 'ts', meta: 'cell diff', value: lines(6).join('\n') }] };
  remarkCells()(same as never, { path: 'lesson.mdx' });
  const folded = Object.fromEntries(same.children![0].attributes!.map((a) => [a.name, a.value]));
  assert.deepEqual(JSON.parse(folded.diff), { kinds: '      ', folds: [[1, 6]] });
  // Without `diff`, an unmarked cell is plain.
  const plain: Node = { type: 'root', children: [{ type: 'code', lang: 'ts', meta: 'cell', value: lines(6).join('\n') }] };
  remarkCells()(plain as never, { path: 'lesson.mdx' });
  assert.deepEqual(
    plain.children![0].attributes!.map((a) => a.name),
    ['n', 'code', 'id'],
  );
});
