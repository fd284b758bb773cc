// The page reads every message from the cell worker through readFromWorker:
// what protocol.ts describes passes, anything else (forged, malformed, larger
// than the page can draw) is dropped, never thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, readFromWorker } from '../../../src/runtime/from-worker.ts';
import { trace } from '../../../src/engine/trace.ts';
import { Value } from '../../../src/engine/index.ts';
import { createStepper } from '../../../src/runtime/graph/stepper.ts';

const a = new Value(2, [], '', 'a');
const b = new Value(-3, [], '', 'b');
const o = a.mul(b).tanh();
o.label = 'o';

test('the messages the worker sends pass as they are', () => {
  const msgs = [
    { type: 'ready' },
    { type: 'pong', id: 3 },
    { type: 'started', runId: 1 },
    { type: 'done', runId: 1, ok: true },
    { type: 'done', runId: 2, ok: false, check: { passed: false, message: 'Not yet' } },
    {
      type: 'output',
      runId: 1,
      items: [
        { kind: 'log', level: 'warn', text: 'hi' },
        { kind: 'result', text: '2' },
        { kind: 'error', message: 'TypeError: x', line: 2, column: 5, cell: 1 },
        { kind: 'notice', text: '… 3 more lines not shown' },
        { kind: 'graph', graphId: 1, trace: trace(o), label: 'the neuron', stage: 'calls' },
        {
          kind: 'plot',
          title: 'drift',
          x: 'step',
          lines: [
            {
              name: 'loss',
              points: [
                [0, 8],
                [1, 8],
              ],
            },
          ],
          arrows: [],
        },
        { kind: 'plot', title: 'slice', lines: [], arrows: [{ name: 'step', from: [0, 8], to: [0.1, 8] }] },
      ],
    },
    { type: 'graph-failed', requestId: 4, message: 'gone' },
    { type: 'graphs-stale', graphIds: [1, 2] },
  ];
  for (const m of msgs) assert.deepEqual(readFromWorker(m), m);
});

test("a stepper's states pass, log and all", () => {
  const s = createStepper(o);
  s.seed();
  const state = s.call(trace(o).root);
  const m = { type: 'graph-state', requestId: 9, state: JSON.parse(JSON.stringify(state)) };
  assert.deepEqual(readFromWorker(m), m);
});

test('forged, malformed and oversized messages are dropped, not thrown', () => {
  const big = trace(o);
  const bad: unknown[] = [
    null,
    'done',
    42,
    { type: 'done', runId: '1', ok: true },
    { type: 'done', runId: 1, ok: true, check: { passed: 'yes' } },
    { type: 'output', runId: 1, items: [{ kind: 'html', html: '<img src=x onerror=alert(1)>' }] },
    { type: 'output', runId: 1, items: [{ kind: 'log', level: 'log', text: 'x'.repeat(LIMITS.text + 1) }] },
    { type: 'output', runId: 1, items: [{ kind: 'error', message: 'e'.repeat(LIMITS.message + 1) }] },
    { type: 'output', runId: 1, items: [{ kind: 'graph', graphId: 1, trace: big, label: 'c'.repeat(LIMITS.caption + 1) }] },
    {
      type: 'output',
      runId: 1,
      items: [{ kind: 'graph', graphId: 1, trace: { ...big, nodes: [{ ...big.nodes[0], label: 'l'.repeat(LIMITS.label + 1) }] } }],
    },
    {
      type: 'output',
      runId: 1,
      items: [{ kind: 'graph', graphId: 1, trace: { ...big, edges: Array.from({ length: LIMITS.edges + 1 }, () => [1, 2]) } }],
    },
    { type: 'output', runId: 1, items: [{ kind: 'graph', graphId: 1, trace: big, stage: 'x'.repeat(100) }] },
    {
      type: 'graph-state',
      requestId: 1,
      state: { trace: big, log: [{ kind: 'call' }], cursor: 0, changed: [], focus: null, stale: false },
    },
    { type: 'graphs-stale', graphIds: [-1] },
    { type: 'something-else' },
  ];
  for (const m of bad) assert.equal(readFromWorker(m), null, JSON.stringify(m)?.slice(0, 120));
});

test('a plot passes with finite numbers and within its limits only', () => {
  const item = (plot: object) =>
    readFromWorker({ type: 'output', runId: 1, items: [{ kind: 'plot', title: 't', lines: [], arrows: [], ...plot }] });
  const line = (points: unknown) => ({ lines: [{ name: 'l', points }] });
  assert.ok(item(line([[0, 1]])));
  for (const bad of [
    line([[0, NaN]]),
    line([[0, Infinity]]),
    line([[0]]),
    line([['0', 1]]),
    line(Array.from({ length: LIMITS.plotPoints + 1 }, (_, i) => [i, i])),
    { lines: Array.from({ length: LIMITS.plotSeries + 1 }, () => ({ name: 'l', points: [] })) },
    { arrows: [{ name: 'a', from: [0, 0] }] },
    { title: 7 },
    { title: 'x'.repeat(LIMITS.caption + 1) },
    { x: 3 },
    { lines: undefined },
  ]) {
    assert.equal(item(bad), null, JSON.stringify(bad).slice(0, 80));
  }
});

test('a graph item keeps no field the page sets itself', () => {
  const m = readFromWorker({ type: 'output', runId: 1, items: [{ kind: 'graph', graphId: 1, trace: trace(o), worker: 99 }] });
  assert.ok(m && m.type === 'output');
  assert.equal('worker' in m.items[0], false);
});

test("the lab's replies: numbers only, bounded; anything else is malformed", () => {
  const good = { type: 'lab-state', requestId: 3, yours: true, params: [1, 2], grads: [0, 0.5], losses: [0.25] };
  assert.deepEqual(readFromWorker(good), good);
  assert.equal(readFromWorker({ ...good, params: [1, '2'] }), null);
  assert.equal(readFromWorker({ ...good, yours: 'yes' }), null);
  assert.equal(readFromWorker({ ...good, losses: new Array(100_001).fill(0) }), null);
  assert.deepEqual(readFromWorker({ type: 'lab-failed', requestId: 3, message: 'no relu' }), {
    type: 'lab-failed',
    requestId: 3,
    message: 'no relu',
  });
  assert.equal(readFromWorker({ type: 'lab-failed', requestId: 3, message: 'x'.repeat(5000) }), null);
});
