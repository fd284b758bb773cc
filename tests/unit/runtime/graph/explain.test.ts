// The explanation of each step: every engine op's chain rule with its live
// numbers, the closure's code cut from the engine's source, and why a call
// changed nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Value, trace } from '../../../../src/engine/index.ts';
import { createStepper } from '../../../../src/runtime/graph/stepper.ts';
import { explain } from '../../../../src/runtime/graph/explain.ts';
import { extractClosures } from '../../../../src/runtime/graph/engine-source.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';

const closures = extractClosures(readFileSync(new URL('../../../../src/engine/value.ts', import.meta.url), 'utf8'));

/** Seeds `out`, calls its _backward, and explains that call. */
function explainOne(out: Value) {
  const st = createStepper(out, { isEngine: (n) => n instanceof Value });
  st.seed();
  const s = st.call(trace(out).root);
  return explain(s.log[s.cursor - 1], s.trace, closures);
}

const leaf = (x: number, label: string) => new Value(x, [], '', label);
function named(v: Value, label: string) {
  v.label = label;
  return v;
}

test('every op of the engine has its closure cut from value.ts', () => {
  for (const op of ['+', '-', '*', '/', 'neg', '**', 'exp', 'tanh', 'ReLU']) {
    const c = closures[op];
    assert.ok(c, op);
    const [from, to] = c.closure;
    const lines = c.code.split('\n');
    assert.match(lines[from - 1], /out\._backward = \(\) => \{/, op);
    assert.match(lines[to - 1], /^\s*\};$/, op);
  }
});

test('each engine op explains its local derivative with the live numbers', () => {
  const a = leaf(2, 'a');
  const b = leaf(-4, 'b');
  const cases: [Value, string[]][] = [
    [named(a.add(b), 'o'), ['a.grad += 1 × o.grad → 0 + 1 × 1 = 1', 'b.grad += 1 × o.grad → 0 + 1 × 1 = 1']],
    [named(a.sub(b), 'o'), ['a.grad += 1 × o.grad → 0 + 1 × 1 = 1', 'b.grad += (-1) × o.grad → 0 + (-1) × 1 = -1']],
    [named(a.mul(b), 'o'), ['a.grad += b.data × o.grad → 0 + (-4) × 1 = -4', 'b.grad += a.data × o.grad → 0 + 2 × 1 = 2']],
    [
      named(a.div(b), 'o'),
      [
        'a.grad += (1 / b.data) × o.grad → 0 + (1 / (-4)) × 1 = -0.25',
        'b.grad += (-a.data / b.data²) × o.grad → 0 + (-2 / (-4)²) × 1 = -0.125',
      ],
    ],
    [named(a.neg(), 'o'), ['a.grad += (-1) × o.grad → 0 + (-1) × 1 = -1']],
    [named(a.pow(3), 'o'), ['a.grad += 3 × a.data^2 × o.grad → 0 + 3 × 2^2 × 1 = 12']],
    [named(a.exp(), 'o'), ['a.grad += o.data × o.grad → 0 + 7.3891 × 1 = 7.3891']],
    [named(b.relu(), 'o'), ['b.grad += (o.data > 0 ? 1 : 0) × o.grad → 0 + 0 × 1 = 0']],
  ];
  for (const [out, lines] of cases) {
    a.grad = 0;
    b.grad = 0;
    const e = explainOne(out);
    assert.equal(e.title, 'o._backward()');
    assert.deepEqual(e.lines, lines, out._op);
    assert.match(e.code?.origin ?? '', /^src\/engine\/value\.ts, Value\./);
  }
});

test("the neuron's tanh and sums read as the lecture's chain rule", () => {
  const { root } = buildExample('neuron');
  const st = createStepper(root, { isEngine: () => true });
  st.seed();
  const t = trace(root);
  const id = (l: string) => t.nodes.find((n) => n.label === l)!.id;
  let s = st.call(id('o'));
  const o = explain(s.log[1], s.trace, closures);
  assert.deepEqual(o.lines, ['n.grad += (1 - t²) × o.grad → 0 + (1 - 0.7071²) × 1 = 0.5']);
  assert.match(o.code!.text, /this\.grad \+= \(1 - t \* t\) \* out\.grad;/);
  s = st.call(id('n'));
  const n = explain(s.log[2], s.trace, closures);
  assert.deepEqual(n.lines, ['x1*w1 + x2*w2.grad += 1 × n.grad → 0 + 1 × 0.5 = 0.5', 'b.grad += 1 × n.grad → 0 + 1 × 0.5 = 0.5']);
});

test('a + a shows both additions into a', () => {
  const a = leaf(3, 'a');
  const e = explainOne(named(a.add(a), 'b'));
  assert.deepEqual(e.lines, ['a.grad += 1 × b.grad → 0 + 1 × 1 = 1', 'a.grad += 1 × b.grad → 1 + 1 × 1 = 2']);
});

test('a call that changed nothing says why: a leaf, or no grad has arrived yet', () => {
  const { root } = buildExample('neuron');
  const st = createStepper(root, { isEngine: () => true });
  const t = trace(root);
  const id = (l: string) => t.nodes.find((n) => n.label === l)!.id;
  let s = st.call(id('o'));
  assert.match(explain(s.log[0], s.trace, closures).note ?? '', /o\.grad is still 0.*base case is missing/);
  s = st.call(id('n'));
  assert.match(explain(s.log[1], s.trace, closures).note ?? '', /n\.grad is still 0.*Call the _backward of the value that uses n first/);
  s = st.call(id('b'));
  assert.match(explain(s.log[2], s.trace, closures).note ?? '', /b is a leaf/);
});

test("a reader's closure shows its own code and each grad before and after", () => {
  const x = { data: 2, grad: 0, _prev: [] as unknown[], _op: '', label: 'x', _backward: () => {} };
  const out = { data: 4, grad: 1, _prev: [x], _op: '**2', label: '', _backward: () => {} };
  out._backward = () => {
    x.grad += 2 * x.data * out.grad;
  };
  const st = createStepper(out, { sourceOf: () => ({ text: 'out._backward = () => { … }', origin: 'cell 2, lines 3–5' }) });
  const s = st.call(trace(out).root);
  const e = explain(s.log[0], s.trace, closures);
  assert.equal(e.title, 'x**2._backward()'); // unlabelled: named as the drawing names it, by its expression
  assert.deepEqual(e.lines, ['x.grad: 0 → 4']);
  assert.equal(e.code?.origin, 'cell 2, lines 3–5');
});
