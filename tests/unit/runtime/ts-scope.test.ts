import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeScope, globalsHeader, toCell } from '../../../src/runtime/ts-scope.ts';
import { lintsOf } from '../helpers/cell-types.ts';

const messages = (cells: string[], index: number, hide: string[] = []) => lintsOf(cells, index, hide).map((l) => l.message);

test('a cell is checked after the cells above it, and its own code sits at the offset', () => {
  const cells = ['const a = 1;', 'const b = a + 1;', 'console.log(b * 3)'];
  const s = composeScope(cells, 1, []);
  assert.equal(s.text.slice(s.offset, s.offset + s.length), cells[1]);
  assert.ok(s.text.indexOf(cells[0]) < s.offset, 'cell 1 comes before');
  assert.ok(!s.text.includes(cells[2]), 'cell 3 is not seen by cell 2');
});

test('the hidden globals are not imported', () => {
  assert.match(globalsHeader([]), /import \{ Value, Neuron, Layer, MLP, trace \}/);
  assert.match(globalsHeader([]), /import \{ draw, plot, assert, checkNumber, timeit \}/);
  const hidden = globalsHeader(['Value', 'draw']);
  assert.doesNotMatch(hidden, /\bValue\b/);
  assert.doesNotMatch(hidden, /\bdraw\b/);
  assert.match(hidden, /Neuron/);
});

test('spans in the cells above are dropped, spans past the end move to the end', () => {
  const s = composeScope(['x', 'yy'], 1, []);
  assert.equal(toCell(s, s.offset - 3, s.offset - 1), null);
  assert.deepEqual(toCell(s, s.offset + 1, s.offset + 2), { from: 1, to: 2 });
  assert.deepEqual(toCell(s, s.offset + 10, s.offset + 12), { from: 2, to: 2 });
});

test('a later cell redefines a class, const and function without duplicate errors, and sees the new members', () => {
  const cells = [
    'class Value { data = 1 }\nconst k = 1;\nfunction f() { return 1; }',
    "class Value { data = 1; fresh = 'new' }\nconst k = 'two';\nfunction f() { return 'two'; }",
    'const s: string = new Value().fresh + k + f();',
  ];
  assert.deepEqual(messages(cells, 1), []);
  assert.deepEqual(messages(cells, 2), []);
  // Cell 1 knows nothing of cell 2's field.
  assert.deepEqual(messages([...cells.slice(0, 1), 'new Value().fresh'], 1), ["Property 'fresh' does not exist on type 'Value'."]);
});

test("the engine's globals are typed from the engine, and hiding Value hides its type", () => {
  assert.deepEqual(messages(['const o = new Value(1).mul(2).tanh();\nconst d: number = o.data;\ndraw(o);\nassert(d > 0);'], 0), []);
  assert.deepEqual(messages(['const s: string = new Value(1).mul(2);'], 0), ["Type 'Value' is not assignable to type 'string'."]);
  assert.deepEqual(messages(['new Value(1)'], 0, ['Value']), ["Cannot find name 'Value'."]);
  assert.deepEqual(messages(['new MLP(2, [3, 1]).parameters().length'], 0, ['Value']), []);
});

test("the lecture's slip: storing the call instead of the function", () => {
  const code =
    'class V {\n  _backward: () => void = () => {};\n  make(): V {\n    const out = new V();\n    const backward = () => {};\n    out._backward = backward();\n    return out;\n  }\n}';
  const lints = lintsOf([code], 0);
  assert.deepEqual(
    lints.map((l) => l.message),
    ["Type 'void' is not assignable to type '() => void'."],
  );
  assert.equal(code.slice(lints[0].from, lints[0].to), 'out._backward');
});

test('top-level await and the worker globals a cell may use', () => {
  assert.deepEqual(messages(['await new Promise((r) => setTimeout(r, 1));\nconsole.log(performance.now());'], 0), []);
});

test('a missing brace is reported inside the cell, not in the code after it', () => {
  const lints = lintsOf(['function f() {'], 0);
  assert.equal(lints.length, 1);
  assert.match(lints[0].message, /'}' expected/);
  assert.ok(lints[0].to <= 'function f() {'.length);
});
