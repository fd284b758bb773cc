// What a closure captured and its grad updates with the numbers in, read from
// the code around it (JavaScript cannot list a closure's variables).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TraceNode } from '../../../../src/engine/trace.ts';
import { capturedBy, evaluate, updateLines } from '../../../../src/runtime/graph/closure-scope.ts';
import { extractClosures } from '../../../../src/runtime/graph/engine-source.ts';

const node = (id: number, label: string, data: number, grad = 0, op = ''): TraceNode =>
  ({ id, label, data, grad, op, children: [], hasBackward: true }) as unknown as TraceNode;
const a = node(1, 'a', 2);
const b = node(2, 'b', -3);
const out = node(3, 'o', -6, 1, '*');
const byId = new Map([a, b, out].map((n) => [n.id, n]));
const data = (id: number) => byId.get(id)!.data as number;
const names = (id: number) => byId.get(id)!.label as string;
const read = (id: number, f: string) => (f === 'data' ? data(id) : (byId.get(id)!.grad as number));

test("an arithmetic expression of the closure's names is evaluated, with the numbers written in", () => {
  const env = new Map([
    ['t', { value: 0.7071067811865476 }],
    ['out', { id: 3 }],
  ]);
  const e = evaluate('(1 - t ** 2) * out.grad', env, read);
  assert.ok(e);
  assert.equal(e.s, '(1 - 0.7071²) × 1');
  assert.ok(Math.abs(e.v - 0.5) < 1e-12);
  assert.equal(evaluate('Math.tanh(out.data)', env, read)?.s, 'tanh((-6))');
  assert.equal(evaluate('helper(out)', env, read), null, "a call of the reader's own function is not guessed at");
  assert.equal(evaluate('unknown * 2', env, read), null);
});

test("chapter 3's mul closure: each line with its numbers, names resolved from `new Value(…, [this, other])`", () => {
  const context = ['mul(other: Value): Value {', "  const out = new Value(this.data * other.data, [this, other], '*');"].join('\n');
  const text = [
    'const backward = () => {',
    '  this.grad = other.data * out.grad; // swaps',
    '  other.grad = this.data * out.grad;',
    '};',
  ].join('\n');
  const r = updateLines(
    text,
    context,
    out,
    [a, b],
    data,
    new Map([
      [3, 1],
      [1, 0],
      [2, 0],
    ]),
    names,
  );
  assert.deepEqual(r?.lines, [
    'this.grad = other.data * out.grad → a.grad = (-3) × 1 = -3',
    'other.grad = this.data * out.grad → b.grad = 2 × 1 = 2',
  ]);
  assert.deepEqual(
    capturedBy(text, context, out, [a, b], read).map((c) => c.name + (c.id === null ? '' : `#${c.id}`)),
    ['this#1', 'other#2', 'out#3'],
  );
});

test("+= adds onto the grad the value had, and a function's own parameter is found too (chapter 3's square)", () => {
  const context = ['function square(x: Value): Value {', "  const out = new Value(x.data * x.data, [x], '^2');"].join('\n');
  const text = ['const backward = () => {', '  x.grad += 2 * x.data * out.grad;', '};'].join('\n');
  const sq = node(3, 'y', 4, 1, '^2');
  const r = updateLines(
    text,
    context,
    sq,
    [a],
    data,
    new Map([
      [3, 1],
      [1, 0.5],
    ]),
    names,
  );
  assert.deepEqual(r?.lines, ['x.grad += 2 * x.data * out.grad → a.grad = 0.5 + 2 × 2 × 1 = 4.5']);
});

test("the engine's closures: `result(…, this, that)` names the inputs, and tanh's t is worked out from its line", () => {
  const table = extractClosures(readFileSync(new URL('../../../../src/engine/value.ts', import.meta.url), 'utf8'));
  const part = (op: string) => {
    const lines = table[op].code.split('\n');
    const [from, to] = table[op].closure;
    return [lines.slice(from - 1, to).join('\n'), lines.slice(0, from - 1).join('\n')] as const;
  };
  const [mulText, mulContext] = part('*');
  assert.deepEqual(
    capturedBy(mulText, mulContext, out, [a, b], read).map((c) => c.name),
    ['out', 'this', 'that'], // in the order the closure's text uses them: `out._backward = () => {` comes first
  );
  const n = node(4, 'n', 0.8813735870195432);
  const o = node(5, 'o', Math.tanh(0.8813735870195432), 1, 'tanh');
  const [tanhText, tanhContext] = part('tanh');
  const captured = capturedBy(tanhText, tanhContext, o, [n], (id, f) => (f === 'data' ? (id === 4 ? n.data : o.data) : 1) as number);
  assert.deepEqual(
    captured.map((c) => c.name),
    ['out', 'this', 't'],
  );
  assert.ok(Math.abs(captured[2].value! - 0.7071067811865476) < 1e-12);
});

test("without the code around it, micrograd's names stand in: out the node, this or self the first input, other the second", () => {
  const text = 'def _backward():\n  self.grad = other.data * out.grad';
  assert.deepEqual(
    capturedBy(text, undefined, out, [a, b], read).map((c) => `${c.name}#${c.id}`),
    ['self#1', 'other#2', 'out#3'],
  );
});
