// The training loop behind chapter 9's four-example lab (FourExamplesLab), without any DOM: the
// widget and the unit tests drive it. The plane's lab is trainer.ts. Engine files are
// imported with explicit .ts extensions so node runs this module as is.

import { MLP } from '../../engine/nn.ts';
import type { Value } from '../../engine/value.ts';

// ---------------------------------------------------------------------------
// (a) The lecture's four examples.

export const LECTURE_XS: readonly (readonly number[])[] = [
  [2, 3, -1],
  [3, -1, 0.5],
  [0.5, 1, 1],
  [1, 1, -1],
];
export const LECTURE_YS: readonly number[] = [1, -1, -1, 1];
/**
 * The seed of chapter 9's cells, so the lab's first steps print the cells' losses
 * (6.677270 at step 1): with learning rate 0.1 the loss falls below 0.01 by step 33,
 * and forgetting to zero the grads pins it at 8 by step 21.
 */
export const LECTURE_SEED = 5;
export const LECTURE_LEARNING_RATE = 0.1;

export interface LectureRun {
  model: MLP;
  /** Steps taken so far. */
  steps: number;
  /** The loss each step computed, before its update (what the lecture prints). */
  losses: number[];
}

export interface LectureStepOptions {
  learningRate: number;
  /** false: the bug of the lecture, grads keep piling up from step to step. */
  zeroGrads: boolean;
}

export interface LectureSnapshot {
  loss: number;
  predictions: number[];
  /** Σ|grad| over the parameters after the step: grows without end when the grads are not zeroed. */
  gradSize: number;
}

export function createLectureRun(seed = LECTURE_SEED): LectureRun {
  return { model: new MLP(3, [4, 4, 1], { seed }), steps: 0, losses: [] };
}

/** The forward pass and the loss Σ(ŷ − y)², as Values. */
function lectureForward(model: MLP): { loss: Value; ypred: Value[] } {
  const ypred = LECTURE_XS.map((x) => model.forward(x as number[])[0]);
  let loss = ypred[0].sub(LECTURE_YS[0]).pow(2);
  for (let i = 1; i < ypred.length; i++) loss = loss.add(ypred[i].sub(LECTURE_YS[i]).pow(2));
  return { loss, ypred };
}

/** The current loss and predictions, without touching any grad. */
export function lectureEvaluate(run: LectureRun): LectureSnapshot {
  const { loss, ypred } = lectureForward(run.model);
  return { loss: loss.data, predictions: ypred.map((p) => p.data), gradSize: gradSize(run.model) };
}

/** One step of the lecture's loop: forward, loss, zero grads (unless forgotten), backward, update. */
export function lectureStep(run: LectureRun, options: LectureStepOptions): LectureSnapshot {
  const { loss, ypred } = lectureForward(run.model);
  if (options.zeroGrads) run.model.zeroGrad();
  loss.backward();
  for (const p of run.model.parameters()) p.data += -options.learningRate * p.grad;
  run.steps += 1;
  run.losses.push(loss.data);
  return { loss: loss.data, predictions: ypred.map((p) => p.data), gradSize: gradSize(run.model) };
}

function gradSize(model: MLP): number {
  let s = 0;
  for (const p of model.parameters()) s += Math.abs(p.grad);
  return s;
}
