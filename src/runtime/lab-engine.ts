// Training steps with the reader's own Value class, for the training lab's
// "Engine: yours": the class a page's cells defined, used as the lesson's cells
// use it (one graph per step, one backward()), so a reader's bug shows in
// training exactly as it would in their cells. Also what the lab says it saw
// when an engine fails to learn. No engine import: any class with data, grad,
// add, mul, the activation, and backward will do.

/** What the lab needs of a reader's Value. */
export interface ValueLike {
  data: number;
  grad: number;
  add(other: ValueLike): ValueLike;
  mul(other: ValueLike): ValueLike;
  tanh?(): ValueLike;
  relu?(): ValueLike;
  backward(): void;
}

export type ValueClass = new (data: number) => ValueLike;

export interface LabNet {
  /** Inputs, then each layer's size: [2, 16, 16, 1]. */
  sizes: number[];
  activation: 'relu' | 'tanh';
  output: 'linear' | 'tanh';
  loss: 'margin' | 'squared';
  l2: number;
}

export interface LabSteps {
  net: LabNet;
  /** Every parameter, layer by layer, neuron by neuron, [w1 … wn, b]: the site's order. */
  params: ArrayLike<number>;
  xs: readonly (readonly number[])[];
  ys: readonly number[];
  /** Per step: the points it trains on, and its learning rate. */
  steps: { indices: readonly number[]; rate: number }[];
  /** The forgotten zero_grad: grads are left from the step before. */
  keepGrads?: boolean;
}

export interface LabStepsResult {
  params: Float64Array;
  grads: Float64Array;
  /** Each step's loss, before its update. */
  losses: number[];
}

/** A reader's class lacks what the lab calls: say which method, in their words. */
export class EngineMissing extends Error {}

function need(v: ValueLike, method: 'add' | 'mul' | 'tanh' | 'relu'): void {
  if (typeof (v as unknown as Record<string, unknown>)[method] !== 'function') {
    throw new EngineMissing(`your Value has no ${method}() method, which this network needs`);
  }
}

/** Runs `steps` steps of gradient descent with the class `V`; the parameters in and out are plain numbers. */
export function trainWith(V: ValueClass, job: LabSteps): LabStepsResult {
  const probe = new V(1);
  for (const m of ['add', 'mul'] as const) need(probe, m);
  if (job.net.activation === 'tanh' || job.net.output === 'tanh') need(probe, 'tanh');
  if (job.net.activation === 'relu' || job.net.loss === 'margin') need(probe, 'relu');
  if (typeof probe.backward !== 'function') throw new EngineMissing('your Value has no backward() method');

  const params = Array.from(job.params, (p) => new V(p));
  const losses: number[] = [];
  const c = (x: number) => new V(x);
  const act = (v: ValueLike, kind: 'relu' | 'tanh' | 'linear') => (kind === 'linear' ? v : kind === 'tanh' ? v.tanh!() : v.relu!());
  const layers = job.net.sizes.length - 1;

  const forward = (x: readonly number[]): ValueLike => {
    let h: ValueLike[] = x.map(c);
    let at = 0;
    for (let l = 0; l < layers; l++) {
      const next: ValueLike[] = [];
      for (let j = 0; j < job.net.sizes[l + 1]; j++) {
        const n = h.length;
        // b + w1·x1 + … + wn·xn, in that order, as the site's Neuron sums.
        let sum = params[at + n];
        for (let i = 0; i < n; i++) sum = sum.add(params[at + i].mul(h[i]));
        at += n + 1;
        next.push(act(sum, l === layers - 1 ? job.net.output : job.net.activation));
      }
      h = next;
    }
    return h[0];
  };

  for (const { indices, rate } of job.steps) {
    let loss: ValueLike | null = null;
    for (const i of indices) {
      const score = forward(job.xs[i]);
      const y = job.ys[i];
      const term = job.net.loss === 'margin' ? score.mul(c(-y)).add(c(1)).relu!() : squared(score.add(c(-y)));
      loss = loss === null ? term : loss.add(term);
    }
    if (loss === null) {
      losses.push(0);
      continue;
    }
    if (job.net.loss === 'margin') loss = loss.mul(c(1 / indices.length));
    if (job.net.l2 > 0) {
      let reg: ValueLike | null = null;
      for (const p of params) reg = reg === null ? p.mul(p) : reg.add(p.mul(p));
      loss = loss.add(reg!.mul(c(job.net.l2)));
    }
    if (!job.keepGrads) for (const p of params) p.grad = 0;
    loss.backward();
    losses.push(loss.data);
    for (const p of params) p.data -= rate * p.grad;
  }
  return { params: Float64Array.from(params, (p) => p.data), grads: Float64Array.from(params, (p) => p.grad), losses };
}

const squared = (e: ValueLike): ValueLike => e.mul(e);

/**
 * What the lab saw when training with an engine went wrong, in a sentence, or
 * null when nothing looks wrong: a loss that is not a number, grads that are all
 * 0 while the loss is not, a loss that grew over the last steps, or one that
 * has hardly fallen after 50.
 */
export function diagnose(losses: readonly number[], grads: ArrayLike<number>): string | null {
  const last = losses[losses.length - 1];
  if (losses.some((l) => !Number.isFinite(l)))
    return 'the loss is not a number (NaN or infinite): something in the engine divides by zero or overflows';
  let allZero = true;
  for (let i = 0; i < grads.length; i++) if (grads[i] !== 0) allZero = false;
  if (allZero && last > 1e-9) return 'every grad is 0 while the loss is not: backward() passes nothing back to the weights';
  if (losses.length >= 10) {
    const early = losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const late = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
    if (late > early * 1.5)
      return `the loss is rising (from about ${early.toPrecision(3)} to ${late.toPrecision(3)}): the steps push the weights the wrong way, or too far`;
  }
  if (losses.length >= 50 && Math.min(...losses.slice(-10)) > 0.9 * losses[0]) {
    return `the loss has hardly fallen in ${losses.length} steps (from ${losses[0].toPrecision(3)} to ${last.toPrecision(3)}): the grads do not point downhill`;
  }
  return null;
}
