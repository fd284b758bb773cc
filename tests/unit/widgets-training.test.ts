// The training loops behind the labs of chapter 9 (src/widgets/training/lab.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LECTURE_LEARNING_RATE,
  MOONS_ALPHA,
  MOONS_BOUNDS,
  accuracyOf,
  createLectureRun,
  createMoonsRun,
  flatten,
  lectureEvaluate,
  lectureStep,
  moonsLearningRate,
  moonsStep,
  scoreGrid,
  scoreOf,
} from '../../src/widgets/training/lab.ts';
import { maxMarginLoss, moons } from '../../src/widgets/training/moons.ts';
import { EXPECTED_LOSS_STEP0 } from '../../bench/workload.ts';

const lr = LECTURE_LEARNING_RATE;

test('lecture: the loss falls, below 0.05 within 20 steps and 0.01 within 100', () => {
  const run = createLectureRun();
  const first = lectureEvaluate(run).loss;
  const losses = Array.from({ length: 100 }, () => lectureStep(run, { learningRate: lr, zeroGrads: true }).loss);
  assert.equal(losses[0], first);
  assert.ok(losses[19] < 0.05, `loss after 20 steps: ${losses[19]}`);
  assert.ok(losses[99] < 0.01, `loss after 100 steps: ${losses[99]}`);
  // Predictions end near their targets.
  const { predictions } = lectureEvaluate(run);
  for (const [i, y] of [1, -1, -1, 1].entries()) assert.ok(Math.abs(predictions[i] - y) < 0.1);
  assert.equal(run.steps, 100);
});

test('lecture: forgetting to zero the grads makes the grads pile up and wrecks training', () => {
  const good = createLectureRun();
  const bad = createLectureRun();
  const goodLoss: number[] = [];
  const badLoss: number[] = [];
  const goodGrad: number[] = [];
  const badGrad: number[] = [];
  for (let k = 0; k < 30; k++) {
    const g = lectureStep(good, { learningRate: lr, zeroGrads: true });
    goodLoss.push(g.loss);
    goodGrad.push(g.gradSize);
    const s = lectureStep(bad, { learningRate: lr, zeroGrads: false });
    badLoss.push(s.loss);
    badGrad.push(s.gradSize);
  }
  assert.equal(goodLoss[0], badLoss[0], 'the first step is the same either way');
  assert.notDeepEqual(goodLoss.slice(1), badLoss.slice(1));
  // The correct loop keeps falling; the buggy one ends stuck with every prediction wrong (loss near 8 or more).
  assert.ok(goodLoss[29] < 0.05);
  assert.ok(badLoss[29] > 3, `buggy loss after 30 steps: ${badLoss[29]}`);
  // On the way there its grads piled up far beyond anything the correct loop sees.
  assert.ok(Math.max(...badGrad) > 2 * Math.max(...goodGrad), `${Math.max(...badGrad)} vs ${Math.max(...goodGrad)}`);
});

test('lecture: steps are deterministic with the seed', () => {
  const a = createLectureRun();
  const b = createLectureRun();
  for (let k = 0; k < 10; k++) {
    assert.deepEqual(lectureStep(a, { learningRate: 0.05, zeroGrads: true }), lectureStep(b, { learningRate: 0.05, zeroGrads: true }));
  }
  assert.notEqual(lectureEvaluate(createLectureRun(1)).loss, lectureEvaluate(createLectureRun()).loss);
});

test("moons: the data and the loss are the benchmark's", () => {
  const { xs, ys } = moons();
  assert.equal(xs.length, 100);
  assert.equal(ys.filter((y) => y === 1).length, 50);
  const run = createMoonsRun();
  assert.ok(Math.abs(maxMarginLoss(run.model, run.xs, run.ys, 1e-4).data - EXPECTED_LOSS_STEP0) < 1e-12);
});

test('moons: training reaches 100% accuracy, deterministically', () => {
  const a = createMoonsRun();
  const b = createMoonsRun();
  let last = moonsStep(a);
  assert.deepEqual(moonsStep(b), last);
  const first = last.loss;
  for (let k = 1; k < 60; k++) last = moonsStep(a);
  assert.equal(last.step, 60);
  assert.ok(last.loss < first / 10, `loss ${first} → ${last.loss}`);
  assert.equal(last.accuracy, 1);
  assert.equal(moonsLearningRate(0), 1);
  assert.ok(Math.abs(moonsLearningRate(100) - 0.1) < 1e-12);
  assert.ok(Math.abs(moonsLearningRate(500) - 0.1) < 1e-12);
});

test("moons: a step's backward per point gives the one big graph's loss and grads", () => {
  // Train both ways side by side: moonsStep (one backward per point) and the
  // full graph of maxMarginLoss, which is what the chapter's text describes.
  const a = createMoonsRun();
  const b = createMoonsRun();
  for (let k = 0; k < 30; k++) {
    const full = maxMarginLoss(b.model, b.xs, b.ys, MOONS_ALPHA);
    b.model.zeroGrad();
    full.backward();
    const snap = moonsStep(a);
    assert.equal(snap.loss, full.data, `step ${k + 1}: the loss is the same number`);
    const pa = a.model.parameters();
    const pb = b.model.parameters();
    for (let i = 0; i < pa.length; i++) {
      assert.ok(
        Math.abs(pa[i].grad - pb[i].grad) <= 1e-12 * Math.max(1, Math.abs(pb[i].grad)),
        `step ${k + 1}, parameter ${i}: ${pa[i].grad} vs ${pb[i].grad}`,
      );
      // Continue from identical weights, so rounding cannot build up.
      pb[i].data = pa[i].data;
    }
  }
});

test('moons: the number-only forward pass agrees with the engine', () => {
  const run = createMoonsRun();
  for (let k = 0; k < 5; k++) moonsStep(run);
  const net = flatten(run.model);
  for (const x of run.xs.slice(0, 10)) {
    assert.ok(Math.abs(scoreOf(net, x) - run.model.forward(x)[0].data) < 1e-12);
  }
  const grid = scoreGrid(net, 6, 4);
  assert.equal(grid.length, 24);
  assert.ok(grid.some((s) => s > 0) && grid.some((s) => s < 0));
  assert.ok(accuracyOf(net, run.xs, run.ys) > 0.5);
});

test("lecture: the lab is the chapter's training (seed 5): the cells' losses, step for step", () => {
  const run = createLectureRun();
  const losses = Array.from({ length: 100 }, () => lectureStep(run, { learningRate: lr, zeroGrads: true }).loss);
  // The numbers chapter 9's training cell prints.
  assert.equal(losses[0].toFixed(6), '6.677270');
  assert.equal(losses[10].toFixed(6), '0.048180');
  assert.equal(losses[99].toFixed(6), '0.002845');
  assert.equal(
    losses.findIndex((l) => l < 0.01),
    32,
  );
  const forgetful = createLectureRun();
  const stuck = Array.from({ length: 21 }, () => lectureStep(forgetful, { learningRate: lr, zeroGrads: false }).loss);
  assert.equal(stuck[20].toFixed(6), '8.000000', 'without zeroing, the loss is 8 by step 20, as the chapter says');
});

test('moons: every grid score is the score of its cell centre', () => {
  const run = createMoonsRun();
  for (let k = 0; k < 3; k++) moonsStep(run);
  const net = flatten(run.model);
  const cols = 7;
  const rows = 5;
  const grid = scoreGrid(net, cols, rows);
  const { xMin, xMax, yMin, yMax } = MOONS_BOUNDS;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = xMin + ((c + 0.5) / cols) * (xMax - xMin);
      const y = yMax - ((r + 0.5) / rows) * (yMax - yMin);
      assert.equal(grid[r * cols + c], Math.fround(scoreOf(net, [x, y])));
    }
  }
});
