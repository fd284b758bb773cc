// Messages between the training lab's page and its worker. Every run has a
// generation: the page bumps it when the data, the network or a bug changes,
// and drops whatever the worker sends from an older one (steps that were on
// their way when the reader pressed Reset).

import type { LabConfig } from './config.ts';
import type { Bugs, StepReport } from './trainer.ts';

/** Steps per second the lab may be asked for; Infinity is as fast as it goes. */
export const SPEEDS = [1, 2, 5, 10, 30, 60, Infinity] as const;

/** Training stops by itself here. */
export const STEP_LIMIT = 5000;

export type ToLabWorker =
  | { type: 'configure'; generation: number; config: LabConfig; bugs: Bugs }
  | { type: 'start'; speed: number }
  | { type: 'speed'; speed: number }
  | { type: 'pause' }
  | { type: 'step' };

export type FromLabWorker =
  | (StepReport & {
      type: 'progress';
      generation: number;
      /** Every parameter after the step, in model.parameters() order. */
      params: Float64Array;
      /** Every parameter's grad from the step (what the update used). */
      grads: Float64Array;
      /** Steps per second over the last second or so of running. */
      stepsPerSecond: number;
    })
  | { type: 'stopped'; generation: number; reason: 'paused' | 'finished' }
  /** Training with the reader's engine could not go on: why, in a sentence. */
  | { type: 'failed'; generation: number; message: string }
  /** What the lab saw while training with the reader's engine (null: nothing wrong). */
  | { type: 'note'; generation: number; text: string | null };

/** What the lab talks to: its worker, or the same messages answered with the reader's engine (../lab/your-engine.ts). */
export interface LabTrainer {
  postMessage(msg: ToLabWorker): void;
  onmessage: ((event: MessageEvent<FromLabWorker>) => void) | null;
  terminate(): void;
}
