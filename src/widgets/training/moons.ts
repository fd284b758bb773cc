// The two-moons data set and micrograd's max-margin loss, shared by the
// TrainingLab widget and the benchmark (bench/). Pure TypeScript with explicit
// .ts imports, so node runs it as is.

import { mulberry32 } from '../../engine/random.ts';
import type { MLP } from '../../engine/nn.ts';
import type { Value } from '../../engine/value.ts';

export const POINTS = 100;

/** A uniform source in [-1, 1) from mulberry32. */
export function uniformSource(seed: number): () => number {
  const random = mulberry32(seed);
  return () => 2 * random() - 1;
}

/** Two interleaved half-moons: even points labelled +1, odd points −1. */
export function moons(): { xs: [number, number][]; ys: number[] } {
  const U = uniformSource(42);
  const xs: [number, number][] = [];
  const ys: number[] = [];
  for (let i = 0; i < POINTS; i++) {
    const s = U();
    const c = (1 - s * s) / (1 + s * s);
    const d = (2 * s) / (1 + s * s);
    const point: [number, number] = i % 2 === 0 ? [d, c] : [1 - d, 0.5 - c];
    point[0] += 0.1 * U();
    point[1] += 0.1 * U();
    xs.push(point);
    ys.push(i % 2 === 0 ? 1 : -1);
  }
  return { xs, ys };
}

/**
 * micrograd's loss for the moons: the mean of relu(1 − y·score) over the
 * points (the max-margin or hinge loss) plus alpha · Σ p² over the parameters.
 */
export function maxMarginLoss(model: MLP, xs: readonly (readonly number[])[], ys: readonly number[], alpha: number): Value {
  let dataLoss: Value | null = null;
  for (let i = 0; i < xs.length; i++) {
    const term = marginTerm(model, xs[i], ys[i]);
    dataLoss = dataLoss === null ? term : dataLoss.add(term);
  }
  return dataLoss!.mul(1 / xs.length).add(weightPenalty(model, alpha));
}

/** One point's share of the loss before the mean: relu(1 − y·score). */
export function marginTerm(model: MLP, x: readonly number[], y: number): Value {
  return model
    .forward(x as number[])[0]
    .mul(-y)
    .add(1)
    .relu();
}

/** alpha · Σ p² over the parameters, which keeps the weights from growing without bound. */
export function weightPenalty(model: MLP, alpha: number): Value {
  let reg: Value | null = null;
  for (const p of model.parameters()) {
    const sq = p.mul(p);
    reg = reg === null ? sq : reg.add(sq);
  }
  return reg!.mul(alpha);
}
