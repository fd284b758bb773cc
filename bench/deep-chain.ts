// The deep chain of shared/BENCH.md in a process of its own: x = x·1.0001 + 0.0001,
// N times, then backward(). engine.bench.ts runs this as a child process, so the
// heap starts as small as it does for a reader's first cell, not already grown
// by the training steps before it. Prints one line of JSON. The CPU time is
// there because a machine shared with other work stretches the wall time.

import { performance } from 'node:perf_hooks';
import { Value } from '../src/engine/index.ts';

const n = Number(process.argv[2] ?? 1e6);
const b0 = performance.now();
const x = new Value(1);
let y = x;
for (let i = 0; i < n; i++) y = y.mul(1.0001).add(0.0001);
const b1 = performance.now();
const c1 = process.cpuUsage();
y.backward();
const b2 = performance.now();
const cpu = process.cpuUsage(c1);
const expected = 1.0001 ** n;
console.log(
  JSON.stringify({
    n,
    buildMs: b1 - b0,
    backwardMs: b2 - b1,
    backwardCpuMs: (cpu.user + cpu.system) / 1000,
    correct: Math.abs(x.grad - expected) / expected < 1e-6,
    grad: x.grad,
  }),
);
