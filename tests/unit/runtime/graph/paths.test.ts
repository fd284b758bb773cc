// Olah's picture of paths (src/runtime/graph/paths.ts): a leaf's grad is the
// sum over every path from the output of the product of the local derivatives
// on it, and backward()'s `+=` computes the same sum with fewer multiplications
// wherever paths share a stretch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace, type Trace } from '../../../../src/engine/index.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';
import { factored, leavesOf, localsOf, pathCount, pathsTo } from '../../../../src/runtime/graph/paths.ts';
import { valueNames } from '../../../../src/runtime/graph/names.ts';

function setUp(root: Value): { t: Trace; name: (id: number) => string; idOf: (label: string) => number } {
  const t = trace(root);
  const names = valueNames(t);
  return {
    t,
    name: (id) => names.get(id)!,
    idOf: (label) => t.nodes.find((n) => names.get(n.id) === label)!.id,
  };
}

const close = (got: number, want: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${what}: ${got}, want ${want}`);

test('b = a + a: two paths from b to a, one per edge, each ×1, adding up to 2', () => {
  const a = new Value(3, [], '', 'a');
  const b = a.add(a);
  b.label = 'b';
  const { t, name, idOf } = setUp(b);
  const locals = localsOf(t, (n) => name(n.id));
  const paths = pathsTo(t, idOf('a'), locals);
  assert.equal(paths.length, 2);
  assert.deepEqual(
    paths.map((p) => p.steps.map((s) => [name(s.user), name(s.input), s.place, s.local.symbol])),
    [[['b', 'a', 0, '1']], [['b', 'a', 1, '1']]],
  );
  assert.deepEqual(
    paths.map((p) => p.product),
    [1, 1],
  );
  assert.deepEqual(pathCount(t, idOf('a')), { paths: 2, multiplications: 2 });
  const f = factored(t, idOf('a'), locals);
  assert.equal(f.grad, 2);
  assert.equal(f.multiplications, 2);
  assert.deepEqual(
    f.lines.map((l) => [name(l.id), l.terms.length, l.grad]),
    [['a', 2, 2]],
  );
});

// The sum of the path products is the engine's own grad, on graphs with values used more than once.
const graphs: [string, () => Value][] = [
  [
    'chapter 6: f = (a·b)·(a + b)',
    () => {
      const a = new Value(-2, [], '', 'a');
      const b = new Value(3, [], '', 'b');
      return a.mul(b).mul(a.add(b));
    },
  ],
  ['the squared example: L = f · f', () => buildExample('squared').root],
  [
    'a neuron with tanh and an input used in two products',
    () => {
      const x = new Value(0.5, [], '', 'x');
      const w = new Value(-1.5, [], '', 'w');
      const c = new Value(2, [], '', 'c');
      return x.mul(w).add(x.mul(c)).add(w.div(c)).tanh().mul(x);
    },
  ],
];

for (const [what, build] of graphs) {
  test(`${what}: each leaf's path products add up to its grad after backward(), and so does the factored sum`, () => {
    const root = build();
    const { t, name } = setUp(root);
    const locals = localsOf(t, (n) => name(n.id));
    root.backward();
    const grads = new Map(trace(root).nodes.map((n) => [n.id, n.grad!]));
    for (const leaf of leavesOf(t)) {
      const paths = pathsTo(t, leaf.id, locals);
      assert.ok(paths.length >= 2, `${name(leaf.id)} is reached along ${paths.length} paths`);
      assert.equal(paths.length, pathCount(t, leaf.id).paths);
      close(
        paths.reduce((s, p) => s + p.product, 0),
        grads.get(leaf.id)!,
        `${name(leaf.id)}: sum of path products`,
      );
      const f = factored(t, leaf.id, locals);
      close(f.grad, grads.get(leaf.id)!, `${name(leaf.id)}: factored`);
      // Every line of the factored sum is that value's own grad: the pass adds up whole totals.
      for (const line of f.lines) close(line.grad, grads.get(line.id)!, `${name(line.id)}'s line`);
    }
  });
}

test('the squared example: four paths to a, (−6)·1·3 and (−6)·(−6)·1 twice each; 12 multiplications path by path, 6 factored', () => {
  const { t, name, idOf } = setUp(buildExample('squared').root);
  const locals = localsOf(t, (n) => name(n.id));
  const paths = pathsTo(t, idOf('a'), locals);
  assert.deepEqual(
    paths.map((p) => [p.steps.map((s) => name(s.input)).join(' '), p.steps.map((s) => s.local.value), p.product]),
    [
      ['f d a', [-6, 1, 3], -18],
      ['f e a', [-6, -6, 1], 36],
      ['f d a', [-6, 1, 3], -18],
      ['f e a', [-6, -6, 1], 36],
    ],
  );
  assert.deepEqual(pathCount(t, idOf('a')), { paths: 4, multiplications: 12 });
  const f = factored(t, idOf('a'), locals);
  assert.equal(f.multiplications, 6);
  // From the output down, in backward()'s order: f adds its two shares, then e and d one each, then a its two.
  assert.deepEqual(
    f.lines.map((l) => [name(l.id), l.terms.map((x) => `${x.local.value}×${x.userGrad}`).join(' + '), l.grad]),
    [
      ['f', '-6×1 + -6×1', -12],
      ['e', '-6×-12', 72],
      ['d', '1×-12', -12],
      ['a', '1×72 + 3×-12', 36],
    ],
  );
});

test('ten doublings: 1,024 paths of 10 edges each, 10,240 multiplications path by path against 20 factored', () => {
  const start = new Value(1, [], '', 'start');
  let top = start;
  for (let i = 0; i < 10; i++) top = top.add(top);
  const { t, name, idOf } = setUp(top);
  const locals = localsOf(t, (n) => name(n.id));
  assert.deepEqual(pathCount(t, idOf('start')), { paths: 1024, multiplications: 10240 });
  const f = factored(t, idOf('start'), locals);
  assert.deepEqual([f.grad, f.multiplications], [1024, 20]);
  // Listing stops at the limit; the count does not.
  assert.equal(pathsTo(t, idOf('start'), locals, 100).length, 100);
  assert.equal(pathsTo(t, idOf('start'), locals, 5000).length, 1024);
});

test('the output itself: one empty path of product 1; a value not under the output: no path', () => {
  const a = new Value(2, [], '', 'a');
  const y = a.mul(3);
  const { t, name } = setUp(y);
  const locals = localsOf(t, (n) => name(n.id));
  assert.deepEqual(pathsTo(t, t.root, locals), [{ steps: [], product: 1 }]);
  assert.deepEqual(pathCount(t, t.root), { paths: 1, multiplications: 0 });
  assert.deepEqual(factored(t, t.root, locals), { lines: [], grad: 1, multiplications: 0 });
  assert.deepEqual(pathCount(t, 10 ** 9), { paths: 0, multiplications: 0 });
});
