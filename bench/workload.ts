// The benchmark workload of shared/BENCH.md, defined once for every
// implementation timed here: the data, the initial weights and the loss.

import { POINTS, moons, uniformSource } from '../src/widgets/training/moons.ts';

// The data set lives with the TwoMoonsLab widget, which trains on it live.
export { POINTS, moons, uniformSource };

export const SIZES = [2, 16, 16, 1];
export const LEARNING_RATE = 0.1;
export const ALPHA = 1e-4;
export const EXPECTED_LOSS_STEP0 = 0.7715743593363896;
export const EXPECTED_LOSS_AFTER5 = 0.30036243462853823;

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
