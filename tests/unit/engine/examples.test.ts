// Every number the chapters promise that the engine can compute, and
// micrograd's own two test expressions (upstream checks them against PyTorch).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../src/engine/index.ts';
import { lecture } from '../helpers/lecture.ts';

const close = (actual: number, expected: number, tol = 1e-12, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} expected ${expected}, got ${actual}`);
};
const relClose = (actual: number, expected: number, tol = 1e-9, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${what} expected ${expected}, got ${actual}`);
};

const lExample = () => lecture('L');

test('L = (a·b + c)·f: values, gradients and one step of gradient ascent', () => {
  const { a, b, c, d, e, f, L } = lExample();
  assert.equal(e.data, -6);
  assert.equal(d.data, 4);
  assert.equal(L.data, -8);
  L.backward();
  assert.deepEqual([L.grad, f.grad, d.grad, c.grad, e.grad, a.grad, b.grad], [1, 4, -2, -2, -2, 6, -4]);
  for (const leaf of [a, b, c, f]) leaf.data += 0.01 * leaf.grad;
  const L2 = a.mul(b).add(c).mul(f);
  close(L2.data, -7.286496, 1e-9, 'L after one step');
});

test('the lecture neuron: o = tanh(x1·w1 + x2·w2 + b)', () => {
  const { x1, x2, w1, w2, b, 'x1*w1': x1w1, 'x2*w2': x2w2, 'x1*w1 + x2*w2': s, n, o } = lecture('neuron');
  close(n.data, 0.8813735870195432, 1e-12, 'n');
  close(o.data, 0.7071067811865476, 1e-12, 'o');
  o.backward();
  close(o.grad, 1, 1e-12, 'o.grad');
  for (const [v, g] of [
    [n, 0.5],
    [b, 0.5],
    [s, 0.5],
    [x1w1, 0.5],
    [x2w2, 0.5],
  ] as const)
    close(v.grad, g, 1e-12);
  close(x1.grad, -1.5, 1e-12, 'x1.grad');
  close(w1.grad, 1, 1e-12, 'w1.grad');
  close(x2.grad, 0.5, 1e-12, 'x2.grad');
  close(w2.grad, 0, 1e-12, 'w2.grad');
});

test('a node used twice collects both contributions: b = a + a gives a.grad 2', () => {
  const a = new Value(3.0, [], '', 'a');
  const b = a.add(a);
  b.backward();
  assert.equal(b.data, 6);
  assert.equal(a.grad, 2);
});

test('f = (a·b)·(a + b) with a = −2, b = 3', () => {
  const a = new Value(-2.0, [], '', 'a');
  const b = new Value(3.0, [], '', 'b');
  const d = a.mul(b);
  const e = a.add(b);
  const f = d.mul(e);
  f.backward();
  assert.equal(f.data, -6);
  assert.deepEqual([a.grad, b.grad, d.grad, e.grad, f.grad], [-3, -8, 1, -6, 1]);
});

test('tanh rebuilt from exp, sub, add and div has the same value and grads as the tanh op', () => {
  const build = (viaExp: boolean) => {
    const x1 = new Value(2.0),
      x2 = new Value(0.0),
      w1 = new Value(-3.0),
      w2 = new Value(1.0);
    const b = new Value(6.8813735870195432);
    const n = x1.mul(w1).add(x2.mul(w2)).add(b);
    let o: Value;
    let e: Value | null = null;
    if (viaExp) {
      e = n.mul(2).exp();
      o = e.sub(1).div(e.add(1));
    } else {
      o = n.tanh();
    }
    o.backward();
    return { o, e, grads: [x1.grad, w1.grad, x2.grad, w2.grad, b.grad] };
  };
  const op = build(false);
  const rebuilt = build(true);
  close(rebuilt.e!.data, 5.828427124746192, 1e-12, 'e = exp(2n)');
  close(rebuilt.o.data, op.o.data, 1e-12, 'o');
  close(rebuilt.o.data, 0.7071067811865476, 1e-12, 'o');
  rebuilt.grads.forEach((g, i) => close(g, op.grads[i], 1e-12, `grad ${i}`));
  op.grads.slice(0, 4).forEach((g, i) => close(g, [-1.5, 1, 0.5, 0][i], 1e-12, `leaf grad ${i}`));
});

test('the rebuilt formula overflows to NaN for large inputs; Math.tanh does not', () => {
  const x = new Value(400);
  const e = x.mul(2).exp();
  assert.equal(e.data, Infinity);
  assert.ok(Number.isNaN(e.sub(1).div(e.add(1)).data));
  assert.equal(x.tanh().data, 1);
});

test('micrograd upstream expression (i): y = -20, dy/dx = 46', () => {
  const x = new Value(-4.0);
  const z = x.mul(2).add(2).add(x);
  const q = z.relu().add(z.mul(x));
  const h = z.mul(z).relu();
  const y = h.add(q).add(q.mul(x));
  y.backward();
  assert.equal(y.data, -20);
  assert.equal(x.grad, 46);
});

test('micrograd upstream expression (ii): g = 24.70408163265306 and its grads', () => {
  const a = new Value(-4.0);
  const b = new Value(2.0);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(new Value(1).add(c).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(d.mul(3).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2.0);
  g = g.add(new Value(10.0).div(f));
  g.backward();
  relClose(g.data, 24.70408163265306, 1e-9, 'g');
  relClose(a.grad, 138.83381924198252, 1e-9, 'dg/da');
  relClose(b.grad, 645.5772594752186, 1e-9, 'dg/db');
});

test('relu has derivative 0 at 0, as micrograd', () => {
  const x = new Value(0);
  const y = x.relu();
  y.backward();
  assert.equal(y.data, 0);
  assert.equal(x.grad, 0);
  const p = new Value(2);
  p.relu().backward();
  assert.equal(p.grad, 1);
});

test('numbers are accepted on either side of every binary op', () => {
  const x = new Value(3);
  assert.equal(x.add(1).data, 4);
  assert.equal(x.sub(1).data, 2);
  assert.equal(x.mul(2).data, 6);
  assert.equal(x.div(2).data, 1.5);
  assert.equal(x.pow(2).data, 9);
  assert.equal(x.neg().data, -3);
  const c = x.mul(2);
  assert.equal(c._prev[1].data, 2, 'a number becomes a constant Value in the graph');
});

test('toString prints like micrograd', () => {
  const a = new Value(2.5);
  assert.equal(String(a), 'Value(data=2.5, grad=0)');
  const o = a.mul(-1);
  o.backward();
  assert.equal(`${a}`, 'Value(data=2.5, grad=-1)');
});

test('a Value keeps the constructor contract: data, grad 0, empty _backward, _prev, _op, label', () => {
  const a = new Value(1);
  assert.equal(a.grad, 0);
  assert.deepEqual(a._prev, []);
  assert.equal(a._op, '');
  assert.equal(a.label, '');
  assert.equal(typeof a._backward, 'function');
  a._backward();
  assert.equal(a.grad, 0, "a leaf's _backward does nothing");
  const b = new Value(2, [], '', 'b');
  const c = a.mul(b);
  assert.deepEqual(c._prev, [a, b], 'children in creation order');
  assert.equal(c._op, '*');
});

test('calling _backward closures by hand in reverse order gives the same grads as backward()', () => {
  const x = new Value(0.5);
  const w = new Value(-1.5);
  const m = x.mul(w);
  const o = m.tanh();
  o.grad = 1;
  o._backward();
  m._backward();
  const handX = x.grad;
  x.grad = 0;
  w.grad = 0;
  m.grad = 0;
  o.grad = 0;
  o.backward();
  assert.equal(x.grad, handX);
  assert.ok(handX !== 0);
});

test('NaN and Infinity propagate as IEEE 754 says', () => {
  const a = new Value(NaN);
  assert.ok(Number.isNaN(a.add(1).data));
  const inf = new Value(Infinity);
  assert.equal(inf.mul(2).data, Infinity);
  assert.ok(Number.isNaN(inf.sub(Infinity).data));
  assert.equal(new Value(1).div(0).data, Infinity);
});

test('children live in two fields, and _prev still reads as the list of them', () => {
  const a = new Value(1, [], '', 'a');
  const b = new Value(2, [], '', 'b');
  const s = a.add(b);
  assert.equal(s._a, a);
  assert.equal(s._b, b);
  assert.deepEqual(s._prev, [a, b]);
  assert.deepEqual(a.tanh()._prev, [a], 'a one-input op has one child');
  const built = new Value(3, [a, b], '+');
  assert.deepEqual(built._prev, [a, b], 'the constructor still takes the children as an array');
  assert.throws(() => new Value(0, [a, b, s]), { name: 'RangeError', message: /at most two inputs, got 3/ });
});
