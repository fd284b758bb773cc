// Predict first's checking (src/runtime/graph/predict.ts): what a call asks
// for, how typed answers are read, the tolerance, and the rule line a wrong
// answer gets, for an engine op and for a reader's closure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Value } from '../../../../src/engine/value.ts';
import { trace } from '../../../../src/engine/trace.ts';
import { createStepper } from '../../../../src/runtime/graph/stepper.ts';
import { askedOf, isNear, markAnswers, readAnswer, PREDICT_TOLERANCE } from '../../../../src/runtime/graph/predict.ts';
import { askAgain } from '../../../../src/runtime/graph/ask-again.ts';
import { extractClosures } from '../../../../src/runtime/graph/engine-source.ts';

const ENGINE_CLOSURES = extractClosures(readFileSync(new URL('../../../../src/engine/value.ts', import.meta.url), 'utf8'));

function neuronStep() {
  const x = new Value(2, [], '', 'x');
  const w = new Value(-3, [], '', 'w');
  const xw = x.mul(w);
  xw.label = 'xw';
  const s = createStepper(xw, { isEngine: (n) => n instanceof Value });
  s.seed();
  const state = s.call(trace(xw).root);
  const entry = state.log[state.focus!];
  return { entry, state, x, w };
}

test('a call asks for each input whose grad it changes, not for the value called', () => {
  const { entry, state } = neuronStep();
  const names = askedOf(entry).map((id) => state.trace.nodes.find((n) => n.id === id)?.label);
  assert.deepEqual(names.sort(), ['w', 'x']);
  assert.deepEqual(askedOf(state.log[0]), [], 'the base case is not asked');
});

test('answers are read as a reader types them', () => {
  assert.equal(readAnswer(' −0.5 '), -0.5);
  assert.equal(readAnswer('0,5'), 0.5);
  assert.equal(readAnswer('1e-3'), 0.001);
  assert.equal(readAnswer(''), null);
  assert.equal(readAnswer('six'), null);
});

test('right within the tolerance; a wrong one gets the chain rule line with the live numbers', () => {
  const { entry, state, x, w } = neuronStep();
  const id = (v: Value) => state.trace.nodes.find((n) => n.label === v.label)!.id;
  const answers = new Map([
    [id(x), String(-3 + PREDICT_TOLERANCE / 2)],
    [id(w), '-2'],
  ]);
  const marks = markAnswers(entry, state.trace, answers, ENGINE_CLOSURES);
  const byName = Object.fromEntries(marks.map((m) => [m.name, m]));
  assert.equal(byName.x.right, true);
  assert.equal(byName.w.right, false);
  assert.equal(byName.w.rule, 'w.grad += x.data × xw.grad → 0 + 2 × 1 = 2; you wrote -2');
  const blank = markAnswers(entry, state.trace, new Map(), ENGINE_CLOSURES);
  assert.match(blank[0].rule!, /; you wrote nothing$/);
});

test("a reader's closure is marked by what it did", () => {
  const a = { data: 3, grad: 0, label: 'a', _prev: new Set(), _op: '', _backward: () => {} };
  const out = { data: 6, grad: 0, label: 'out', _prev: new Set([a]), _op: 'double', _backward: () => (a.grad += 2 * out.grad) };
  const s = createStepper(out);
  s.seed();
  const state = s.call(trace(out).root);
  const marks = markAnswers(
    state.log[state.focus!],
    state.trace,
    new Map([[state.trace.nodes.find((n) => n.label === 'a')!.id, '1']]),
    ENGINE_CLOSURES,
  );
  assert.equal(marks[0].right, false);
  assert.equal(marks[0].rule, 'a.grad: 0 → 2; you wrote 1');
});

test('a predicted number is read and checked once for every place that asks one (graphs, the quiz, the review)', () => {
  assert.equal(isNear('0.5', 0.5), true);
  assert.equal(isNear('−0.50004', -0.5), true);
  assert.equal(isNear('1/2', 0.5), true);
  assert.equal(isNear('0.5002', 0.5), false);
  assert.equal(isNear('', 0), false);
  assert.equal(isNear('1/0', 0), false);
});

test('a missed grad can be asked again on its own: the call, the values it reads, the grad asked', () => {
  const { entry, state, x } = neuronStep();
  const xId = state.trace.nodes.find((n) => n.label === 'x')!.id;
  const text = askAgain(entry, state.trace, xId);
  assert.equal(x.grad, -3);
  assert.match(text, /^xw = x \* w\. Before xw\._backward\(\) runs: xw: data -6, grad 1; x: data 2, grad 0; w: data -3, grad 0\./);
  assert.match(text, /After it, what is the grad of x\?$/);
});

test('by hand (chapter 2) the base case is asked too, and a wrong answer gets the base case as its rule', () => {
  const { state } = neuronStep();
  const seed = state.log[0];
  const root = state.trace.root;
  assert.deepEqual(askedOf(seed, true), [root]);
  assert.deepEqual(askedOf(seed), [], 'elsewhere it is not asked');
  const [right] = markAnswers(seed, state.trace, new Map([[root, '1']]), ENGINE_CLOSURES);
  assert.equal(right.right, true);
  const [wrong] = markAnswers(seed, state.trace, new Map([[root, '0']]), ENGINE_CLOSURES);
  assert.equal(wrong.right, false);
  assert.equal(wrong.rule, 'the base case: xw moves exactly as fast as itself, so dxw/dxw = 1; you wrote 0');
  assert.match(askAgain(seed, state.trace, root), /^xw is the output of the graph, data -6\. What is the grad of xw/);
});
