// What the drawing calls an unlabelled value: the expression that made it,
// from its inputs' names, short enough to read at a glance; never `#id` when
// anything better is known.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace } from '../../../../src/engine/index.ts';
import { MAX_NAME, valueNames } from '../../../../src/runtime/graph/names.ts';

const v = (data: number, label: string) => new Value(data, [], '', label);
const nameOfRoot = (root: Value): string => {
  const t = trace(root);
  return valueNames(t).get(t.root)!;
};

test('a label is the name; an unlabelled result is its expression', () => {
  const a = v(2, 'a');
  const b = v(-3, 'b');
  assert.equal(nameOfRoot(a), 'a');
  assert.equal(nameOfRoot(a.exp()), 'exp(a)');
  assert.equal(nameOfRoot(a.mul(b)), 'a*b');
  assert.equal(nameOfRoot(a.add(b)), 'a + b');
  assert.equal(nameOfRoot(a.add(a)), 'a + a');
  assert.equal(nameOfRoot(a.tanh()), 'tanh(a)');
  assert.equal(nameOfRoot(a.relu()), 'ReLU(a)');
  assert.equal(nameOfRoot(a.pow(2)), 'a**2');
  assert.equal(nameOfRoot(a.neg()), '-a');
});

test('inputs keep the order the code passed them, and weaker ones are bracketed', () => {
  const a = v(2, 'a');
  const b = v(-3, 'b');
  const c = v(10, 'c');
  assert.equal(nameOfRoot(b.mul(a)), 'b*a');
  assert.equal(nameOfRoot(a.add(b).mul(c)), '(a + b)*c');
  assert.equal(nameOfRoot(a.mul(b).add(c)), 'a*b + c');
  assert.equal(nameOfRoot(a.sub(b.sub(c))), 'a - (b - c)');
  assert.equal(nameOfRoot(a.add(b).pow(2)), '(a + b)**2');
});

test('a plain number is named by its value: a*2, and a negative one is bracketed', () => {
  const a = v(2, 'a');
  assert.equal(nameOfRoot(a.mul(2)), 'a*2');
  assert.equal(nameOfRoot(a.mul(-3)), 'a*(-3)');
});

test('a deep expression stays short: its longest inputs become …', () => {
  const x1 = v(2, 'x1');
  const w1 = v(-3, 'w1');
  const x2 = v(0, 'x2');
  const w2 = v(1, 'w2');
  const b = v(6.88, 'b');
  const n = x1.mul(w1).add(x2.mul(w2)).add(b);
  const t = trace(n.tanh());
  const names = valueNames(t);
  for (const name of names.values()) assert.ok(name.length <= MAX_NAME, `${name} is longer than ${MAX_NAME}`);
  assert.equal(names.get(t.root), 'tanh(… + b)');
  assert.equal(nameOfRoot(n), '… + b');
  assert.ok(![...names.values()].some((s) => s.startsWith('#')), 'no internal ids');
});

test("a reader's own class: a word op is a call, an unknown symbol infix, nothing known is #id", () => {
  const leaf = (data: number, label: string) => ({ data, grad: 0, label, _prev: [] as object[], _op: '' });
  const a = leaf(1, 'a');
  const b = leaf(2, 'b');
  const node = (op: string, kids: object[]) => ({ data: 0, grad: 0, label: '', _prev: kids, _op: op });
  const t1 = trace(node('sigmoid', [a]));
  assert.equal(valueNames(t1).get(t1.root), 'sigmoid(a)');
  const t2 = trace(node('@', [a, b]));
  assert.equal(valueNames(t2).get(t2.root), 'a @ b');
  const t3 = trace(node('', [a, b]));
  assert.equal(valueNames(t3).get(t3.root), `#${t3.root}`);
  const t4 = trace({ label: '', _prev: [] });
  assert.equal(valueNames(t4).get(t4.root), `#${t4.root}`);
});
