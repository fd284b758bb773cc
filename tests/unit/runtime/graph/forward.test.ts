// The forward pass replayed (src/runtime/graph/forward.ts, made.ts, origins.ts): the
// order the code made a graph's values in, for the engine's Value and for a
// reader's own class compiled as the worker compiles cells; the line each op
// shows; the fallback when the order is not known; a predicted data marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { Value } from '../../../../src/engine/value.ts';
import { trace, traceLive, type Trace } from '../../../../src/engine/trace.ts';
import { compile, originalPosition } from '../../../../src/runtime/compile.ts';
import { forwardOf } from '../../../../src/runtime/graph/forward.ts';
import { made, markData } from '../../../../src/runtime/graph/made.ts';
import { Origins, RECORD_LIMIT } from '../../../../src/runtime/graph/origins.ts';
import { createStepper } from '../../../../src/runtime/graph/stepper.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';

function forwardOfRoot(root: object, origins: Origins) {
  const { trace: t, live } = traceLive(root);
  return { t, f: forwardOf(t, (id) => origins.of(live.get(id)!)) };
}
const labels = (t: Trace, ids: number[]) => ids.map((id) => t.nodes.find((n) => n.id === id)!.label);

test("the engine's neuron replays in the order its builder made the values, not the drawing's topological order", () => {
  const origins = new Origins();
  const { root } = origins.during([Value], () => buildExample('neuron', origins.track(Value)));
  const { t, f } = forwardOfRoot(root, origins);
  assert.equal(f.known, true);
  assert.deepEqual(labels(t, f.order), ['x1', 'x2', 'w1', 'w2', 'b', 'x1*w1', 'x2*w2', 'x1*w1 + x2*w2', 'n', 'o']);
  assert.notDeepEqual(
    f.order,
    t.nodes.map((n) => n.id),
  );
  const n = t.nodes.find((x) => x.label === 'n')!;
  assert.equal(made(n, t).line, 'n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814');
  const x1w1 = t.nodes.find((x) => x.label === 'x1*w1')!;
  assert.equal(made(x1w1, t).line, 'x1*w1 = x1 * w1 = 2 * (-3) = -6');
  assert.equal(
    made(
      t.nodes.find((x) => x.label === 'o')!,
      t,
    ).line,
    'o = tanh(n) = tanh(0.8814) = 0.7071',
  );
  assert.deepEqual(
    made(
      t.nodes.find((x) => x.label === 'x1')!,
      t,
    ),
    { line: 'x1 = 2', leaf: true },
  );
});

test("recording ends with the run: the engine's ops are its own again and later values are not stamped", () => {
  const add = Value.prototype.add;
  const origins = new Origins();
  origins.during([Value], () => {
    assert.notEqual(Value.prototype.add, add);
    new Value(1).add(2);
  });
  assert.equal(Value.prototype.add, add);
  assert.equal(origins.of(new Value(1).add(2)), undefined);
});

test('a number an op wraps is made inside it, before the result; an input made before recording is a guess, so the order is not known', () => {
  const early = new Value(3, [], '', 'early');
  const origins = new Origins();
  const V = origins.track(Value);
  const out = origins.during([Value], () => {
    const a = new V(2, [], '', 'a');
    const s = a.add(5);
    s.label = 's';
    return s.mul(early);
  });
  const { t, f } = forwardOfRoot(out, origins);
  assert.equal(f.known, false);
  assert.equal(origins.of(early)?.used, true);
  // The guessed place still gives a forward order: every value after its inputs.
  assert.deepEqual(labels(t, f.order), ['a', '', 's', 'early', '']);
});

test("values made while nothing records: the order is not known and the trace's topological order stands in", () => {
  const a = new Value(2, [], '', 'a');
  const b = a.mul(a).add(a);
  const origins = new Origins();
  const { t, f } = forwardOfRoot(b, origins);
  assert.equal(f.known, false);
  assert.deepEqual(
    f.order,
    t.nodes.map((n) => n.id),
  );
  assert.deepEqual(f.sites, {});
});

// A reader's class, compiled as the worker compiles cells, run in a scope of its own.
const CLASS_CELL = `class Value {
  data: number; grad = 0; _prev: Value[]; _op: string; label: string;
  constructor(data: number, children: Value[] = [], op = '', label = '') {
    this.data = data; this._prev = children; this._op = op; this.label = label;
  }
  add(other: Value): Value { return new Value(this.data + other.data, [this, other], '+'); }
  mul(other: Value): Value { return new Value(this.data * other.data, [this, other], '*'); }
}`;
const DRAW_CELL = `const b = new Value(-3.0, [], '', 'b');
const a = new Value(2.0, [], '', 'a');
const e = a.mul(b); e.label = 'e';
const c = new Value(10.0, [], '', 'c');
const d = e.add(c); d.label = 'd';
d`;

function runCells(origins: Origins, cells: string[]): unknown {
  const scope: Record<string, unknown> = { __origins: { made: origins.made, at: (line: number) => origins.at(line) } };
  let last: unknown;
  cells.forEach((code, i) => {
    const c = compile(code, { origins: '__origins' });
    assert.ok(c.ok);
    // As the worker does for a cell that draws: record while it runs (no engine class here).
    if (i === cells.length - 1) origins.start(i + 1, []);
    last = runInNewContext(c.js, scope);
    origins.stop();
  });
  return last;
}

test("a reader's own class (defined in an earlier cell) replays in creation order, each value at the line that made it", () => {
  const origins = new Origins();
  const d = runCells(origins, [CLASS_CELL, DRAW_CELL]) as object;
  const { t, f } = forwardOfRoot(d, origins);
  assert.equal(f.known, true);
  assert.deepEqual(labels(t, f.order), ['b', 'a', 'e', 'c', 'd']);
  const line = (label: string) => f.sites[t.nodes.find((n) => n.label === label)!.id];
  // Cell 2, the line of the statement that made it: for e and d, the line that called the op.
  assert.deepEqual(
    [line('b'), line('a'), line('e'), line('c'), line('d')],
    [
      [2, 1],
      [2, 2],
      [2, 3],
      [2, 4],
      [2, 5],
    ],
  );
});

test('a value made inside a loop of the cell is placed at its own line, one made inside a function at the line that called it', () => {
  const origins = new Origins();
  const cells = [
    CLASS_CELL,
    `function twice(v: Value) {
  return v.add(v);
}
let s = new Value(1, [], '', 's');
for (let i = 0; i < 2; i++) {
  s = s.mul(new Value(2, [], '', 'k' + i));
}
twice(s)`,
  ];
  const out = runCells(origins, cells) as object;
  const { t, f } = forwardOfRoot(out, origins);
  assert.equal(f.known, true);
  const site = (label: string) => f.sites[t.nodes.find((n) => n.label === label)!.id];
  assert.deepEqual(site('s'), [2, 4]);
  assert.deepEqual(site('k0'), [2, 6]);
  assert.deepEqual(site('k1'), [2, 6]);
  assert.deepEqual(f.sites[t.root], [2, 8]);
});

test('the stepper sends the forward pass with every state when its host records origins', () => {
  const origins = new Origins();
  const { root } = origins.during([Value], () => buildExample('L', origins.track(Value)));
  const s = createStepper(root, { originOf: (n) => origins.of(n) });
  const state = s.seed();
  assert.equal(state.forward?.known, true);
  assert.deepEqual(labels(state.trace, state.forward!.order), ['a', 'b', 'c', 'e', 'd', 'f', 'L']);
  assert.equal(createStepper(root).state().forward, undefined);
});

test('a predicted data is right to 1e-4 (typed as a reader types it), and a wrong one gets the line that computes it', () => {
  const origins = new Origins();
  const { root } = origins.during([Value], () => buildExample('neuron', origins.track(Value)));
  const t = trace(root);
  const n = t.nodes.find((x) => x.label === 'n')!;
  assert.equal(markData(n, t, '0.88137').right, true);
  assert.equal(markData(n, t, ' 0,8814 ').right, true);
  const wrong = markData(n, t, '−6');
  assert.equal(wrong.right, false);
  assert.equal(wrong.rule, 'n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814; you wrote −6');
  assert.match(markData(n, t, '').rule!, /you wrote nothing$/);
});

test('a run stops recording after RECORD_LIMIT values: what comes later has no place, so the order is not known', () => {
  const origins = new Origins();
  const V = origins.track(Value);
  const add = Value.prototype.add;
  const last = origins.during([Value], () => {
    let s = new V(0);
    for (let i = 0; i < RECORD_LIMIT; i++) s = s.add(1);
    // Recording stopped on its own: the engine's ops are its own again.
    assert.equal(Value.prototype.add, add);
    return s.add(1);
  });
  assert.equal(origins.of(last), undefined);
  assert.equal(forwardOfRoot(last.add(1), origins).f.known, false);
});

test("with origins, a cell's positions still map back to its own columns (errors point where the reader wrote)", () => {
  const source = 'const a: number = 1;\nconst b = new Map<string, number>(); b.nope();';
  const c = compile(source, { origins: '__origins' });
  assert.ok(c.ok);
  const line = c.js.split('\n')[1];
  assert.match(line, /^__origins\.at\(2\);var {3}b = __origins\.made\(new Map\(\)\); __origins\.at\(2\);b\.nope\(\);$/);
  assert.deepEqual(originalPosition(c.map, 2, line.indexOf('nope') + 1), { line: 2, column: source.split('\n')[1].indexOf('nope') + 1 });
  assert.equal(c.draws, false);
  assert.equal((compile('draw(x)', { origins: '__origins' }) as { draws: boolean }).draws, true);
});
