// Nudging a leaf (src/runtime/graph/nudge.ts): the forward recompute through
// the engine's ops agrees with the engine, a nudge's slope matches backward's
// grad, setting the leaf back gives the original trace, and a reader's op is
// never guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../../src/engine/value.ts';
import { trace, type Trace } from '../../../../src/engine/trace.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';
import { canNudge, forwardRule, nudged, slope } from '../../../../src/runtime/graph/nudge.ts';

const byLabel = (t: Trace, label: string) => t.nodes.find((n) => n.label === label)!;

test("the neuron's x1 nudged to 2.001 recomputes every value as the engine would build it", () => {
  const t = trace(buildExample('neuron').root);
  const after = nudged(t, byLabel(t, 'x1').id, 2.001);
  const x1 = new Value(2.001);
  const n = x1.mul(-3).add(new Value(0).mul(1)).add(6.8813735870195432);
  const o = n.tanh();
  assert.equal(byLabel(after, 'x1').data, 2.001);
  assert.equal(byLabel(after, 'n').data, n.data);
  assert.equal(byLabel(after, 'o').data, o.data);
  // Values the nudge does not reach are the very same objects.
  assert.equal(byLabel(after, 'x2*w2'), byLabel(t, 'x2*w2'));
  assert.equal(byLabel(after, 'w1'), byLabel(t, 'w1'));
});

test('the slope of a small nudge is the grad backward() gives, for every leaf of the neuron', () => {
  const { root } = buildExample('neuron');
  root.backward();
  const t = trace(root);
  for (const leaf of t.nodes.filter((n) => n.children.length === 0)) {
    const s = slope(t, nudged(t, leaf.id, leaf.data! + 0.001), leaf.id)!;
    assert.ok(Math.abs(s - leaf.grad!) < 0.01, `${leaf.label}: slope ${s}, grad ${leaf.grad}`);
  }
  const x1 = byLabel(t, 'x1');
  assert.ok(Math.abs(slope(t, nudged(t, x1.id, 2.001), x1.id)! - -1.5) < 0.01);
});

test('setting the leaf back gives the original data everywhere, and no slope', () => {
  const t = trace(buildExample('L').root);
  const a = byLabel(t, 'a');
  const back = nudged(nudged(t, a.id, 5), a.id, 2);
  assert.deepEqual(back, t);
  assert.equal(slope(t, back, a.id), null);
  // L = (a·b + c)·f: a's slope is b·f = 6, exactly, as the op is linear in a.
  assert.equal(slope(t, nudged(t, a.id, 3), a.id), 6);
  assert.equal(byLabel(nudged(t, a.id, 3), 'L').data, -2); // (3·−3 + 10)·−2
});

test('every op of the engine has its forward rule, checked against the engine itself', () => {
  const a = new Value(0.7);
  const b = new Value(-1.3);
  const made = [a.add(b), a.sub(b), a.mul(b), a.div(b), a.neg(), a.pow(3), a.pow(-0.5), a.exp(), a.tanh(), a.relu(), b.relu()];
  for (const v of made) {
    const rule = forwardRule(v._op);
    assert.ok(rule, v._op);
    const [x, y] = v._prev.map((p) => p.data);
    assert.equal(rule(x, y ?? NaN), v.data, v._op);
  }
});

test('an op the engine does not have is not nudged: its forward rule cannot be known', () => {
  assert.equal(forwardRule('sigmoid'), null);
  assert.equal(forwardRule('**'), null);
  const t: Trace = {
    root: 3,
    nodes: [
      { id: 1, label: 'a', data: 2, grad: 0, op: '', children: [], hasBackward: true },
      { id: 2, label: 'b', data: 3, grad: 0, op: '', children: [], hasBackward: true },
      { id: 3, label: 'c', data: 6, grad: 0, op: 'times', children: [1, 2], hasBackward: true },
    ],
    edges: [],
  };
  assert.equal(canNudge(t), false);
  assert.equal(canNudge(trace(buildExample('neuron').root)), true);
});
