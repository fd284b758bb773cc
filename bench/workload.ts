// The benchmark workload of shared/BENCH.md, defined once for every
// implementation timed here: the data, the initial weights and the loss.

import { mulberry32 } from '../src/engine/index.ts';

export const POINTS = 100;
export const SIZES = [2, 16, 16, 1];
export const LEARNING_RATE = 0.1;
export const ALPHA = 1e-4;
export const EXPECTED_LOSS_STEP0 = 0.7715743593363896;
export const EXPECTED_LOSS_AFTER5 = 0.30036243462853823;

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

/** Initial weights, layer by layer, neuron by neuron (biases are 0). */
export function initialWeights(): number[][][] {
  const U = uniformSource(1337);
  const layers: number[][][] = [];
  for (let l = 1; l < SIZES.length; l++) {
    const layer: number[][] = [];
    for (let n = 0; n < SIZES[l]; n++) {
      const w: number[] = [];
      for (let i = 0; i < SIZES[l - 1]; i++) w.push(U());
      layer.push(w);
    }
    layers.push(layer);
  }
  return layers;
}
