// `npm run bench:graph`: how long the graph view's layout takes for a graph of
// about 200 values, and a step plus the re-layout that redraws it. The budget
// is 100 ms (issue 4). Prints figures; never fails on them.

import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { Value, trace } from '../src/engine/index.ts';
import { layoutGraph } from '../src/widgets/graph/layout.ts';
import { createStepper } from '../src/runtime/graph/stepper.ts';
import { explain } from '../src/runtime/graph/explain.ts';
import { extractClosures } from '../src/runtime/graph/engine-source.ts';
import { readFileSync } from 'node:fs';

const RUNS = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One neuron with 50 inputs: 50 x, 50 w, 50 products, 50 running sums and the tanh = 201 values. */
function bigNeuron(): Value {
  let sum = new Value(0.1, [], '', 'b');
  for (let i = 0; i < 50; i++) {
    const x = new Value(Math.sin(i), [], '', `x${i}`);
    const w = new Value(Math.cos(i), [], '', `w${i}`);
    sum = sum.add(x.mul(w));
  }
  const o = sum.tanh();
  o.label = 'o';
  return o;
}

const root = bigNeuron();
const t = trace(root);
const values = t.nodes.length;

for (let i = 0; i < 3; i++) layoutGraph(t); // warm up
const layoutTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  layoutGraph(t);
  layoutTimes.push(performance.now() - start);
}

// A step as the view does it: the stepper's call and fresh trace, then the
// layout given the previous one (same shapes, so positions are reused), and,
// for comparison, a full dagre layout of the new trace.
const closures = extractClosures(readFileSync(new URL('../src/engine/value.ts', import.meta.url), 'utf8'));
const stepper = createStepper(root, { isEngine: (n) => n instanceof Value });
stepper.seed();
let previous = layoutGraph(t);
const stepTimes: number[] = [];
const stepFullTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let start = performance.now();
  const result = stepper.call(t.root);
  explain(result.log[result.cursor - 1], result.trace, closures);
  previous = layoutGraph(result.trace, { previous });
  stepTimes.push(performance.now() - start);
  start = performance.now();
  const again = stepper.call(t.root);
  layoutGraph(again.trace);
  stepFullTimes.push(performance.now() - start);
}

const layoutMs = median(layoutTimes);
const stepMs = median(stepTimes);
const stepFullMs = median(stepFullTimes);
console.log(`graph of ${values} values, median of ${RUNS} runs (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores):`);
console.log(`  layout (dagre):                 ${layoutMs.toFixed(1)} ms`);
console.log(`  step + explain + redraw data (as the view): ${stepMs.toFixed(1)} ms`);
console.log(`  step + full dagre re-layout:    ${stepFullMs.toFixed(1)} ms`);
console.log(`  budget 100 ms: ${Math.max(layoutMs, stepMs, stepFullMs) < 100 ? 'within' : 'OVER'}`);
