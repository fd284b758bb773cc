// The training lab's loop, without any DOM: a network of the reader's shape
// learns a set of points in the plane with micrograd's max-margin loss. The
// lab's worker, the page (for the graph of one point) and the unit tests all
// drive these functions. Engine files are imported with explicit .ts
// extensions so node runs this module as is.

import { MLP, type Activation } from '../../engine/nn.ts';
import { mulberry32 } from '../../engine/random.ts';
import { Value, topologicalOrder } from '../../engine/value.ts';
import { layerSizes, type LabConfig, type LabLoss } from './config.ts';
import type { LabData, Points } from './datasets.ts';
import type { Bounds } from './heatmap.ts';

/** Ways to break training on purpose, each a bug micrograd's issue tracker keeps receiving. */
export interface Bugs {
  /** The grads are never set back to 0, so every step adds to all the earlier ones. */
  forgetZeroGrad: boolean;
  /** Every `_backward` assigns its share instead of adding it (`=` for `+=`). */
  assignGrads: boolean;
  /** Steps ten times as long as the chosen rate: the loss jumps past the valley and grows. */
  rateTooHigh: boolean;
  /** Every hidden bias starts at −1, so nearly every ReLU outputs 0 on every point and passes back 0. */
  deadRelus: boolean;
}

export const NO_BUGS: Bugs = { forgetZeroGrad: false, assignGrads: false, rateTooHigh: false, deadRelus: false };

/** How many times the chosen rate the "too high" bug steps. */
export const TOO_HIGH = 10;
/** Where the "dead ReLUs" bug starts every hidden bias. */
export const DEAD_BIAS = -1;

export interface LabRun {
  config: LabConfig;
  data: LabData;
  model: MLP;
  /** Steps taken so far. */
  steps: number;
}

export interface StepReport {
  step: number;
  /** The loss of the step's batch, before its update. */
  loss: number;
  /** Accuracy on the training points after the update, 0..1. */
  accuracy: number;
  /** Accuracy on the held-out points after the update; null when there are none. */
  testAccuracy: number | null;
}

export function createRun(config: LabConfig, data: LabData, bugs: Bugs = NO_BUGS): LabRun {
  const model = new MLP(data.inputs, layerSizes(config), { activation: config.activation, seed: config.seed });
  if (bugs.deadRelus) for (const layer of model.layers.slice(0, -1)) for (const n of layer.neurons) n.b.data = DEAD_BIAS;
  // With the margin loss the score is the output neuron's sum itself: a tanh
  // output cannot pass ±1, so a point on the wrong side with the output
  // saturated would get almost no grad, and stay there. The lecture keeps tanh.
  for (const n of model.layers[model.layers.length - 1].neurons) n.activation = config.output;
  return { config, data, model, steps: 0 };
}

/** The rate of step `step` (0-based): with decay, from the chosen rate down to a tenth of it over 100 steps. */
export function learningRateAt(config: Pick<LabConfig, 'learningRate' | 'decay'>, step: number): number {
  return config.decay ? config.learningRate * (1.0 - (0.9 * Math.min(step, 100)) / 100) : config.learningRate;
}

/**
 * The points step `step` trains on: all of them, or a mini-batch drawn without
 * replacement from a source seeded by the seed and the step, so any recorded
 * step can be replayed exactly.
 */
export function batchOf(config: Pick<LabConfig, 'batch' | 'seed'>, count: number, step: number): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (config.batch <= 0 || config.batch >= count) return all;
  const random = mulberry32((Math.imul(config.seed, 0x9e3779b1) + Math.imul(step + 1, 0x85ebca6b)) >>> 0);
  // The first `batch` entries of a Fisher–Yates shuffle.
  for (let i = 0; i < config.batch; i++) {
    const j = i + Math.floor(random() * (count - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, config.batch).sort((a, b) => a - b);
}

/** One point's term of the loss: relu(1 − y·score) for the margin loss, (score − y)² for the squared one. */
export function lossTerm(model: MLP, x: readonly number[], y: number, loss: LabLoss): Value {
  if (loss === 'margin') return marginTerm(model, x, y);
  return model
    .forward(x as number[])[0]
    .sub(y)
    .pow(2);
}

/** The scale of a point's term in the batch's loss: the margin loss is a mean, the squared loss a sum. */
export const termScale = (loss: LabLoss, batchSize: number): number => (loss === 'margin' ? 1 / batchSize : 1);

/** One point's share of the margin loss before the mean: relu(1 − y·score). */
export function marginTerm(model: MLP, x: readonly number[], y: number): Value {
  return model
    .forward(x as number[])[0]
    .mul(-y)
    .add(1)
    .relu();
}

/** l2 · Σ p² over the parameters, which keeps the weights from growing without bound. */
export function weightPenalty(model: MLP, l2: number): Value {
  let reg: Value | null = null;
  for (const p of model.parameters()) {
    const sq = p.mul(p);
    reg = reg === null ? sq : reg.add(sq);
  }
  return reg!.mul(l2);
}

/**
 * The loss of one point as the lab counts it: its term, over the batch size
 * for the margin loss. The terms of all the points plus the weight penalty are
 * the batch's loss, and their grads add up to the batch's grads.
 */
export function pointLoss(model: MLP, x: readonly number[], y: number, batchSize: number, loss: LabLoss = 'margin'): Value {
  const term = lossTerm(model, x, y, loss);
  return loss === 'margin' ? term.mul(1 / batchSize) : term;
}

/** The whole batch's loss as one graph: the terms' mean (margin) or sum (squared), plus the penalty when there is one. */
export function batchLoss(model: MLP, points: Points, indices: readonly number[], l2: number, loss: LabLoss = 'margin'): Value {
  let sum: Value | null = null;
  for (const i of indices) {
    const term = lossTerm(model, points.xs[i], points.ys[i], loss);
    sum = sum === null ? term : sum.add(term);
  }
  const data = loss === 'margin' ? (sum ?? new Value(0)).mul(1 / Math.max(1, indices.length)) : (sum ?? new Value(0));
  return l2 > 0 ? data.add(weightPenalty(model, l2)) : data;
}

/**
 * backward() with the `=` bug: each `_backward` overwrites its inputs' grads.
 * Setting an input's grad to 0 before the closure adds into it leaves exactly
 * what `=` would; an input used twice (p·p) would get its share twice from `+=`
 * but once from `=`, which has the same share on both sides, so it is halved.
 */
export function backwardAssigning(root: Value): void {
  const order = topologicalOrder(root);
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const a = node._a;
    const b = node._b;
    if (a) a.grad = 0;
    if (b) b.grad = 0;
    node._backward();
    if (a && a === b) a.grad /= 2;
  }
}

/**
 * One step: zero grads, the batch's loss, backward, update. Returns the loss
 * before the update and the accuracies after it.
 *
 * The gradient of a sum is the sum of its terms' gradients, and backward()
 * adds into the parameters' grads, so a healthy step calls backward() once per
 * point (and once for the penalty) instead of once on one big graph: the grads
 * are the same up to the order of the additions, and many small graphs are
 * garbage before the collector's next look, where one big graph was copied
 * every time (chapter 10 measures it). The `=` bug needs the one big graph:
 * its damage is exactly that a shared parameter keeps only one share.
 */
export function step(run: LabRun, bugs: Bugs = NO_BUGS): StepReport {
  const { model, data, config } = run;
  const indices = batchOf(config, data.xs.length, run.steps);
  let loss = 0;
  if (indices.length > 0) {
    if (!bugs.forgetZeroGrad) model.zeroGrad();
    if (bugs.assignGrads) {
      const full = batchLoss(model, data, indices, config.l2, config.loss);
      backwardAssigning(full);
      loss = full.data;
    } else {
      const scale = termScale(config.loss, indices.length);
      let dataLoss = 0;
      for (const i of indices) {
        const term = lossTerm(model, data.xs[i], data.ys[i], config.loss);
        (scale === 1 ? term : term.mul(scale)).backward();
        dataLoss += term.data;
      }
      // The same arithmetic, in the same order, as batchLoss(…).data.
      loss = scale === 1 ? dataLoss : dataLoss * scale;
      if (config.l2 > 0) {
        const penalty = weightPenalty(model, config.l2);
        penalty.backward();
        loss += penalty.data;
      }
    }
    const lr = learningRateAt(config, run.steps) * (bugs.rateTooHigh ? TOO_HIGH : 1);
    for (const p of model.parameters()) p.data -= lr * p.grad;
  }
  run.steps += 1;
  const net = flatten(model);
  return {
    step: run.steps,
    loss,
    accuracy: accuracyOf(net, data),
    testAccuracy: data.test.xs.length > 0 ? accuracyOf(net, data.test) : null,
  };
}

// ---------------------------------------------------------------------------
// The network as plain numbers, for drawing and scoring without building Values.

/** Per layer: per neuron [w1, …, wn, b]; and each layer's activation. */
export interface FlatNet {
  layers: Float64Array[][];
  activations: Activation[];
}

export function flatten(model: MLP): FlatNet {
  return {
    layers: model.layers.map((l) => l.neurons.map((n) => Float64Array.from([...n.w.map((w) => w.data), n.b.data]))),
    activations: model.layers.map((l) => l.neurons[0]?.activation ?? 'linear'),
  };
}

/** Every parameter's value, in model.parameters() order (what the history records). */
export function parameterValues(model: MLP): Float64Array {
  return Float64Array.from(model.parameters(), (p) => p.data);
}

/** Puts recorded values back into the model's parameters. */
export function setParameters(model: MLP, values: ArrayLike<number>): void {
  const params = model.parameters();
  if (values.length !== params.length) throw new RangeError(`setParameters: expected ${params.length} values, got ${values.length}`);
  params.forEach((p, i) => (p.data = values[i]));
}

function activate(act: Activation, x: number): number {
  return act === 'relu' ? (x < 0 ? 0 : x) : act === 'tanh' ? Math.tanh(x) : x;
}

/** The network's score for one point (same arithmetic order as Neuron.forward). */
export function scoreOf(net: FlatNet, x: readonly number[]): number {
  let h: number[] = x as number[];
  for (let l = 0; l < net.layers.length; l++) {
    const out: number[] = [];
    for (const wb of net.layers[l]) {
      const n = wb.length - 1;
      let act = wb[n];
      for (let i = 0; i < n; i++) act += wb[i] * h[i];
      out.push(activate(net.activations[l], act));
    }
    h = out;
  }
  return h[0];
}

export function accuracyOf(net: FlatNet, points: Points): number {
  if (points.xs.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < points.xs.length; i++) if (scoreOf(net, points.xs[i]) > 0 === points.ys[i] > 0) right++;
  return right / points.xs.length;
}

/** How many neurons the network has, hidden and output, in layer order. */
export const neuronCount = (net: FlatNet): number => net.layers.reduce((n, l) => n + l.length, 0);

/**
 * Every neuron's output on a cols × rows grid over `bounds` (cell centres, row
 * by row from the top): `maps[k]` is neuron k in layer order, so the last is
 * the network's score. One pass computes them all, in two scratch buffers,
 * because the worker draws this every few steps and thousands of small arrays
 * a time would be garbage the training step has to collect.
 */
export function neuronGrids(net: FlatNet, bounds: Bounds, cols: number, rows: number): Float32Array[] {
  const maps = Array.from({ length: neuronCount(net) }, () => new Float32Array(cols * rows));
  const { xMin, xMax, yMin, yMax } = bounds;
  const width = Math.max(2, ...net.layers.map((l) => l.length));
  let h = new Float64Array(width);
  let next = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const y = yMax - ((r + 0.5) / rows) * (yMax - yMin);
    for (let c = 0; c < cols; c++) {
      h[0] = xMin + ((c + 0.5) / cols) * (xMax - xMin);
      h[1] = y;
      let k = 0;
      for (let l = 0; l < net.layers.length; l++) {
        const layer = net.layers[l];
        const act = net.activations[l];
        for (let j = 0; j < layer.length; j++) {
          const wb = layer[j];
          const n = wb.length - 1;
          let sum = wb[n];
          for (let i = 0; i < n; i++) sum += wb[i] * h[i];
          next[j] = activate(act, sum);
          maps[k++][r * cols + c] = next[j];
        }
        [h, next] = [next, h];
      }
    }
  }
  return maps;
}

/** Only the network's score on the grid (the last of neuronGrids). */
export function scoreGrid(net: FlatNet, bounds: Bounds, cols: number, rows: number): Float32Array {
  const maps = neuronGrids(net, bounds, cols, rows);
  return maps[maps.length - 1];
}

/** The network a parameter vector describes (model.parameters() order), for drawing recorded steps. */
export function netFromParams(
  config: Pick<LabConfig, 'layers' | 'neurons' | 'activation' | 'output'>,
  params: ArrayLike<number>,
  inputCount = 2,
): FlatNet {
  const sizes = layerSizes(config);
  const layers: Float64Array[][] = [];
  let at = 0;
  let inputs = inputCount;
  for (const size of sizes) {
    const layer: Float64Array[] = [];
    for (let j = 0; j < size; j++) {
      layer.push(Float64Array.from({ length: inputs + 1 }, (_, i) => params[at + i]));
      at += inputs + 1;
    }
    layers.push(layer);
    inputs = size;
  }
  if (at !== params.length) throw new RangeError(`netFromParams: ${params.length} values for a network of ${at} parameters`);
  return { layers, activations: sizes.map((_, l) => (l === sizes.length - 1 ? config.output : config.activation)) };
}

/**
 * The graph of one point's loss under `params`, labelled for reading: inputs x
 * and y, each neuron's output h<layer>.<n> (the last is the score), its
 * parameters h<layer>.<n>.w<i> and .b, and the loss. Its grads, after
 * backward(), are this point's share of a full batch's grads.
 */
export function pointGraph(config: LabConfig, data: LabData, params: ArrayLike<number>, index: number): { root: Value; model: MLP } {
  const model = createRun(config, data).model;
  setParameters(model, params);
  const last = model.layers.length - 1;
  model.layers.forEach((layer, l) =>
    layer.neurons.forEach((n, j) => {
      const name = l === last ? 'score' : `h${l + 1}.${j + 1}`;
      n.w.forEach((w, i) => (w.label = `${name}.w${i + 1}`));
      n.b.label = `${name}.b`;
    }),
  );
  const names = data.inputs === 2 ? ['x', 'y'] : data.xs[index].map((_, i) => `x${i + 1}`);
  let h: Value[] = data.xs[index].map((v, i) => new Value(v, [], '', names[i]));
  model.layers.forEach((layer, l) => {
    h = layer.forward(h);
    h.forEach((v, j) => (v.label = l === last ? 'score' : `h${l + 1}.${j + 1}`));
  });
  const y = data.ys[index];
  if (config.loss === 'squared') {
    const error = h[0].sub(y);
    error.label = 'error';
    const root = error.pow(2);
    root.label = 'loss';
    return { root, model };
  }
  const batch = config.batch > 0 && config.batch < data.xs.length ? config.batch : data.xs.length;
  const margin = h[0].mul(-y).add(1);
  margin.label = 'margin';
  const term = margin.relu();
  term.label = 'term';
  const root = term.mul(1 / batch);
  root.label = 'loss';
  return { root, model };
}
