// Trains the lab's network off the page, so the page never freezes. One step
// per task, so a message (pause, a new configuration) is handled between two
// steps. At full speed the next step is queued with a message to itself rather
// than setTimeout(0), which browsers stretch to 4 ms once timers nest; at a set
// speed, a timer waits out the rest of each step's share of the second.

import { DEFAULT_CONFIG, dataOf, normalise } from './config.ts';
import { NO_BUGS, createRun, step, type Bugs, type LabRun } from './trainer.ts';
import { STEP_LIMIT, type FromLabWorker, type ToLabWorker } from './lab-protocol.ts';

const post = (msg: FromLabWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(msg, transfer);

const runFor = (config = DEFAULT_CONFIG, bugs: Bugs = NO_BUGS): LabRun => createRun(config, dataOf(config), bugs);

// V8 runs new code first with a quick compiler (Maglev) and moves it to its
// optimising one (Turbofan) once it has run enough. Under Maglev, a step that
// makes a closure per value is three times slower here (its garbage survives
// the young-generation collections), and the real network takes about 100
// steps, two seconds, to get past it. The same step on a 2-2-2-1 network with
// four points, 1,500 times, gets there in about 100 ms, before the first real step.
function warmUp(): void {
  const tiny = runFor(normalise({ layers: 2, neurons: 2, count: 10, seed: 1 }));
  tiny.data.xs.length = 4;
  for (let k = 0; k < 1500; k++) step(tiny);
}
warmUp();

let generation = 0;
let run = runFor();
let bugs: Bugs = NO_BUGS;
let running = false;
let speed = Infinity;
/** Whether a step is queued (a start while one is queued must not queue a second). */
let queued = false;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Finish times of recent steps, for steps per second. */
let times: number[] = [];

const next = new MessageChannel();
next.port1.onmessage = () => tick();

function queue(): void {
  if (queued) return;
  queued = true;
  if (speed === Infinity) next.port2.postMessage(null);
  else timer = setTimeout(() => next.port2.postMessage(null), Math.max(0, 1000 / speed - lastStepMs));
}

function unqueue(): void {
  clearTimeout(timer);
  queued = false;
}

let lastStepMs = 0;

/** Takes one step and reports it; returns whether training may go on. */
function stepAndReport(): boolean {
  const t0 = performance.now();
  const report = step(run, bugs);
  const now = performance.now();
  lastStepMs = now - t0;
  times.push(now);
  while (times.length > 2 && now - times[0] > 1000) times.shift();
  const stepsPerSecond = times.length > 1 ? ((times.length - 1) * 1000) / (now - times[0]) : 0;
  const ps = run.model.parameters();
  const params = Float64Array.from(ps, (p) => p.data);
  const grads = Float64Array.from(ps, (p) => p.grad);
  post({ type: 'progress', generation, ...report, params, grads, stepsPerSecond }, [params.buffer, grads.buffer]);
  return report.step < STEP_LIMIT;
}

function tick(): void {
  queued = false;
  if (!running) return;
  if (stepAndReport()) {
    queue();
  } else {
    running = false;
    post({ type: 'stopped', generation, reason: 'finished' });
  }
}

self.onmessage = (event: MessageEvent<ToLabWorker>) => {
  const msg = event.data;
  if (msg.type === 'configure') {
    unqueue();
    running = false;
    generation = msg.generation;
    bugs = msg.bugs;
    run = runFor(normalise(msg.config), bugs);
    times = [];
  } else if (msg.type === 'start') {
    speed = msg.speed;
    if (running || run.steps >= STEP_LIMIT) return;
    running = true;
    times = [];
    queue();
  } else if (msg.type === 'speed') {
    speed = msg.speed;
    if (running) {
      unqueue();
      times = [];
      queue();
    }
  } else if (msg.type === 'pause') {
    unqueue();
    running = false;
    post({ type: 'stopped', generation, reason: 'paused' });
  } else if (msg.type === 'step') {
    if (running || run.steps >= STEP_LIMIT) return;
    stepAndReport();
  }
};
