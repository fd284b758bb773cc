// The two-moons data set and micrograd's max-margin loss as one graph, for the
// benchmark (bench/) and the tests: the lab's own step (trainer.ts) builds the
// same loss point by point. Pure TypeScript with explicit .ts imports, so node
// runs it as is.

import { mulberry32 } from '../../engine/random.ts';
import type { MLP } from '../../engine/nn.ts';
import type { Value } from '../../engine/value.ts';
import { generate } from './datasets.ts';
import { marginTerm, weightPenalty } from './trainer.ts';

export const POINTS = 100;

/** A uniform source in [-1, 1) from mulberry32. */
export function uniformSource(seed: number): () => number {
  const random = mulberry32(seed);
  return () => 2 * random() - 1;
}

/** micrograd's demo data: 100 points in two interleaved half-moons, even points +1, odd points −1. */
export function moons(): { xs: [number, number][]; ys: number[] } {
  const { xs, ys } = generate('moons', POINTS, 0.1);
  return { xs: xs.map(([x, y]) => [x, y]), ys };
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
