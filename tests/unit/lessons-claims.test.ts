// Numbers the chapters state in prose that no cell prints on "Run all"
// (tests/e2e/chapter-numbers.ts checks the printed ones): if the engine's
// arithmetic changes, these tell the author which sentence to revisit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, MLP } from '../../src/engine/index.ts';

const xs = [
  [2.0, 3.0, -1.0],
  [3.0, -1.0, 0.5],
  [0.5, 1.0, 1.0],
  [1.0, 1.0, -1.0],
];
const ys = [1.0, -1.0, -1.0, 1.0];

/** Chapter 9's finalLoss: seed 5, `steps` updates at rate `lr`, the loss at the last step. */
function finalLoss(lr: number, steps = 100): number {
  const m = new MLP(3, [4, 4, 1], { seed: 5 });
  let last = Infinity;
  for (let step = 0; step < steps; step++) {
    let loss = new Value(0);
    xs.forEach((x, i) => (loss = loss.add(m.forward(x)[0].sub(ys[i]).pow(2))));
    last = loss.data;
    m.zeroGrad();
    loss.backward();
    for (const p of m.parameters()) p.data -= lr * p.grad;
  }
  return last;
}

test('chapter 9: the first learning rate k / 100 that breaks training is 0.24; some larger ones train fine', () => {
  for (let k = 1; k < 24; k++) assert.ok(finalLoss(k / 100) < 0.1, `lr ${k / 100} still trains`);
  assert.ok(finalLoss(0.24) > 1, 'lr 0.24 breaks');
  assert.ok(finalLoss(0.25) < 0.01 && finalLoss(0.3) < 0.01, '0.25 and 0.3 train fine');
  let broken = 0;
  for (let k = 61; k <= 98; k++) if (finalLoss(k / 100) > 1) broken++;
  assert.ok(broken >= 35, `well past 0.5 nearly every rate breaks (${broken} of 38 from 0.61 to 0.98)`);
});

test('chapter 9: the predictions after 100 steps at 0.1, as the text quotes them', () => {
  const m = new MLP(3, [4, 4, 1], { seed: 5 });
  for (let step = 0; step < 100; step++) {
    let loss = new Value(0);
    xs.forEach((x, i) => (loss = loss.add(m.forward(x)[0].sub(ys[i]).pow(2))));
    m.zeroGrad();
    loss.backward();
    for (const p of m.parameters()) p.data -= 0.1 * p.grad;
  }
  assert.deepEqual(
    xs.map((x) => m.forward(x)[0].data.toFixed(4)),
    ['0.9770', '-0.9848', '-0.9695', '0.9665'],
  );
});

test('chapter 8: one forward pass of MLP(3, [4, 4, 1]) is 126 values: 41 parameters, 12 input leaves, 32 products, 32 sums, 9 tanh', () => {
  const y = new MLP(3, [4, 4, 1]).forward([2.0, 3.0, -1.0])[0];
  const seen = new Set<Value>();
  const stack = [y];
  while (stack.length) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    stack.push(...v._prev);
  }
  const ops = (op: string) => [...seen].filter((v) => v._op === op).length;
  assert.equal(seen.size, 126);
  assert.deepEqual([ops('*'), ops('+'), ops('tanh'), ops('')], [32, 32, 9, 53]);
});
