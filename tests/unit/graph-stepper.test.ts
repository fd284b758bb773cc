// The page's own stepper for static examples: one `_backward` call at a time
// on live Values, reporting which grads changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace, type Trace } from '../../src/engine/index.ts';
import { buildExample, exampleNames } from '../../src/widgets/graph/examples.ts';
import { createLocalStepper } from '../../src/widgets/graph/local-stepper.ts';

function setup() {
  const { root } = buildExample('neuron');
  const t = trace(root);
  const id = (label: string) => {
    const node = t.nodes.find((n) => n.label === label);
    assert.ok(node, label);
    return node.id;
  };
  return { root, stepper: createLocalStepper(root), id };
}

const gradsOf = (t: Trace) => Object.fromEntries(t.nodes.map((n) => [n.label, n.grad]));
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

test('examples exist and unknown names fail clearly', () => {
  assert.deepEqual(exampleNames, ['L', 'neuron']);
  assert.equal(buildExample('L').root.data, -8);
  assert.throws(() => buildExample('nope'), /unknown example "nope"; use one of "L", "neuron"/);
});

test('after setGrad(o, 1) and callBackward(o) only n gets 0.5', async () => {
  const { stepper, id } = setup();
  const first = await stepper.setGrad(id('o'), 1);
  assert.deepEqual(first.changed, [id('o')]);
  const r = await stepper.callBackward(id('o'));
  assert.deepEqual(r.changed, [id('n')]);
  assert.equal(r.error, undefined);
  const g = gradsOf(r.trace);
  close(g.n, 0.5);
  for (const label of ['x1', 'w1', 'x2', 'w2', 'b', 'x1*w1', 'x2*w2', 'x1*w1 + x2*w2']) assert.equal(g[label], 0, label);
});

test('a leaf _backward changes nothing', async () => {
  const { stepper, id } = setup();
  await stepper.setGrad(id('o'), 1);
  await stepper.callBackward(id('o'));
  await stepper.callBackward(id('n'));
  const r = await stepper.callBackward(id('b'));
  assert.deepEqual(r.changed, []);
  assert.equal(r.error, undefined);
});

test('calling x1*w1 before the sum leaves x1 at 0', async () => {
  const { stepper, id } = setup();
  await stepper.setGrad(id('o'), 1);
  await stepper.callBackward(id('o'));
  const r = await stepper.callBackward(id('x1*w1'));
  assert.deepEqual(r.changed, []);
  assert.equal(gradsOf(r.trace).x1, 0);
});

test('the right order reaches the lecture grads', async () => {
  const { stepper, id } = setup();
  await stepper.setGrad(id('o'), 1);
  let r;
  for (const label of ['o', 'n', 'b', 'x1*w1 + x2*w2', 'x2*w2', 'x1*w1']) r = await stepper.callBackward(id(label));
  const g = gradsOf(r!.trace);
  close(g.x1, -1.5);
  close(g.w1, 1);
  close(g.x2, 0.5);
  close(g.w2, 0);
  close(g.b, 0.5);
  close(g['x1*w1'], 0.5);
});

test('backward() and zeroGrads()', async () => {
  const { stepper } = setup();
  const r = await stepper.backward();
  const g = gradsOf(r.trace);
  close(g.o, 1);
  close(g.x1, -1.5);
  close(g.w1, 1);
  close(g.x2, 0.5);
  close(g.w2, 0);
  assert.equal(r.changed.length, 9, 'every grad but w2 changed');
  const z = await stepper.zeroGrads();
  assert.ok(z.trace.nodes.every((n) => n.grad === 0));
  assert.equal(z.changed.length, 9);
});

test('backward() on an object without backward(): grad 1, then _backward in reverse topological order', async () => {
  const a = { label: 'a', data: 2, grad: 0, _prev: [], _backward() {} };
  const b = { label: 'b', data: 3, grad: 0, _prev: [], _backward() {} };
  const out = {
    label: 'out', data: 6, grad: 0, _prev: [a, b], _op: '*',
    _backward() {
      a.grad += b.data * out.grad;
      b.grad += a.data * out.grad;
    },
  };
  const r = await createLocalStepper(out).backward();
  assert.deepEqual(gradsOf(r.trace), { a: 3, b: 2, out: 1 });
});

test('a _backward that is not a function, or throws, is reported at its node', async () => {
  const a = { label: 'a', data: 2, grad: 0, _prev: [] };
  const out = { label: 'out', data: 4, grad: 1, _prev: [a], _op: '**2', _backward: undefined as unknown };
  const stepper = createLocalStepper(out);
  const outId = trace(out).root;
  const r = await stepper.callBackward(outId);
  assert.deepEqual(r.error, { nodeId: outId, message: 'out._backward is not a function' });
  assert.equal(r.trace.nodes.length, 2, 'the graph stays usable');
  out._backward = () => {
    throw new Error('boom');
  };
  const r2 = await stepper.callBackward(outId);
  assert.deepEqual(r2.error, { nodeId: outId, message: 'boom' });
  const whole = await stepper.backward();
  assert.deepEqual(whole.error, { nodeId: outId, message: 'boom' });
});
