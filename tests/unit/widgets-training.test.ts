// The four examples' training loop (src/widgets/training/lab.ts); the plane's lab is tests/unit/widgets-lab.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LECTURE_LEARNING_RATE, createLectureRun, lectureEvaluate, lectureStep } from '../../src/widgets/training/lab.ts';

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
