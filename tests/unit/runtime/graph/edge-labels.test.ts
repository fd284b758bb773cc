// The drawing's option that labels each edge into an op with its local
// derivative: the rule as the closure writes it, and its number now.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, trace } from '../../../../src/engine/index.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';
import { edgeLabels } from '../../../../src/runtime/graph/edge-labels.ts';
import { valueNames } from '../../../../src/runtime/graph/names.ts';

function labelsByName(root: Value): Record<string, string[]> {
  const t = trace(root);
  const names = valueNames(t);
  return Object.fromEntries([...edgeLabels(t, names)].map(([id, labels]) => [names.get(id)!, labels]));
}

test("the neuron's edges: ×1 into a +, the other input's data into a *, 1 − t² into tanh", () => {
  const labels = labelsByName(buildExample('neuron').root);
  assert.deepEqual(labels['x1*w1'], ['×w1.data = −3', '×x1.data = 2']);
  assert.deepEqual(labels['x1*w1 + x2*w2'], ['×1', '×1']);
  assert.deepEqual(labels['n'], ['×1', '×1']);
  assert.deepEqual(labels['o'], ['×(1 − t²) = 0.5']);
});

test('a + a has a label for each of its two edges; other ops read their own rules', () => {
  const a = new Value(2, [], '', 'a');
  const b = new Value(4, [], '', 'b');
  assert.deepEqual(labelsByName(a.add(a))['a + a'], ['×1', '×1']);
  assert.deepEqual(labelsByName(a.sub(b))['a - b'], ['×1', '×(−1)']);
  assert.deepEqual(labelsByName(a.pow(3))['a**3'], ['×3 × a.data^2 = 12']);
  assert.deepEqual(labelsByName(a.exp())['exp(a)'], ['×exp(a).data = 7.3891']);
  assert.deepEqual(labelsByName(a.div(b))['a/b'], ['×(1 / b.data) = 0.25', '×(−a.data / b.data²) = −0.125']);
});

test("an op with no known rule (a reader's own) gets no labels", () => {
  const a = { data: 1, grad: 0, label: 'a', _prev: [] as object[], _op: '' };
  const t = trace({ data: 2, grad: 0, label: 'y', _prev: [a], _op: 'twice' });
  assert.equal(edgeLabels(t, valueNames(t)).size, 0);
});
