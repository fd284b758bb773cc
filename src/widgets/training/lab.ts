// The training loops behind chapter 9's two labs (FourExamplesLab, TwoMoonsLab), without any DOM: the
// widget, its worker and the unit tests all drive these. Engine files are
// imported with explicit .ts extensions so node runs this module as is.

import { MLP } from '../../engine/nn.ts';
import type { Value } from '../../engine/value.ts';
import { marginTerm, moons, weightPenalty } from './moons.ts';

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

// ---------------------------------------------------------------------------
// (b) Two moons with a 2-16-16-1 ReLU MLP and the max-margin loss.

export const MOONS_SEED = 1337;
export const MOONS_ALPHA = 1e-4;

export interface MoonsRun {
  model: MLP;
  xs: [number, number][];
  ys: number[];
  steps: number;
}

export interface MoonsSnapshot {
  step: number;
  loss: number;
  /** Fraction of the points on the right side of the boundary, 0..1. */
  accuracy: number;
}

export function createMoonsRun(seed = MOONS_SEED): MoonsRun {
  const { xs, ys } = moons();
  return { model: new MLP(2, [16, 16, 1], { activation: 'relu', seed }), xs, ys, steps: 0 };
}

/** micrograd's schedule: from 1.0 down to 0.1 over the first 100 steps, then 0.1. */
export function moonsLearningRate(step: number): number {
  return 1.0 - (0.9 * Math.min(step, 100)) / 100;
}

/**
 * One full-batch step: loss, zero grads, backward, update. Returns the loss
 * before the update and the accuracy after it.
 *
 * The gradient of a sum is the sum of its terms' gradients, and backward()
 * adds into the parameters' grads, so the step calls backward() once per point
 * (and once for the weight penalty) instead of once on one 65,000-node graph:
 * the grads are the same up to the order of the additions (the losses differ
 * in the 16th digit). Why it is twice as fast: each small graph is garbage
 * before the collector's next look at young objects, where the big graph
 * was alive, and copied, every time. Chapter 10 measures it.
 */
export function moonsStep(run: MoonsRun): MoonsSnapshot {
  const { model, xs, ys } = run;
  model.zeroGrad();
  const scale = 1 / xs.length;
  let dataLoss = 0;
  for (let i = 0; i < xs.length; i++) dataLoss += backwardPoint(model, xs[i], ys[i], scale);
  const penalty = weightPenalty(model, MOONS_ALPHA);
  penalty.backward();
  const lr = moonsLearningRate(run.steps);
  for (const p of model.parameters()) p.data -= lr * p.grad;
  run.steps += 1;
  // The same arithmetic, in the same order, as maxMarginLoss(…).data.
  const loss = dataLoss * scale + penalty.data;
  return { step: run.steps, loss, accuracy: accuracyOf(flatten(model), xs, ys) };
}

/** Adds one point's share of the grads into the parameters; returns its unscaled term. */
function backwardPoint(model: MLP, x: readonly number[], y: number, scale: number): number {
  const term = marginTerm(model, x, y);
  term.mul(scale).backward();
  return term.data;
}

/** The network's weights as plain numbers, for fast evaluation without building Values. */
export interface FlatNet {
  /** Per layer: per neuron [w1, …, wn, b]. */
  layers: Float64Array[][];
  /** Per layer: whether ReLU follows (the last layer of a ReLU MLP is linear). */
  relu: boolean[];
}

export function flatten(model: MLP): FlatNet {
  return {
    layers: model.layers.map((l) => l.neurons.map((n) => Float64Array.from([...n.w.map((w) => w.data), n.b.data]))),
    relu: model.layers.map((l) => l.neurons[0]?.activation === 'relu'),
  };
}

/** The score of one point, computed with numbers only (same arithmetic order as Neuron.forward). */
export function scoreOf(net: FlatNet, x: readonly number[]): number {
  let h: number[] = x as number[];
  for (let l = 0; l < net.layers.length; l++) {
    const out: number[] = [];
    for (const wb of net.layers[l]) {
      const n = wb.length - 1;
      let act = wb[n];
      for (let i = 0; i < n; i++) act += wb[i] * h[i];
      out.push(net.relu[l] && act < 0 ? 0 : act);
    }
    h = out;
  }
  return h[0];
}

export function accuracyOf(net: FlatNet, xs: readonly (readonly number[])[], ys: readonly number[]): number {
  let right = 0;
  for (let i = 0; i < xs.length; i++) if (scoreOf(net, xs[i]) > 0 === ys[i] > 0) right++;
  return right / xs.length;
}

/** The region the heat map covers (a margin around the moons). */
export const MOONS_BOUNDS = { xMin: -1.6, xMax: 2.6, yMin: -1.1, yMax: 1.6 } as const;

/**
 * Scores on a cols × rows grid over MOONS_BOUNDS, row by row from the top; cell
 * centres. The same arithmetic as scoreOf, in two scratch buffers, because the
 * worker runs it every other step and a few thousand small arrays a time would
 * be garbage the training step has to collect.
 */
export function scoreGrid(net: FlatNet, cols: number, rows: number): Float32Array {
  const out = new Float32Array(cols * rows);
  const { xMin, xMax, yMin, yMax } = MOONS_BOUNDS;
  const width = Math.max(2, ...net.layers.map((l) => l.length));
  let h = new Float64Array(width);
  let next = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const y = yMax - ((r + 0.5) / rows) * (yMax - yMin);
    for (let c = 0; c < cols; c++) {
      h[0] = xMin + ((c + 0.5) / cols) * (xMax - xMin);
      h[1] = y;
      for (let l = 0; l < net.layers.length; l++) {
        const layer = net.layers[l];
        for (let j = 0; j < layer.length; j++) {
          const wb = layer[j];
          const n = wb.length - 1;
          let act = wb[n];
          for (let i = 0; i < n; i++) act += wb[i] * h[i];
          next[j] = net.relu[l] && act < 0 ? 0 : act;
        }
        [h, next] = [next, h];
      }
      out[r * cols + c] = h[0];
    }
  }
  return out;
}
