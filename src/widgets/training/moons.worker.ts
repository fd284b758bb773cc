// Trains the two-moons network off the page, so the page never freezes. One
// step per task: a 'pause' or 'reset' message is handled between two steps.
// The next step is queued with a message to itself rather than setTimeout(0),
// which browsers stretch to 4 ms once timers nest: at 60 steps a second that
// would be a quarter of every step spent waiting.

import { MLP } from '../../engine/nn.ts';
import { createMoonsRun, flatten, moonsStep, scoreGrid, type MoonsRun } from './lab.ts';
import { GRID_COLS, GRID_EVERY, GRID_ROWS, MAX_STEPS, type FromMoonsWorker, type ToMoonsWorker } from './protocol.ts';

const post = (msg: FromMoonsWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(msg, transfer);

// V8 runs new code first with a quick compiler (Maglev) and moves it to its
// optimising one (Turbofan) once it has run enough. Under Maglev, a step that
// makes a closure per value is three times slower here (its garbage survives
// the young-generation collections), and the real network takes about 100
// steps, two seconds, to get past it. The same step on a 2-2-2-1 network with
// four points, 1,500 times, gets there in about 100 ms, before the first real step.
function warmUp(): void {
  const tiny = createMoonsRun();
  const run: MoonsRun = {
    model: new MLP(2, [2, 2, 1], { activation: 'relu', seed: 1 }),
    xs: tiny.xs.slice(0, 4),
    ys: tiny.ys.slice(0, 4),
    steps: 0,
  };
  for (let k = 0; k < 1500; k++) moonsStep(run);
}
warmUp();

let run: MoonsRun = createMoonsRun();
let running = false;
const next = new MessageChannel();
next.port1.onmessage = () => tick();
/** Whether a tick is queued (a start while one is queued must not queue a second). */
let queued = false;
const queue = (): void => {
  if (queued) return;
  queued = true;
  next.port2.postMessage(null);
};
/** Finish times of recent steps, for steps per second. */
let times: number[] = [];

function tick(): void {
  queued = false;
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
  queue();
}

self.onmessage = (event: MessageEvent<ToMoonsWorker>) => {
  const msg = event.data;
  if (msg.type === 'start') {
    if (running || run.steps >= MAX_STEPS) return;
    running = true;
    times = [];
    queue();
  } else if (msg.type === 'pause') {
    running = false;
    post({ type: 'stopped', reason: 'paused' });
  } else if (msg.type === 'reset') {
    running = false;
    run = createMoonsRun();
    times = [];
    post({ type: 'stopped', reason: 'reset' });
  }
};
