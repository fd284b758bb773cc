// The graph view's layout: records and op nodes from a trace, edges child →
// op → result, blanks for missing fields, and the 500-value cut-off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace } from '../../../../src/engine/index.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';
import { createStepper } from '../../../../src/runtime/graph/stepper.ts';
import { MAX_DRAWN_VALUES, layoutGraph, layoutInput, opKey, valueKey, type LayoutInput } from '../../../../src/widgets/graph/layout.ts';
import { layeredLayout } from '../../../../src/widgets/graph/layered.ts';
import { edgeLabels } from '../../../../src/runtime/graph/edge-labels.ts';

/** Edges as readable names: "a -> * -> e". */
function namedEdges(input: LayoutInput): string[] {
  const names = new Map<string, string>();
  for (const v of input.values) names.set(v.key, v.label || `#${v.id}`);
  for (const o of input.ops) names.set(o.key, `${o.symbol}(${names.get(valueKey(o.resultId))})`);
  return input.edges.map(([from, to]) => `${names.get(from)} -> ${names.get(to)}`).sort();
}

test('the L example: 7 records, 3 ops, 9 edges child → op → result', () => {
  const { root } = buildExample('L');
  const input = layoutInput(trace(root));
  assert.deepEqual(input.values.map((v) => v.label).sort(), ['L', 'a', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(input.ops.map((o) => o.symbol).sort(), ['*', '*', '+']);
  assert.deepEqual(namedEdges(input), [
    '*(L) -> L',
    '*(e) -> e',
    '+(d) -> d',
    'a -> *(e)',
    'b -> *(e)',
    'c -> +(d)',
    'd -> *(L)',
    'e -> +(d)',
    'f -> *(L)',
  ]);
  const L = input.values.find((v) => v.label === 'L')!;
  assert.equal(L.dataText, 'data -8.0000');
  assert.equal(L.gradText, 'grad 0.0000');
  assert.equal(L.isRoot, true);
  assert.equal(input.values.filter((v) => v.isRoot).length, 1);
  assert.deepEqual(
    input.values
      .filter((v) => v.isLeaf)
      .map((v) => v.label)
      .sort(),
    ['a', 'b', 'c', 'f'],
  );
});

test('the neuron: 10 records, 5 ops (*, *, +, +, tanh), 14 edges, lecture data', () => {
  const { root } = buildExample('neuron');
  const input = layoutInput(trace(root));
  assert.equal(input.values.length, 10);
  assert.deepEqual(input.ops.map((o) => o.symbol).sort(), ['*', '*', '+', '+', 'tanh']);
  assert.equal(input.edges.length, 14);
  const data = Object.fromEntries(input.values.map((v) => [v.label, v.dataText]));
  assert.equal(data.o, 'data 0.7071');
  assert.equal(data.b, 'data 6.8814');
  assert.equal(data.n, 'data 0.8814');
  assert.ok(namedEdges(input).includes('n -> tanh(o)'));
  assert.ok(namedEdges(input).includes('tanh(o) -> o'));
});

test('layoutGraph places every shape left to right (rankdir LR)', () => {
  const { root } = buildExample('neuron');
  const layout = layoutGraph(trace(root));
  assert.equal(layout.tooLarge, false);
  if (layout.tooLarge) return;
  assert.equal(layout.values.length, 10);
  assert.equal(layout.ops.length, 5);
  assert.equal(layout.edges.length, 14);
  const x = new Map([...layout.values, ...layout.ops].map((s) => [s.key, s.x]));
  for (const e of layout.edges) {
    assert.ok(x.get(e.from)! < x.get(e.to)!, `${e.from} left of ${e.to}`);
    assert.ok(e.points.length >= 2);
  }
  for (const s of [...layout.values, ...layout.ops]) {
    assert.ok(Number.isFinite(s.x) && Number.isFinite(s.y));
    assert.ok(s.x - s.width / 2 >= 0 && s.x + s.width / 2 <= layout.width);
    assert.ok(s.y - s.height / 2 >= 0 && s.y + s.height / 2 <= layout.height);
  }
});

test('ids and keys are stable across a step', async () => {
  const { root } = buildExample('neuron');
  const before = layoutInput(trace(root));
  const stepper = createStepper(root);
  const rootId = trace(root).root;
  stepper.seed();
  const result = stepper.call(rootId);
  const after = layoutInput(result.trace);
  assert.deepEqual(
    after.values.map((v) => v.key),
    before.values.map((v) => v.key),
  );
  assert.deepEqual(
    after.ops.map((o) => o.key),
    before.ops.map((o) => o.key),
  );
  assert.deepEqual(after.edges, before.edges);
  const n = after.values.find((v) => v.label === 'n')!;
  assert.equal(n.gradText, 'grad 0.5000');
});

test('a foreign Value-shaped object lays out too (Set children, its own op names)', () => {
  class MyValue {
    data: number;
    grad = 0;
    _prev: Set<MyValue>;
    _op: string;
    label: string;
    constructor(data: number, children: MyValue[] = [], op = '', label = '') {
      this.data = data;
      this._prev = new Set(children);
      this._op = op;
      this.label = label;
    }
  }
  const a = new MyValue(3, [], '', 'a');
  const sq = new MyValue(9, [a], '**2', 'sq');
  const r = new MyValue(9, [sq], 'ReLU', 'r');
  const input = layoutInput(trace(r));
  assert.deepEqual(
    input.values.map((v) => v.label),
    ['a', 'sq', 'r'],
  );
  assert.deepEqual(
    input.ops.map((o) => o.symbol),
    ['**2', 'ReLU'],
  );
  assert.deepEqual(namedEdges(input), ['**2(sq) -> sq', 'ReLU(r) -> r', 'a -> **2(sq)', 'sq -> ReLU(r)']);
  assert.ok(input.values.every((v) => !v.hasBackward));
});

test('missing fields are blanks, not errors', () => {
  const leaf = {};
  const half = { _prev: [leaf], data: 'not a number' };
  const input = layoutInput(trace(half));
  assert.equal(input.values.length, 2);
  for (const v of input.values) {
    assert.equal(v.label, `#${v.id}`);
    assert.equal(v.unlabelled, true);
    assert.equal(v.dataText, 'data');
    assert.equal(v.gradText, 'grad');
    assert.equal(v.op, '');
  }
  // No op: the child feeds the value directly.
  assert.deepEqual(input.edges, [[valueKey(input.values[0].id), valueKey(input.values[1].id)]]);
  assert.equal(input.ops.length, 0);
  const layout = layoutGraph(trace(half));
  assert.equal(layout.tooLarge, false);
});

test('a + a draws two edges from a into the op, bowed apart so both are seen', () => {
  const a = new Value(2, [], '', 'a');
  const s = a.add(a);
  const input = layoutInput(trace(s));
  assert.equal(input.values.length, 2);
  const [A, S, OP] = [valueKey(trace(a).root), valueKey(trace(s).root), opKey(trace(s).root)];
  assert.deepEqual(input.edges, [
    [OP, S],
    [A, OP],
    [A, OP],
  ]);
  const layout = layoutGraph(trace(s));
  assert.ok(!layout.tooLarge);
  if (layout.tooLarge) return;
  const twins = layout.edges.filter((e) => e.from === A);
  assert.deepEqual(
    twins.map((e) => e.key),
    [`${A}>${OP}`, `${A}>${OP}#2`],
  );
  assert.notDeepEqual(twins[0].points[1], twins[1].points[1]);
});

test('an unlabelled value is drawn with its expression, as its messages name it; callable values get a call button', () => {
  const a = new Value(2, [], '', 'a');
  const s = a.mul(3);
  const t = trace(s);
  const input = layoutInput(t, { callable: true });
  const unnamed = input.values.filter((v) => v.unlabelled).map((v) => v.label);
  assert.deepEqual(unnamed, ['3', 'a*3']);
  assert.ok(input.values.every((v) => v.lead > 0));
  assert.ok(layoutInput(t).values.every((v) => v.lead === 0));
});

test('a cycle or a non-Value child fails in trace with a clear message, before layout', () => {
  const a: { label: string; _prev: unknown[] } = { label: 'a', _prev: [] };
  a._prev.push(a);
  assert.throws(() => layoutGraph(trace(a)), { name: 'TypeError', message: /cycle through 'a'/ });
  assert.throws(() => layoutGraph(trace({ label: 'b', _prev: [3] })), { name: 'TypeError', message: /not a Value/ });
});

function chain(n: number): Value {
  let v = new Value(1, [], '', 'x0');
  for (let i = 1; i < n; i++) v = v.add(1);
  return v;
}

test(`more than ${MAX_DRAWN_VALUES} values: no layout, just the count`, () => {
  // chain(n) has n - 1 adds, each with a constant leaf: 2n - 1 values.
  const small = layoutGraph(trace(chain(250))); // 499 values
  assert.equal(small.tooLarge, false);
  const edge = layoutGraph(trace(chain(251))); // 501 values
  assert.deepEqual(edge, { tooLarge: true, valueCount: 501 });
});

test('a step reuses the previous positions; a new shape is laid out afresh', async () => {
  const { root } = buildExample('neuron');
  const t = trace(root);
  const first = layoutGraph(t);
  const stepper = createStepper(root);
  const r = stepper.backward();
  const again = layoutGraph(r.trace, { previous: first });
  assert.ok(!first.tooLarge && !again.tooLarge);
  if (first.tooLarge || again.tooLarge) return;
  assert.equal(again.signature, first.signature);
  assert.equal(again.edges, first.edges, 'same edge routes, no dagre run');
  assert.deepEqual(
    again.values.map((v) => [v.x, v.y]),
    first.values.map((v) => [v.x, v.y]),
  );
  assert.equal(again.values.find((v) => v.label === 'x1')!.gradText, 'grad -1.5000');
  // A value the step left as it was keeps its object (the drawing skips it); a changed one is new.
  const zeroed = layoutGraph(createStepper(root).zero().trace, { previous: again });
  assert.ok(!zeroed.tooLarge);
  if (zeroed.tooLarge) return;
  const same = (label: string) => zeroed.values.find((v) => v.label === label) === again.values.find((v) => v.label === label);
  assert.equal(same('w2'), true, 'w2 has grad 0 before and after (x2 is 0)');
  assert.equal(same('x1'), false, "x1's grad went from -1.5 to 0");
  const other = layoutGraph(trace(buildExample('L').root), { previous: first });
  assert.ok(!other.tooLarge && other.signature !== first.signature && other.values.length === 7);
});

test('past 500 values, when the host allows them: the layered layout, every edge left to right, no two shapes overlapping', () => {
  // A network-like graph: 30 chains that share their inputs, summed: 1,000-odd values.
  const x = new Value(0.5, [], '', 'x');
  const y = new Value(-1, [], '', 'y');
  let total: Value | null = null;
  for (let k = 0; k < 30; k++) {
    let h = x.mul(k).add(y.mul(-k));
    for (let i = 0; i < 15; i++) h = h.add(x.mul(i)).relu();
    total = total === null ? h : total.add(h);
  }
  const t = trace(total!);
  assert.ok(t.nodes.length > 1000, `${t.nodes.length} values`);
  assert.deepEqual(layoutGraph(t), { tooLarge: true, valueCount: t.nodes.length }, 'the default still draws 500 at most');
  const layout = layoutGraph(t, { maxValues: 2000, largeLayout: layeredLayout });
  assert.ok(!layout.tooLarge);
  if (layout.tooLarge) return;
  const shapes = [...layout.values, ...layout.ops];
  const at = new Map(shapes.map((s) => [s.key, s]));
  for (const e of layout.edges) {
    const [a, b] = [at.get(e.from)!, at.get(e.to)!];
    assert.ok(a.x + a.width / 2 <= b.x - b.width / 2, `${e.key} runs left to right`);
    assert.equal(e.points.length, 2);
  }
  // Shapes of one column do not overlap, and all lie inside the drawing.
  const columns = new Map<number, typeof shapes>();
  for (const s of shapes) columns.set(s.x, [...(columns.get(s.x) ?? []), s]);
  for (const column of columns.values()) {
    column.sort((a, b) => a.y - b.y);
    for (let i = 1; i < column.length; i++) assert.ok(column[i - 1].y + column[i - 1].height / 2 < column[i].y - column[i].height / 2);
  }
  for (const s of shapes) assert.ok(s.y - s.height / 2 >= 0 && s.y + s.height / 2 <= layout.height && s.x + s.width / 2 <= layout.width);
  // The output is the rightmost shape.
  const root = layout.values.find((v) => v.isRoot)!;
  assert.equal(Math.max(...shapes.map((s) => s.x)), root.x);
});

test("an op's inputs are drawn top to bottom in the order the code passed them (a above b)", () => {
  const placed = (root: Value) => {
    const layout = layoutGraph(trace(root));
    assert.ok(!layout.tooLarge);
    return new Map(layout.values.map((v) => [v.label, v]));
  };
  const L = placed(buildExample('L').root);
  assert.ok(L.get('a')!.y < L.get('b')!.y, 'a above b');
  assert.ok(L.get('e')!.y < L.get('c')!.y, 'e above c');
  assert.ok(L.get('d')!.y < L.get('f')!.y, 'd above f');
  const n = placed(buildExample('neuron').root);
  assert.ok(n.get('x1')!.y < n.get('w1')!.y && n.get('x2')!.y < n.get('w2')!.y);
  assert.ok(n.get('x1*w1')!.y < n.get('x2*w2')!.y);
  const a = new Value(1, [], '', 'a');
  const b = new Value(2, [], '', 'b');
  const ba = placed(b.mul(a));
  assert.ok(ba.get('b')!.y < ba.get('a')!.y, 'b.mul(a): b above a');
  // Here dagre alone draws l2 below l0 (found among random expressions): the two leaves are swapped back.
  const l = Array.from({ length: 6 }, (_, i) => new Value(i + 1, [], '', `l${i}`));
  const mixed = placed(l[1].mul(l[4]).add(l[2].mul(l[0]).add(l[5]).add(l[3])));
  assert.ok(mixed.get('l1')!.y < mixed.get('l4')!.y, 'l1 above l4');
  assert.ok(mixed.get('l2')!.y < mixed.get('l0')!.y, 'l2 above l0');
});

test('a graph too long for the column stacks its records; a short one keeps them in a row', () => {
  const a = new Value(1, [], '', 'a');
  const short = layoutGraph(trace(a.exp()));
  assert.ok(!short.tooLarge);
  assert.ok(
    short.values.every((v) => v.fields.label.y === v.fields.grad!.y),
    'a row: label | data | grad',
  );
  const neuron = layoutGraph(trace(buildExample('neuron').root), { callable: true });
  assert.ok(!neuron.tooLarge);
  assert.ok(
    neuron.values.every((v) => v.fields.label.y < v.fields.data!.y && v.fields.data!.y < v.fields.grad!.y),
    'stacked',
  );
  // The lesson column (757 px) holds the whole neuron at 11 px text.
  assert.ok(neuron.width * (11.01 / 13) < 820, `neuron ${neuron.width} px wide`);
});

test('with edge labels, each edge into an op carries its local derivative, placed between its ends', () => {
  const layout = layoutGraph(trace(buildExample('neuron').root), { edgeLabels });
  assert.ok(!layout.tooLarge);
  const labelled = layout.edges.filter((e) => e.label);
  assert.equal(labelled.length, 9); // 2 per * and +, 1 into tanh; op → result edges have none
  const into = (text: string) => labelled.find((e) => e.label!.text === text);
  assert.ok(into('×(1 − t²) = 0.5'));
  assert.ok(into('×w1.data = −3'));
  for (const e of labelled) {
    const xs = e.points.map((p) => p.x);
    assert.ok(e.label!.x > Math.min(...xs) && e.label!.x < Math.max(...xs), `${e.label!.text} sits on its edge`);
  }
  const plain = layoutGraph(trace(buildExample('neuron').root));
  assert.ok(!plain.tooLarge && plain.edges.every((e) => !e.label), 'off by default');
});
