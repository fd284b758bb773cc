// Messages between TwoMoonsLab and its worker.

export type ToMoonsWorker = { type: 'start' } | { type: 'pause' } | { type: 'reset' };

export type FromMoonsWorker =
  | {
      type: 'progress';
      step: number;
      loss: number;
      accuracy: number;
      /** Steps per second over the last second or so of running. */
      stepsPerSecond: number;
      /** The heat map, when redrawn this time (every few steps). */
      grid?: Float32Array;
    }
  | { type: 'stopped'; reason: 'paused' | 'finished' | 'reset' };

/** The heat map's resolution, in cells. */
export const GRID_COLS = 60;
export const GRID_ROWS = 39;
/** Send the boundary every this many steps (the page paints at most one a frame). */
export const GRID_EVERY = 2;
/** Training stops by itself here (it has long converged). */
export const MAX_STEPS = 300;
