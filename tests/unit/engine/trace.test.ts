// trace(): plain nodes and edges for the graph view, stable ids, and any
// Value-shaped object, with clear errors for cycles and non-Value inputs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace } from '../../../src/engine/index.ts';
import { lecture } from '../helpers/lecture.ts';

const neuron = () => lecture('neuron');

test('the neuron traces to 10 values and 9 edges, inputs before outputs', () => {
  const { o } = neuron();
  const t = trace(o);
  assert.equal(t.nodes.length, 10);
  assert.equal(t.edges.length, 9);
  assert.equal(t.root, t.nodes.at(-1)!.id);
  assert.deepEqual(
    t.nodes.map((n) => n.label),
    ['x1', 'w1', 'x1*w1', 'x2', 'w2', 'x2*w2', 'x1*w1 + x2*w2', 'b', 'n', 'o'],
  );
  assert.deepEqual(
    t.nodes.map((n) => n.op),
    ['', '', '*', '', '', '*', '+', '', '+', 'tanh'],
  );
  const pos = new Map(t.nodes.map((n, i) => [n.id, i]));
  for (const [from, to] of t.edges) assert.ok(pos.get(from)! < pos.get(to)!);
  assert.ok(t.nodes.every((n) => n.hasBackward && n.grad === 0));
  assert.ok(JSON.parse(JSON.stringify(t)), 'plain data');
});

test('ids are stable across traces and a backward step', () => {
  const { o, n } = neuron();
  const before = trace(o);
  o.grad = 1;
  o._backward();
  const after = trace(o);
  assert.deepEqual(
    after.nodes.map((x) => x.id),
    before.nodes.map((x) => x.id),
  );
  const nNode = after.nodes.find((x) => x.label === 'n')!;
  assert.equal(nNode.grad, n.grad);
  assert.ok(Math.abs(nNode.grad! - 0.5) < 1e-12);
});

test('the L example: 7 values, a node reused twice draws two edges', () => {
  const a = new Value(2, [], '', 'a');
  const b = new Value(-3, [], '', 'b');
  const L = a.mul(b).add(10).mul(-2);
  assert.equal(trace(L).nodes.length, 7);
  const twice = a.add(a);
  const t = trace(twice);
  assert.equal(t.nodes.length, 2);
  assert.equal(t.edges.length, 2);
  assert.deepEqual(t.nodes[1].children, [t.nodes[0].id, t.nodes[0].id]);
});

test('foreign Value-shaped objects trace, with Set children and missing fields as blanks', () => {
  const a = { data: 2, grad: 0, _prev: new Set(), _op: '', label: 'a' };
  const b = { data: 3 };
  const c = { data: 6, _prev: new Set([a, b]), _op: '*', _backward: () => {} };
  const t = trace(c);
  assert.equal(t.nodes.length, 3);
  const [na, nb, nc] = t.nodes;
  assert.deepEqual([na.label, na.data, na.grad, na.hasBackward], ['a', 2, 0, false]);
  assert.deepEqual([nb.label, nb.data, nb.grad, nb.op], ['', 3, null, '']);
  assert.deepEqual([nc.op, nc.hasBackward, nc.children], ['*', true, [na.id, nb.id]]);
});

test('a cycle and a non-Value input give clear errors, not a hang', () => {
  const a: { data: number; _prev: unknown[]; label: string } = { data: 1, _prev: [], label: 'a' };
  const b = { data: 2, _prev: [a], label: 'b' };
  a._prev.push(b);
  assert.throws(() => trace(b), /trace: the graph has a cycle through 'b'/);
  assert.throws(() => trace({ data: 1, _prev: [3], label: 'c' }), /trace: an input of 'c' is not a Value: got number 3/);
  assert.throws(() => trace(5), /trace: expected a Value, got number 5/);
  assert.throws(() => trace({ data: 1, _prev: 7 }), /_prev of '#\d+' should be an array or a Set, got number 7/);
});

test('a limit stops huge graphs early', () => {
  let y = new Value(0);
  for (let i = 0; i < 1000; i++) y = y.add(1);
  assert.throws(() => trace(y, 500), /more than 500 values/);
  assert.equal(trace(y).nodes.length, 2001);
});
