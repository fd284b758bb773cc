// The training lab's parts without a page: data sets, choices and their
// address, the training step (and its bugs), the graph of one point, the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../../src/engine/value.ts';
import { maxMarginLoss, moons } from '../../../../src/widgets/training/moons.ts';
import { EXPECTED_LOSS_STEP0 } from '../../../../bench/workload.ts';
import { GENERATED, generate, testCount } from '../../../../src/widgets/training/datasets.ts';
import {
  DEFAULT_CONFIG,
  LECTURE_CONFIG,
  dataOf,
  fromHash,
  layerSizes,
  normalise,
  toHash,
  type LabConfig,
} from '../../../../src/widgets/training/config.ts';
import {
  accuracyOf,
  backwardAssigning,
  batchLoss,
  learningRateAt,
  batchOf,
  DEAD_BIAS,
  NO_BUGS,
  createRun,
  flatten,
  neuronGrids,
  parameterValues,
  pointGraph,
  pointLoss,
  scoreGrid,
  scoreOf,
  setParameters,
  step,
  weightPenalty,
} from '../../../../src/widgets/training/trainer.ts';
import { History } from '../../../../src/widgets/training/history.ts';
import { allParams, neuronParams } from '../../../../src/widgets/lab/params.ts';

const runOf = (config: Partial<LabConfig>) => {
  const c = normalise(config);
  return createRun(c, dataOf(c));
};

test('data sets: seeded, the asked-for counts, both classes equally, inside their plots', () => {
  for (const name of GENERATED) {
    const a = generate(name, 60, 0.1);
    assert.deepEqual(generate(name, 60, 0.1), a, `${name} is the same every time`);
    assert.equal(a.xs.length, 60);
    assert.equal(a.test.xs.length, testCount(60));
    assert.equal(a.ys.filter((y) => y === 1).length, 30, `${name}: half of the points are +1`);
    assert.ok(a.ys.every((y) => y === 1 || y === -1));
    const { xMin, xMax, yMin, yMax } = a.bounds;
    for (const [x, y] of [...a.xs, ...a.test.xs])
      assert.ok(x > xMin && x < xMax && y > yMin && y < yMax, `${name}: (${x}, ${y}) is on the plot`);
    // The test points come after the training points: more test points do not move the training ones.
    assert.deepEqual(generate(name, 80, 0.1).xs.slice(0, 60), a.xs);
  }
  assert.notDeepEqual(generate('moons', 60, 0.3).xs, generate('moons', 60, 0.1).xs, 'noise moves the points');
});

test("the default run is chapter 9's moons: the benchmark's hundred points and loss, 100 % within 60 steps", () => {
  const { xs, ys } = moons();
  assert.deepEqual(generate('moons', 100, 0.1).xs, xs);
  assert.equal(ys.filter((y) => y === 1).length, 50);
  const a = runOf({});
  assert.ok(Math.abs(maxMarginLoss(a.model, a.data.xs, a.data.ys, 1e-4).data - EXPECTED_LOSS_STEP0) < 1e-12);
  const b = runOf({});
  let last = step(a);
  assert.deepEqual(step(b), last, 'the same seed, the same step');
  const first = last.loss;
  for (let k = 1; k < 60; k++) last = step(a);
  assert.equal(last.step, 60);
  assert.ok(last.loss < first / 10, `loss ${first} → ${last.loss}`);
  assert.equal(last.accuracy, 1);
  assert.equal(learningRateAt(DEFAULT_CONFIG, 0), 1);
  assert.ok(Math.abs(learningRateAt(DEFAULT_CONFIG, 100) - 0.1) < 1e-12);
  assert.ok(Math.abs(learningRateAt(DEFAULT_CONFIG, 500) - 0.1) < 1e-12);
  assert.equal(learningRateAt({ learningRate: 0.3, decay: false }, 500), 0.3);
});

test("a step's backward per point gives the one big graph's loss and grads", () => {
  // Train both ways side by side: step (one backward per point) and the full
  // graph of maxMarginLoss, which is what chapter 9's text describes.
  const a = runOf({});
  const b = runOf({});
  for (let k = 0; k < 30; k++) {
    const full = maxMarginLoss(b.model, b.data.xs, b.data.ys, 1e-4);
    b.model.zeroGrad();
    full.backward();
    const report = step(a);
    assert.equal(report.loss, full.data, `step ${k + 1}: the loss is the same number`);
    const pa = a.model.parameters();
    const pb = b.model.parameters();
    for (let i = 0; i < pa.length; i++) {
      assert.ok(Math.abs(pa[i].grad - pb[i].grad) <= 1e-12 * Math.max(1, Math.abs(pb[i].grad)), `step ${k + 1}, parameter ${i}`);
      // Continue from identical weights, so rounding cannot build up.
      pb[i].data = pa[i].data;
    }
  }
});

test("the number-only network agrees with the engine, and every grid score is its cell centre's", () => {
  const run = runOf({});
  for (let k = 0; k < 5; k++) step(run);
  const net = flatten(run.model);
  for (const x of run.data.xs.slice(0, 10)) assert.ok(Math.abs(scoreOf(net, x) - run.model.forward([...x])[0].data) < 1e-12);
  assert.ok(accuracyOf(net, run.data) > 0.5);
  const [cols, rows] = [7, 5];
  const grid = scoreGrid(net, run.data.bounds, cols, rows);
  const { xMin, xMax, yMin, yMax } = run.data.bounds;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = xMin + ((c + 0.5) / cols) * (xMax - xMin);
      const y = yMax - ((r + 0.5) / rows) * (yMax - yMin);
      assert.equal(grid[r * cols + c], Math.fround(scoreOf(net, [x, y])));
    }
  }
});

test('config: the address keeps only what differs, and reads back the same choices', () => {
  assert.equal(toHash('moons', DEFAULT_CONFIG), 'lab=moons');
  assert.deepEqual(fromHash('moons', '#lab=moons'), DEFAULT_CONFIG);
  const chosen = normalise({
    data: 'xor',
    layers: 2,
    neurons: 4,
    activation: 'tanh',
    learningRate: 0.05,
    decay: false,
    l2: 0,
    batch: 10,
    seed: 7,
    noise: 0.2,
    count: 50,
  });
  const hash = toHash('moons', chosen);
  assert.match(hash, /^lab=moons&/);
  assert.deepEqual(fromHash('moons', `#${hash}`), chosen);
  const mine = normalise({
    data: 'yours',
    points: {
      xs: [
        [0.5, -1.25],
        [1, 0],
      ],
      ys: [1, -1],
    },
  });
  assert.deepEqual(fromHash('moons', toHash('moons', mine)), mine);
  assert.equal(fromHash('other', `#${hash}`), null, "another lab's address is not this lab's");
  assert.equal(fromHash('moons', '#share=abc'), null);
});

test('config: anything out of range or unreadable is brought inside the limits', () => {
  const c = fromHash('moons', '#lab=moons&layers=9&neurons=-3&lr=abc&act=sigmoid&data=nope&n=1e9&points=1,2,1;x,3,0')!;
  assert.equal(c.layers, 4);
  assert.equal(c.neurons, 1);
  assert.equal(c.learningRate, DEFAULT_CONFIG.learningRate);
  assert.equal(c.activation, 'relu');
  assert.equal(c.data, 'moons');
  assert.equal(c.count, 400);
  assert.deepEqual(c.points, { xs: [[1, 2]], ys: [1] });
  assert.deepEqual(layerSizes({ layers: 0, neurons: 5 }), [1], 'no hidden layer: one output neuron');
  assert.deepEqual(layerSizes({ layers: 2, neurons: 4 }), [4, 4, 1]);
});

test('training: XOR with 2 hidden layers of 4 tanh neurons reaches 95 % on its training points', () => {
  const run = runOf({ data: 'xor', layers: 2, neurons: 4, activation: 'tanh' });
  let accuracy = 0;
  for (let k = 0; k < 400 && accuracy < 0.95; k++) accuracy = step(run).accuracy;
  assert.ok(accuracy >= 0.95, `accuracy ${accuracy} after ${run.steps} steps`);
  const report = step(run);
  assert.ok(report.testAccuracy !== null && report.testAccuracy > 0.6, `test accuracy ${report.testAccuracy}`);
  assert.equal(step(runOf({ data: 'yours', points: { xs: [[0, 0]], ys: [1] } })).testAccuracy, null, 'your points have no test set');
});

test('training: mini-batches are seeded by the step, so a step can be replayed', () => {
  const config = { batch: 10, seed: 3 };
  const b = batchOf(config, 100, 5);
  assert.equal(b.length, 10);
  assert.equal(new Set(b).size, 10);
  assert.deepEqual(batchOf(config, 100, 5), b);
  assert.notDeepEqual(batchOf(config, 100, 6), b);
  assert.deepEqual(batchOf({ batch: 0, seed: 3 }, 5, 1), [0, 1, 2, 3, 4]);
});

test("the graph of one point: its loss is that point's term, and the points' grads add up to the batch's", () => {
  const run = runOf({ layers: 1, neurons: 3, count: 20 });
  for (let k = 0; k < 5; k++) step(run);
  const { model, data } = run;
  const all = data.xs.map((_, i) => i);
  const params = model.parameters();
  model.zeroGrad();
  const full = batchLoss(model, data, all, run.config.l2);
  full.backward();
  const batchGrads = params.map((p) => p.grad);
  model.zeroGrad();
  let sum = weightPenalty(model, run.config.l2).data;
  weightPenalty(model, run.config.l2).backward();
  for (const i of all) {
    const one = pointLoss(model, data.xs[i], data.ys[i], all.length);
    sum += one.data;
    one.backward();
  }
  assert.ok(Math.abs(sum - full.data) <= 1e-12 * Math.abs(full.data));
  params.forEach((p, i) =>
    assert.ok(Math.abs(p.grad - batchGrads[i]) <= 1e-12 * Math.max(1e-12, Math.abs(batchGrads[i])), `parameter ${i}`),
  );
});

test('bugs: `=` for `+=` keeps one share of a shared input; forgetting zero grad changes the run', () => {
  const x = new Value(3);
  const y = x.mul(x).add(x); // dy/dx = 2x + 1 = 7
  y.backward();
  assert.equal(x.grad, 7);
  x.grad = 0;
  backwardAssigning(y);
  assert.equal(x.grad, 3, 'with =, x keeps only what the last closure to reach it wrote (the product’s share, x.data)');
  const grads = (backward: (root: Value) => void) => {
    const a = new Value(2);
    const b = new Value(-4);
    backward(a.mul(b).add(a.exp()).tanh());
    return [a.grad, b.grad];
  };
  assert.notDeepEqual(
    grads(backwardAssigning),
    grads((root) => root.backward()),
    'a reaches the output two ways: = keeps one',
  );
  const single = (backward: (root: Value) => void) => {
    const a = new Value(0.2);
    const b = new Value(-0.4);
    backward(a.mul(b).tanh());
    return [a.grad, b.grad];
  };
  assert.deepEqual(
    single(backwardAssigning),
    single((root) => root.backward()),
    'nothing shared: = and += agree',
  );

  const healthy = runOf({});
  const forgot = runOf({});
  const assigned = runOf({});
  let h, f, s;
  for (let k = 0; k < 20; k++) {
    h = step(healthy);
    f = step(forgot, { ...NO_BUGS, forgetZeroGrad: true });
    s = step(assigned, { ...NO_BUGS, assignGrads: true });
  }
  assert.ok(f!.loss !== h!.loss && s!.loss !== h!.loss);
  assert.ok(h!.accuracy > s!.accuracy, `= learns worse (${s!.accuracy} vs ${h!.accuracy})`);
});

test('neuron maps: the last map is the score, every map is one neuron', () => {
  const run = runOf({ layers: 2, neurons: 3, activation: 'tanh' });
  step(run);
  const net = flatten(run.model);
  const maps = neuronGrids(net, run.data.bounds, 4, 3);
  assert.equal(maps.length, 7);
  const { xMin, xMax, yMax, yMin } = run.data.bounds;
  const centre: [number, number] = [xMin + (0.5 / 4) * (xMax - xMin), yMax - (0.5 / 3) * (yMax - yMin)];
  assert.ok(Math.abs(maps[6][0] - scoreOf(net, centre)) < 1e-6);
  assert.ok(
    maps.slice(0, 6).every((m) => m.every((v) => v >= -1 && v <= 1)),
    'tanh neurons stay in [−1, 1]',
  );
});

test('history: bounded, evenly spread, and a recorded step replays exactly', () => {
  const run = runOf({ layers: 1, neurons: 4, batch: 16 });
  const history = new History(parameterValues(run.model), 8);
  for (let k = 0; k < 50; k++) {
    const r = step(run);
    history.record(r.step, r, () => parameterValues(run.model));
  }
  assert.equal(history.steps, 50);
  assert.ok(history.snapshots.length <= 8, `${history.snapshots.length} snapshots`);
  assert.equal(history.every, 8);
  assert.deepEqual(history.recordedSteps, [0, 8, 16, 24, 32, 40, 48, 50], 'the kept steps, and the newest');
  assert.equal(history.at(49).step, 48);
  assert.equal(history.at(50).step, 50);
  assert.equal(history.at(30).step, 24);
  assert.equal(history.at(0).step, 0);
  assert.throws(() => history.record(52, { loss: 0, accuracy: 0, testAccuracy: null }, () => new Float64Array()), /expected step 51/);

  // From the snapshot at step 16, eight steps give exactly the snapshot at step 24.
  const replay = runOf({ layers: 1, neurons: 4, batch: 16 });
  setParameters(replay.model, history.at(16).params);
  replay.steps = 16;
  for (let k = 0; k < 8; k++) step(replay);
  assert.deepEqual(parameterValues(replay.model), history.at(24).params);
});

test('the labelled graph of one point is the lab’s point loss, and its grads are that point’s share', () => {
  const run = runOf({ layers: 2, neurons: 3, count: 20 });
  for (let k = 0; k < 3; k++) step(run);
  const params = parameterValues(run.model);
  const { root, model } = pointGraph(run.config, run.data, params, 4);
  assert.equal(root.label, 'loss');
  assert.equal(root.data, pointLoss(run.model, run.data.xs[4], run.data.ys[4], 20).data);
  root.backward();
  run.model.zeroGrad();
  pointLoss(run.model, run.data.xs[4], run.data.ys[4], 20).backward();
  assert.deepEqual(
    model.parameters().map((p) => p.grad),
    run.model.parameters().map((p) => p.grad),
  );
  assert.deepEqual(
    model
      .parameters()
      .slice(0, 3)
      .map((p) => p.label),
    ['h1.1.w1', 'h1.1.w2', 'h1.1.b'],
  );
  assert.equal(model.parameters().at(-1)!.label, 'score.b');
});

test('bugs: a rate ten times too high makes the loss grow; ReLUs stuck at 0 pass back nothing and never learn', () => {
  const healthy = runOf({});
  const tooHigh = createRun(healthy.config, healthy.data, { ...NO_BUGS, rateTooHigh: true });
  const h: number[] = [];
  const t: number[] = [];
  for (let k = 0; k < 30; k++) {
    h.push(step(healthy).loss);
    t.push(step(tooHigh, { ...NO_BUGS, rateTooHigh: true }).loss);
  }
  assert.equal(t[0], h[0], 'the first loss is measured before any step');
  assert.ok(h[29] < h[0] && t[29] > 10 * t[0], `healthy ${h[0]} → ${h[29]}, too high ${t[0]} → ${t[29]}`);

  const bugs = { ...NO_BUGS, deadRelus: true };
  // Without the L2 penalty, whose own grad 2·alpha·p every parameter gets.
  const plain = runOf({ l2: 0 });
  const dead = createRun(plain.config, plain.data, bugs);
  assert.ok(dead.model.layers[0].neurons.every((n) => n.b.data === DEAD_BIAS));
  let report = step(dead, bugs);
  // After one step nearly every hidden weight still has grad 0: nothing came back through its ReLU.
  const hidden = dead.model.layers.slice(0, -1).flatMap((l) => l.parameters());
  const stuck = hidden.filter((p) => p.grad === 0).length;
  assert.ok(stuck > 0.9 * hidden.length, `${stuck} of ${hidden.length} hidden parameters got no grad`);
  for (let k = 0; k < 60; k++) report = step(dead, bugs);
  assert.equal(report.accuracy, 0.5, 'it answers one class everywhere');
});

test("a neuron read as a person reads it: its formula with its numbers, and each parameter's grad and update", () => {
  const run = runOf({ layers: 1, neurons: 2, activation: 'tanh' });
  step(run);
  const net = flatten(run.model);
  const grads = Float64Array.from(run.model.parameters(), (p) => p.grad);
  const h = neuronParams(net, 0, 1, grads, 0.5);
  const [w1, w2, b] = run.model.layers[0].neurons[1].parameters();
  assert.equal(h.name, 'h1.2');
  assert.match(h.formula, /^h1\.2 = tanh\(−?\d\.\d{3}·x [+−] \d\.\d{3}·y [+−] \d\.\d{3}\)$/);
  assert.deepEqual(
    h.rows.map((r) => [r.name, r.value, r.grad, r.update]),
    [
      ['w from x', w1.data, w1.grad, -0.5 * w1.grad],
      ['w from y', w2.data, w2.grad, -0.5 * w2.grad],
      ['bias', b.data, b.grad, -0.5 * b.grad],
    ],
  );
  const out = neuronParams(net, 1, 0, null, null);
  assert.equal(out.name, 'score');
  assert.match(out.formula, /^score = [−\d].*·h1\.1 [+−] .*·h1\.2 [+−] /, 'the output neuron is linear');
  assert.equal(out.rows[0].grad, null);
  assert.equal(allParams(net, grads, 0.5).flatMap((n) => n.rows).length, run.model.parameters().length);
});

test("the four examples are a configuration of the same lab: chapter 9's losses, step for step", () => {
  const run = createRun(LECTURE_CONFIG, dataOf(LECTURE_CONFIG));
  assert.equal(run.model.parameters().length, 41);
  assert.equal(run.model.layers[2].neurons[0].activation, 'tanh', 'the lecture keeps tanh on the output');
  const losses = Array.from({ length: 100 }, () => step(run).loss);
  // The numbers chapter 9's training cell prints.
  assert.equal(losses[0].toFixed(6), '6.677270');
  assert.equal(losses[10].toFixed(6), '0.048180');
  assert.equal(losses[99].toFixed(6), '0.002845');
  assert.equal(
    losses.findIndex((l) => l < 0.01),
    32,
  );
  const forgetful = createRun(LECTURE_CONFIG, dataOf(LECTURE_CONFIG));
  const stuck = Array.from({ length: 21 }, () => step(forgetful, { ...NO_BUGS, forgetZeroGrad: true }).loss);
  assert.equal(stuck[20].toFixed(6), '8.000000', 'without zeroing, the loss is 8 by step 21, as the chapter says');
  // Its address keeps only what differs from its own start.
  assert.equal(toHash('four', LECTURE_CONFIG, LECTURE_CONFIG), 'lab=four');
  assert.deepEqual(fromHash('four', '#lab=four&lr=0.2', LECTURE_CONFIG), { ...LECTURE_CONFIG, learningRate: 0.2 });
  // Its graph of one point is (ŷ − y)², with three inputs.
  const { root } = pointGraph(run.config, run.data, parameterValues(run.model), 0);
  assert.equal(root.data, (run.model.forward([...run.data.xs[0]])[0].data - 1) ** 2);
});
