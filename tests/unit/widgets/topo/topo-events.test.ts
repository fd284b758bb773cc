// TopoOrder's event sequence (src/widgets/topo/topo-events.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, topologicalOrder } from '../../../../src/engine/index.ts';
import { buildNeuron, describeEvent, stateAfter, topoEvents } from '../../../../src/widgets/topo/topo-events.ts';

const ORDER = ['x1', 'w1', 'x1*w1', 'x2', 'w2', 'x2*w2', 'x1*w1 + x2*w2', 'b', 'n', 'o'];

test("the neuron: 10 visits, 10 appends, in the engine's order", () => {
  const o = buildNeuron();
  assert.ok(Math.abs(o.data - 0.7071067811865476) < 1e-12);
  const events = topoEvents(o);
  assert.equal(events.length, 20);
  assert.equal(events.filter((e) => e.kind === 'visit').length, 10);
  const appends = events.filter((e) => e.kind === 'append');
  assert.deepEqual(
    appends.map((e) => e.node.label),
    ORDER,
  );
  assert.deepEqual(
    appends.map((e) => (e.kind === 'append' ? e.index : 0)),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.deepEqual(
    appends.map((e) => e.node),
    topologicalOrder(o),
  );
  // The walk starts at o and goes down the first inputs.
  assert.deepEqual(
    events.slice(0, 6).map((e) => `${e.kind} ${e.node.label}`),
    ['visit o', 'visit n', 'visit x1*w1 + x2*w2', 'visit x1*w1', 'visit x1', 'append x1'],
  );
});

test('every node is appended after all its inputs', () => {
  const order = topoEvents(buildNeuron())
    .filter((e) => e.kind === 'append')
    .map((e) => e.node);
  for (const [i, node] of order.entries()) for (const child of node._prev) assert.ok(order.indexOf(child) < i);
});

test('stateAfter replays the stack and the order', () => {
  const events = topoEvents(buildNeuron());
  const s5 = stateAfter(events, 5);
  // [value, childrenDone] entries, bottom first: each visited value waits (✓) under its inputs still to visit.
  const entries = (s: ReturnType<typeof stateAfter>) => s.stack.map((e) => `${e.node.label}${e.childrenDone ? '✓' : ''}`);
  assert.deepEqual(entries(s5), ['o✓', 'n✓', 'b', 'x1*w1 + x2*w2✓', 'x2*w2', 'x1*w1✓', 'w1', 'x1✓']);
  assert.deepEqual(s5.order, []);
  const s6 = stateAfter(events, 6);
  assert.deepEqual(
    s6.order.map((v) => v.label),
    ['x1'],
  );
  assert.deepEqual(entries(s6), ['o✓', 'n✓', 'b', 'x1*w1 + x2*w2✓', 'x2*w2', 'x1*w1✓', 'w1']);
  const end = stateAfter(events, events.length);
  assert.deepEqual(end.stack, []);
  assert.deepEqual(
    end.order.map((v) => v.label),
    ORDER,
  );
  assert.equal(stateAfter(events, 0).last, undefined);
  assert.match(describeEvent(events[5]), /append x1 as number 1/);
  assert.match(describeEvent(events[0]), /Visit o, the output/);
});

test('a value used twice is seen, not appended twice, and deep chains do not recurse', () => {
  const a = new Value(3, [], '', 'a');
  const b = a.add(a);
  const events = topoEvents(b);
  assert.deepEqual(
    events.map((e) => `${e.kind} ${e.node.label}`),
    ['visit ', 'visit a', 'append a', 'seen a', 'append '],
  );
  let x = new Value(1);
  for (let i = 0; i < 100_000; i++) x = x.add(1);
  assert.equal(topoEvents(x).filter((e) => e.kind === 'append').length, 200_001);
});

test('Predict first asks before each append which value it appends; a wrong answer is marked with the rule', async () => {
  const { appendQuestion, markAppend } = await import('../../../../src/widgets/topo/topo-question.ts');
  const events = topoEvents(buildNeuron());
  const asked = events.map((_, i) => appendQuestion(events, i)).filter((q) => q !== null);
  assert.deepEqual(
    asked.map((q) => q.want),
    ORDER,
    'one question per append, none before a visit',
  );
  assert.equal(appendQuestion(events, 0), null);
  const first = asked[0];
  assert.match(first.question, /The order so far: empty\. The stack, top first: \[x1, true\], \[w1, false\]/);
  assert.deepEqual(markAppend(first, ' X1 '), { right: true });
  assert.deepEqual(markAppend(first, 'w1'), {
    right: false,
    rule: 'x1 is on top of the stack, marked done, and has no inputs to wait for, so it is appended next; you wrote w1',
  });
  const product = asked[2];
  assert.equal(product.want, 'x1*w1');
  assert.match(product.question, /The order so far: x1, w1\./);
  assert.equal(markAppend(product, 'x1 * w1').right, true);
  assert.match(
    markAppend(product, '').rule!,
    /its inputs x1 and w1 are all in the order already, so it is appended next; you wrote nothing$/,
  );
});
