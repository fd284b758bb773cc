// The one stepper behind every step-through: calls on live objects, the log,
// exact undo and redo, backward() logged call by call, honest staleness, and
// objects that only look like Values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace, type Trace } from '../../../../src/engine/index.ts';
import { buildExample, exampleNames } from '../../../../src/widgets/graph/examples.ts';
import { createStepper, type StepState } from '../../../../src/runtime/graph/stepper.ts';

function setup() {
  const { root } = buildExample('neuron');
  const t = trace(root);
  const id = (label: string) => {
    const node = t.nodes.find((n) => n.label === label);
    assert.ok(node, label);
    return node.id;
  };
  return { root, stepper: createStepper(root, { isEngine: (n) => n instanceof Value }), id };
}

const gradsOf = (t: Trace) => Object.fromEntries(t.nodes.map((n) => [n.label, n.grad]));
const close = (actual: number | null | undefined, expected: number) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
const LECTURE = { x1: -1.5, w1: 1, x2: 0.5, w2: 0, b: 0.5, n: 0.5, o: 1 };
function expectLecture(s: StepState) {
  const g = gradsOf(s.trace);
  for (const [k, v] of Object.entries(LECTURE)) close(g[k], v);
}

test('examples exist and unknown names fail clearly', () => {
  assert.deepEqual(exampleNames, ['L', 'neuron', 'squared']);
  assert.equal(buildExample('L').root.data, -8);
  assert.throws(() => buildExample('nope'), /unknown example "nope"; use one of "L", "neuron"/);
});

test('seed then o._backward() gives n 0.5 and nothing else', () => {
  const { stepper, id } = setup();
  const seeded = stepper.seed();
  assert.deepEqual(seeded.changed, [id('o')]);
  const s = stepper.call(id('o'));
  assert.deepEqual(s.changed, [id('n')]);
  assert.equal(s.error, undefined);
  assert.equal(s.log.length, 2);
  assert.equal(s.cursor, 2);
  assert.equal(s.focus, 1);
  const entry = s.log[1];
  assert.equal(entry.kind, 'call');
  if (entry.kind !== 'call') return;
  assert.equal(entry.outGrad, 1);
  assert.deepEqual(entry.inputGrads, [0]);
  assert.equal(entry.engine, true);
  const g = gradsOf(s.trace);
  close(g.n, 0.5);
  for (const label of ['x1', 'w1', 'x2', 'w2', 'b', 'x1*w1', 'x2*w2', 'x1*w1 + x2*w2']) assert.equal(g[label], 0, label);
});

test('undo and redo restore every grad exactly, after single calls and after backward()', () => {
  const { stepper, id } = setup();
  stepper.seed();
  stepper.call(id('o'));
  const afterN = stepper.call(id('n'));
  close(gradsOf(afterN.trace).b, 0.5);
  const back = stepper.undo();
  assert.equal(back.cursor, 2);
  assert.equal(gradsOf(back.trace).b, 0);
  assert.equal(gradsOf(back.trace)['x1*w1 + x2*w2'], 0);
  close(gradsOf(back.trace).n, 0.5);
  const fwd = stepper.redo();
  assert.deepEqual(gradsOf(fwd.trace), gradsOf(afterN.trace));

  const fresh = setup();
  const full = fresh.stepper.backward();
  expectLecture(full);
  // backward() is logged call by call: the base case, then one entry per _backward, o first.
  assert.equal(full.log[0].kind, 'seed');
  const calls = full.log.filter((e) => e.kind === 'call');
  assert.equal(calls.length, 10);
  assert.equal(calls[0].kind === 'call' && calls[0].nodeId, fresh.id('o'));
  const start = fresh.stepper.goto(0);
  for (const v of Object.values(gradsOf(start.trace))) assert.equal(v, 0);
  const end = fresh.stepper.goto(full.log.length);
  assert.deepEqual(gradsOf(end.trace), gradsOf(full.trace));
});

test('a new call after undo drops what was undone', () => {
  const { stepper, id } = setup();
  stepper.seed();
  stepper.call(id('o'));
  stepper.undo();
  const s = stepper.call(id('n'));
  assert.equal(s.log.length, 2);
  assert.equal(s.log[1].kind === 'call' && s.log[1].nodeId, id('n'));
  assert.deepEqual(s.changed, []); // n.grad is still 0: nothing flows
});

test('a leaf changes nothing; so does a call before its grad arrives', () => {
  const { stepper, id } = setup();
  stepper.seed();
  const leaf = stepper.call(id('b'));
  assert.deepEqual(leaf.changed, []);
  const early = stepper.call(id('x1*w1'));
  assert.deepEqual(early.changed, []);
  assert.equal(early.log.length, 3);
});

test('a + a: both additions reach a, and the log says a changed once by 2', () => {
  const a = new Value(3, [], '', 'a');
  const b = a.add(a);
  b.label = 'b';
  const st = createStepper(b, { isEngine: () => true });
  st.seed();
  const s = st.call(trace(b).root);
  assert.equal(gradsOf(s.trace).a, 2);
  assert.equal(s.log[1].changes.length, 1);
});

test('a closure that throws is reported and the graph stays usable', () => {
  const a = new Value(1, [], '', 'a');
  const out = a.tanh();
  out.label = 'out';
  out._backward = () => {
    throw new Error('boom');
  };
  const st = createStepper(out);
  const s = st.call(trace(out).root);
  assert.match(s.error ?? '', /out\._backward\(\) threw Error: boom/);
  assert.equal(st.seed().stale, false);
});

test('a node whose _backward is not a function is named, not called', () => {
  const a = { data: 1, grad: 0, _prev: [], _op: '', label: 'a', _backward: undefined };
  const out = { data: 2, grad: 1, _prev: [a], _op: '+', label: 'out', _backward: undefined as unknown };
  const st = createStepper(out);
  const s = st.call(trace(out).root);
  assert.match(s.error ?? '', /out\._backward is not a function/);
  assert.equal(s.log.length, 0);
  const full = st.backward();
  assert.match(full.error ?? '', /out\._backward is not a function/);
});

test("Value-shaped objects of a reader's own class step too, and their own backward() is logged call by call", () => {
  class V {
    data: number;
    grad = 0;
    _prev: V[];
    _op: string;
    label: string;
    _backward = () => {};
    constructor(data: number, prev: V[] = [], op = '', label = '') {
      this.data = data;
      this._prev = prev;
      this._op = op;
      this.label = label;
    }
    mul(o: V) {
      const out = new V(this.data * o.data, [this, o], '*');
      out._backward = () => {
        this.grad += o.data * out.grad;
        o.grad += this.data * out.grad;
      };
      return out;
    }
    backward() {
      this.grad = 1;
      this._backward();
    }
  }
  const x = new V(2, [], '', 'x');
  const y = new V(-3, [], '', 'y');
  const z = x.mul(y);
  z.label = 'z';
  const st = createStepper(z, { sourceOf: (fn) => ({ text: fn.toString(), origin: 'test' }) });
  const s = st.backward();
  assert.deepEqual(
    s.log.map((e) => e.kind),
    ['seed', 'call'],
  );
  const call = s.log[1];
  assert.ok(call.kind === 'call' && call.code?.text.includes('o.grad += this.data * out.grad'));
  assert.equal(gradsOf(s.trace).x, -3);
  // The wrappers are gone after the pass.
  assert.ok(!z._backward.toString().includes('between'));
});

test('a change made elsewhere is noticed before the next step, which is refused until a redraw', () => {
  const { root, stepper, id } = setup();
  stepper.seed();
  root.grad = 5; // another cell, or another graph of the same objects
  assert.equal(stepper.isStale(), true);
  const s = stepper.call(id('o'));
  assert.equal(s.stale, true);
  assert.equal(root.grad, 5);
  const fresh = stepper.redraw();
  assert.equal(fresh.stale, false);
  assert.equal(fresh.log.length, 0);
  assert.equal(gradsOf(fresh.trace).o, 5);
});

test('zero grads is one undoable entry', () => {
  const { stepper } = setup();
  const full = stepper.backward();
  const zeroed = stepper.zero();
  for (const v of Object.values(gradsOf(zeroed.trace))) assert.equal(v, 0);
  const back = stepper.undo();
  assert.deepEqual(gradsOf(back.trace), gradsOf(full.trace));
});
