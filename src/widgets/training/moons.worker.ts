// Trains the two-moons network off the page, so the page never freezes. One
// step per task: a 'pause' or 'reset' message is handled between two steps.

import { createMoonsRun, flatten, moonsStep, scoreGrid, type MoonsRun } from './lab.ts';
import { GRID_COLS, GRID_EVERY, GRID_ROWS, MAX_STEPS, type FromMoonsWorker, type ToMoonsWorker } from './protocol.ts';

const post = (msg: FromMoonsWorker, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(msg, transfer);

let run: MoonsRun = createMoonsRun();
let running = false;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Finish times of recent steps, for steps per second. */
let times: number[] = [];

function tick(): void {
  timer = undefined;
  if (!running) return;
  const snap = moonsStep(run);
  const now = performance.now();
  times.push(now);
  while (times.length > 2 && now - times[0] > 1000) times.shift();
  const stepsPerSecond = times.length > 1 ? ((times.length - 1) * 1000) / (now - times[0]) : 0;
  const done = snap.step >= MAX_STEPS;
  if (snap.step % GRID_EVERY === 0 || done) {
    const grid = scoreGrid(flatten(run.model), GRID_COLS, GRID_ROWS);
    post({ type: 'progress', ...snap, stepsPerSecond, grid }, [grid.buffer]);
  } else {
    post({ type: 'progress', ...snap, stepsPerSecond });
  }
  if (done) {
    running = false;
    post({ type: 'stopped', reason: 'finished' });
    return;
  }
  timer = setTimeout(tick, 0);
}

self.onmessage = (event: MessageEvent<ToMoonsWorker>) => {
  const msg = event.data;
  if (msg.type === 'start') {
    if (running || run.steps >= MAX_STEPS) return;
    running = true;
    times = [];
    timer = setTimeout(tick, 0);
  } else if (msg.type === 'pause') {
    running = false;
    clearTimeout(timer);
    post({ type: 'stopped', reason: 'paused' });
  } else if (msg.type === 'reset') {
    running = false;
    clearTimeout(timer);
    run = createMoonsRun();
    times = [];
    post({ type: 'stopped', reason: 'reset' });
  }
};
