// Which cell printed a line (issue 31, item 4): the worker reads it from the
// call stack, where each cell's code is `cell-N.js`. Checked here in V8 itself,
// with cells evaluated the way cell.worker.ts does it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callingCell, cellOfError, cellOfStack } from '../../../src/runtime/output-owner.ts';

const scope = globalThis as Record<string, unknown>;
scope.who = callingCell;
const evalCell = (n: number, js: string): unknown => (0, eval)(`${js}\n//# sourceURL=cell-${n}.js`);

test('code resumed after an await in cell 1 is cell 1, though cell 2 ran in the meantime', async () => {
  const late = evalCell(1, `(async () => { await new Promise((r) => setTimeout(r, 20)); return who(); })()`);
  assert.equal(evalCell(2, 'who()'), 2);
  assert.equal(await late, 1);
});

test("cell 2 calling cell 1's helper is cell 2, even deep in a recursion, and after an await", async () => {
  evalCell(1, 'var helper = () => who(); var deep = (n) => (n > 0 ? deep(n - 1) : who());');
  assert.equal(evalCell(2, 'helper()'), 2);
  assert.equal(evalCell(2, 'deep(50)'), 2);
  assert.equal(await evalCell(3, '(async () => { await null; return deep(50); })()'), 3);
});

test('no cell on the stack is null; an error names the cell it was thrown in', () => {
  assert.equal(callingCell(), null);
  assert.equal(cellOfStack(undefined), null);
  assert.equal(cellOfStack('Error\n    at f (cell-12.js:3:5)\n    at cell-4.js:1:1'), 4);
  let thrown: unknown;
  try {
    evalCell(7, 'null.x');
  } catch (e) {
    thrown = e;
  }
  assert.equal(cellOfError(thrown), 7);
  assert.equal(
    cellOfError({
      get stack() {
        throw new Error('no');
      },
    }),
    null,
  );
});
