// A reader's closure is shown as they wrote it, from the cell that defined it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../../../src/runtime/compile.ts';
import { findClosure } from '../../../../src/runtime/graph/closure-source.ts';

test("a closure defined in a cell is found there, with the cell's own lines (types kept)", () => {
  const code = [
    'class V {',
    '  grad = 0;',
    '  _backward: () => void = () => {};',
    '  constructor(public data: number) {}',
    '  tanh(): V {',
    '    const t: number = Math.tanh(this.data);',
    '    const out = new V(t);',
    '    out._backward = (): void => {',
    '      this.grad += (1 - t ** 2) * out.grad;',
    '    };',
    '    return out;',
    '  }',
    '}',
    'const o = new V(0.5).tanh();',
  ].join('\n');
  const c = compile(code);
  assert.ok(c.ok);
  // Evaluate the compiled cell and take the closure it stored.
  const o = new Function(`${c.js}\nreturn o;`)() as { _backward: () => void };
  const ref = findClosure(
    o._backward,
    new Map([
      [1, { code: 'nothing here', js: 'x' }],
      [3, { code, js: c.js }],
    ]),
  );
  assert.ok(ref);
  assert.equal(ref.origin, 'cell 3, lines 8–10');
  assert.equal(ref.text, 'out._backward = (): void => {\n  this.grad += (1 - t ** 2) * out.grad;\n};');
});

test('a function from nowhere on the page has no source', () => {
  assert.equal(
    findClosure(() => 1, new Map([[1, { code: 'a', js: 'b' }]])),
    undefined,
  );
});
