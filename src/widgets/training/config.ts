// Everything a reader can choose in the training lab, its limits, and its
// round trip through the page's address (`#lab=…`), so a shared link opens the
// same data, network and seed. No DOM: the widget and the unit tests use it.

import { GENERATED, generate, lecture, yours, type DataSetName, type LabData, type Point, type Points } from './datasets.ts';
import type { LabNet } from '../../runtime/lab-engine.ts';
import type { Bounds } from './heatmap.ts';

export type LabActivation = 'relu' | 'tanh';
/** micrograd's demo: max(0, 1 − y·score), averaged; the lecture: (score − y)², summed. */
export type LabLoss = 'margin' | 'squared';

export interface LabConfig {
  data: DataSetName;
  /** Training points of a generated set (a quarter as many more are held out for testing). */
  count: number;
  /** How far each generated point is moved at random, in plane units. */
  noise: number;
  /** Hidden layers, 0 to 4; 0 is a single linear neuron. */
  layers: number;
  /** Neurons in each hidden layer, 1 to 16. */
  neurons: number;
  activation: LabActivation;
  /** The output neuron's activation: none (its sum is the score), or tanh as in the lecture. */
  output: 'linear' | 'tanh';
  loss: LabLoss;
  learningRate: number;
  /** Whether the rate falls linearly to a tenth of itself over the first 100 steps (micrograd's schedule). */
  decay: boolean;
  /** The weight of the L2 penalty, alpha · Σ p². */
  l2: number;
  /** Points per step; 0 means all of them. */
  batch: number;
  /** Seeds the starting weights and the order of mini-batches. */
  seed: number;
  /** Train with the site's engine, or with the Value class the page's cells defined (run in the cells' worker). */
  engine: 'site' | 'yours';
  /** The reader's points, when data is 'yours'. */
  points: Points;
  /** The region the reader's points are drawn on: the set they started from keeps its own, so the plot does not jump. */
  view: Bounds | null;
}

/** Chapter 9's moons: micrograd's demo, exactly. */
export const DEFAULT_CONFIG: LabConfig = {
  data: 'moons',
  count: 100,
  noise: 0.1,
  layers: 2,
  neurons: 16,
  activation: 'relu',
  output: 'linear',
  loss: 'margin',
  learningRate: 1,
  decay: true,
  l2: 1e-4,
  batch: 0,
  seed: 1337,
  engine: 'site',
  points: { xs: [], ys: [] },
  view: null,
};

export const LIMITS = {
  count: [10, 400],
  noise: [0, 0.5],
  layers: [0, 4],
  neurons: [1, 16],
  learningRate: [0.0001, 10],
  l2: [0, 0.1],
  batch: [0, 400],
  seed: [0, 2 ** 31 - 1],
  /** The reader's points: at most this many. */
  points: [0, 400],
} as const;

const clamp = (x: number, [lo, hi]: readonly [number, number], fallback: number): number =>
  Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
const whole = (x: number, range: readonly [number, number], fallback: number): number => Math.round(clamp(x, range, fallback));

/** The points a config trains on: a generated set, or the reader's own on their region. */
export function dataOf(config: LabConfig): LabData {
  if (config.data === 'lecture') return lecture();
  return config.data === 'yours' ? yours(config.points, config.view ?? undefined) : generate(config.data, config.count, config.noise);
}

/** Chapter 9's four-example lab: the lecture's data, MLP(3, [4, 4, 1]) with tanh throughout, seed 5, Σ(ŷ − y)². */
export const LECTURE_CONFIG: LabConfig = {
  ...DEFAULT_CONFIG,
  data: 'lecture',
  activation: 'tanh',
  output: 'tanh',
  loss: 'squared',
  learningRate: 0.1,
  decay: false,
  l2: 0,
  seed: 5,
  layers: 2,
  neurons: 4,
};

/** The hidden and output sizes of the network, e.g. [16, 16, 1]. */
export function layerSizes(config: Pick<LabConfig, 'layers' | 'neurons'>): number[] {
  return [...Array<number>(config.layers).fill(config.neurons), 1];
}

/** The network as the cells' worker trains it with the reader's engine (runtime/lab-engine.ts). */
export function labNet(config: LabConfig, inputs: number): LabNet {
  return { sizes: [inputs, ...layerSizes(config)], activation: config.activation, output: config.output, loss: config.loss, l2: config.l2 };
}

/** A config with every field inside its limits (anything unreadable takes the default). */
export function normalise(config: Partial<LabConfig>, base: LabConfig = DEFAULT_CONFIG): LabConfig {
  const d = base;
  const data =
    config.data === 'yours' || config.data === 'lecture' || GENERATED.includes(config.data as never)
      ? (config.data as DataSetName)
      : d.data;
  const given = config.points ?? d.points;
  const kept = given.xs
    .map((p, i) => [p, given.ys[i]] as const)
    .filter(([p, y]) => p.length === 2 && p.every(Number.isFinite) && y !== undefined);
  return {
    data,
    count: whole(config.count ?? d.count, LIMITS.count, d.count),
    noise: clamp(config.noise ?? d.noise, LIMITS.noise, d.noise),
    layers: whole(config.layers ?? d.layers, LIMITS.layers, d.layers),
    neurons: whole(config.neurons ?? d.neurons, LIMITS.neurons, d.neurons),
    activation: config.activation === 'tanh' ? 'tanh' : config.activation === 'relu' ? 'relu' : d.activation,
    output: config.output === 'tanh' || config.output === 'linear' ? config.output : d.output,
    loss: config.loss === 'squared' || config.loss === 'margin' ? config.loss : d.loss,
    learningRate: clamp(config.learningRate ?? d.learningRate, LIMITS.learningRate, d.learningRate),
    decay: config.decay ?? d.decay,
    l2: clamp(config.l2 ?? d.l2, LIMITS.l2, d.l2),
    batch: whole(config.batch ?? d.batch, LIMITS.batch, d.batch),
    seed: whole(config.seed ?? d.seed, LIMITS.seed, d.seed),
    engine: config.engine === 'yours' || config.engine === 'site' ? config.engine : d.engine,
    view: readView(config.view),
    points: {
      xs: kept.slice(0, LIMITS.points[1]).map(([p]) => [p[0], p[1]] as const),
      ys: kept.slice(0, LIMITS.points[1]).map(([, y]) => (y > 0 ? 1 : -1)),
    },
  };
}

function readView(view: Bounds | null | undefined): Bounds | null {
  if (!view) return null;
  const { xMin, xMax, yMin, yMax } = view;
  const fine = [xMin, xMax, yMin, yMax].every((v) => Number.isFinite(v) && Math.abs(v) <= 100) && xMin < xMax && yMin < yMax;
  return fine ? { xMin, xMax, yMin, yMax } : null;
}

// The address keeps only what differs from the default, in short keys.
const KEYS = {
  data: 'data',
  count: 'n',
  noise: 'noise',
  layers: 'layers',
  neurons: 'neurons',
  activation: 'act',
  output: 'out',
  loss: 'loss',
  learningRate: 'lr',
  decay: 'decay',
  l2: 'l2',
  batch: 'batch',
  seed: 'seed',
  engine: 'engine',
} as const;

/** Points as `x,y,c;x,y,c…` with two decimals and c the class (1 or 0 for −1). */
function pointsText(points: Points): string {
  return points.xs.map(([x, y], i) => `${+x.toFixed(2)},${+y.toFixed(2)},${points.ys[i] > 0 ? 1 : 0}`).join(';');
}

function readPoints(text: string): Points {
  const xs: Point[] = [];
  const ys: number[] = [];
  for (const item of text.split(';').slice(0, LIMITS.points[1])) {
    const [x, y, c] = item.split(',').map(Number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push([x, y]);
    ys.push(c === 1 ? 1 : -1);
  }
  return { xs, ys };
}

function viewOf(text: string): Bounds {
  const [xMin, xMax, yMin, yMax] = text.split(',').map(Number);
  return { xMin, xMax, yMin, yMax };
}

/** `name&data=xor&layers=1…`: the text after `#lab=` for this lab's config, keeping what differs from `base` (the lab's own start). */
export function toHash(name: string, config: LabConfig, base: LabConfig = DEFAULT_CONFIG): string {
  const params = new URLSearchParams();
  for (const [field, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const value = config[field];
    if (value !== base[field]) params.set(key, String(typeof value === 'boolean' ? Number(value) : value));
  }
  if (config.data === 'yours') {
    params.set('points', pointsText(config.points));
    if (config.view) params.set('view', [config.view.xMin, config.view.xMax, config.view.yMin, config.view.yMax].join(','));
  }
  const rest = params.toString();
  return `lab=${encodeURIComponent(name)}${rest ? `&${rest}` : ''}`;
}

/** The config a `#lab=…` address gives the lab called `name` (what it leaves out is `base`'s), or null when it is not about this lab. */
export function fromHash(name: string, hash: string, base: LabConfig = DEFAULT_CONFIG): LabConfig | null {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith('lab=')) return null;
  const params = new URLSearchParams(text);
  if (params.get('lab') !== name) return null;
  const num = (key: string): number | undefined => (params.has(key) ? Number(params.get(key)) : undefined);
  const config: Partial<LabConfig> = {
    data: (params.get(KEYS.data) ?? undefined) as DataSetName | undefined,
    count: num(KEYS.count),
    noise: num(KEYS.noise),
    layers: num(KEYS.layers),
    neurons: num(KEYS.neurons),
    activation: (params.get(KEYS.activation) ?? undefined) as LabActivation | undefined,
    output: (params.get(KEYS.output) ?? undefined) as 'linear' | 'tanh' | undefined,
    loss: (params.get(KEYS.loss) ?? undefined) as LabLoss | undefined,
    learningRate: num(KEYS.learningRate),
    decay: params.has(KEYS.decay) ? params.get(KEYS.decay) !== '0' : undefined,
    l2: num(KEYS.l2),
    batch: num(KEYS.batch),
    seed: num(KEYS.seed),
    engine: (params.get(KEYS.engine) ?? undefined) as 'site' | 'yours' | undefined,
    points: params.has('points') ? readPoints(params.get('points') ?? '') : undefined,
    view: params.has('view') ? viewOf(params.get('view') ?? '') : undefined,
  };
  return normalise(config, base);
}
