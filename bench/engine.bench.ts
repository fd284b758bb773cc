// `npm run bench`: the engine against a flat Float64Array tape on the workload
// of shared/BENCH.md, and the deep chain. Prints figures; never fails on them.

import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Value } from '../src/engine/index.ts';
import { buildEngineWorkload, engineLoss, engineStep } from './engine-workload.ts';
import { buildTapeWorkload, tapeStep } from './tape.ts';
import { EXPECTED_LOSS_AFTER5, EXPECTED_LOSS_STEP0 } from './workload.ts';

const WARMUP = 5;
const STEPS = Number(process.env.BENCH_STEPS ?? 30);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** Runs 5 steps and returns [loss at step 0, loss after 5 updates]. */
function checkLoss(step: () => number, lossNow: () => number): [number, number] {
  const first = step();
  for (let i = 1; i < 5; i++) step();
  return [first, lossNow()];
}

function timeSteps(step: () => number): number {
  for (let i = 0; i < WARMUP; i++) step();
  const times: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits).padStart(9);

console.log(`Training step: MLP 2-16-16-1 (ReLU), 100 points, max-margin loss + L2 (shared/BENCH.md)`);
console.log(`node ${process.version}, ${WARMUP} warm-up steps, median of ${STEPS}\n`);

const engineCheck = buildEngineWorkload();
const [e0, e5] = checkLoss(
  () => engineStep(engineCheck),
  () => engineLoss(engineCheck).data,
);
const tapeCheck = buildTapeWorkload();
const [t0, t5] = checkLoss(
  () => tapeStep(tapeCheck),
  () => tapeStep(tapeCheck),
);

const engineMs = timeSteps(
  (
    (w) => () =>
      engineStep(w)
  )(buildEngineWorkload()),
);
const tapeMs = timeSteps(
  (
    (t) => () =>
      tapeStep(t)
  )(buildTapeWorkload()),
);

console.log(`  engine (closures)   ${fmt(engineMs)} ms/step   loss0 ${e0}   loss after 5 ${e5}`);
console.log(`  flat tape           ${fmt(tapeMs)} ms/step   loss0 ${t0}   loss after 5 ${t5}`);
console.log(`  ratio engine/tape   ${fmt(engineMs / tapeMs, 1)} x   (goal: within 18x)`);
const agree = relErr(e5, t5) < 1e-9 && relErr(e5, EXPECTED_LOSS_AFTER5) < 1e-9 && relErr(e0, EXPECTED_LOSS_STEP0) < 1e-9;
console.log(`  losses agree with each other and with BENCH.md to 1e-9: ${agree ? 'yes' : 'NO'}\n`);

console.log(`Deep chain: x = x*1.0001 + 0.0001, N times, then backward(), in this process (warm)`);
for (const n of [1e4, 1e5, 1e6]) {
  const b0 = performance.now();
  const x = new Value(1);
  let y = x;
  for (let i = 0; i < n; i++) y = y.mul(1.0001).add(0.0001);
  const b1 = performance.now();
  y.backward();
  const b2 = performance.now();
  const ok = relErr(x.grad, 1.0001 ** n) < 1e-6;
  console.log(
    `  N = ${String(n).padStart(7)}   build ${fmt(b1 - b0, 1)} ms   backward ${fmt(b2 - b1, 1)} ms   dx ${ok ? 'correct' : 'WRONG'} (${x.grad.toPrecision(8)})`,
  );
}

// The figure that counts: a process that has done nothing else, as a reader's
// first cell would be (its heap not yet grown, the ops' code not yet warm).
console.log(`Deep chain in a fresh process (bench/deep-chain.ts), N = 1,000,000`);
for (let run = 1; run <= 2; run++) {
  const out = execFileSync(process.execPath, [new URL('./deep-chain.ts', import.meta.url).pathname, '1000000'], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { buildMs: number; backwardMs: number; backwardCpuMs: number; correct: boolean };
  console.log(
    `  run ${run}   build ${fmt(r.buildMs, 1)} ms   backward ${fmt(r.backwardMs, 1)} ms (cpu ${fmt(r.backwardCpuMs, 1)} ms)   dx ${r.correct ? 'correct' : 'WRONG'}`,
  );
}
console.log(`  goal: backward() on N = 1,000,000 under 1,500 ms in a fresh process`);
