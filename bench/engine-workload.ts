// The workload through the engine, written the way a reader of the lessons
// would write it: an MLP of Values, a loss built op by op, backward, update.

import { MLP, Value } from '../src/engine/index.ts';
import { ALPHA, LEARNING_RATE, SIZES, moons } from './workload.ts';
import { maxMarginLoss } from '../src/widgets/training/moons.ts';

export function buildEngineWorkload(): { model: MLP; xs: [number, number][]; ys: number[] } {
  const { xs, ys } = moons();
  const model = new MLP(SIZES[0], SIZES.slice(1), { activation: 'relu', seed: 1337 });
  return { model, xs, ys };
}

export function engineLoss(w: { model: MLP; xs: [number, number][]; ys: number[] }): Value {
  return maxMarginLoss(w.model, w.xs, w.ys, ALPHA);
}

/** One training step: forward, backward, update, zero grads. Returns the loss before the update. */
export function engineStep(w: { model: MLP; xs: [number, number][]; ys: number[] }): number {
  const loss = engineLoss(w);
  loss.backward();
  for (const p of w.model.parameters()) {
    p.data -= LEARNING_RATE * p.grad;
    p.grad = 0;
  }
  return loss.data;
}
