// The lab's data sets: points in the plane with a class of +1 or −1, seeded so
// a shared link draws the same points. Each generated set has its training
// points, then a quarter as many test points drawn from the same source after
// them (so the training points do not depend on the test set), and the region
// its plots cover. Pure TypeScript, explicit .ts imports: node runs it as is.

import { mulberry32 } from '../../engine/random.ts';
import type { Bounds } from './heatmap.ts';

/** A point's inputs: two for the plane's sets, three for the lecture's four examples. */
export type Point = readonly number[];

export interface Points {
  xs: Point[];
  /** +1 or −1, one per point. */
  ys: number[];
}

export interface LabData extends Points {
  /** Points held out of training: the test accuracy is measured on them. */
  test: Points;
  bounds: Bounds;
  /** Inputs per point: 2 for a set in the plane (drawn as a map), 3 for the lecture's examples. */
  inputs: number;
}

export const GENERATED = ['moons', 'circles', 'xor', 'spiral', 'blobs'] as const;
export type GeneratedSet = (typeof GENERATED)[number];
export type DataSetName = GeneratedSet | 'yours' | 'lecture';

export const DATA_SET_LABELS: Record<DataSetName, string> = {
  moons: 'Moons',
  circles: 'Circles',
  xor: 'XOR',
  spiral: 'Spiral',
  blobs: 'Two blobs',
  yours: 'Your points',
  lecture: 'The four examples',
};

/** Every generated set draws from this seed: the network's seed is a separate choice. */
export const DATA_SEED = 42;

/** The region a set of the reader's own starts with, and where clicks add points. */
export const YOUR_BOUNDS: Bounds = { xMin: -2, xMax: 2, yMin: -1.5, yMax: 1.5 };

interface Generator {
  bounds: Bounds;
  /** Point i of the stream (classes alternate with i, so both are equally many). */
  point(i: number, random: () => number, noise: number): Point;
}

const TAU = 2 * Math.PI;

const generators: Record<GeneratedSet, Generator> = {
  // micrograd's demo uses scikit-learn's make_moons; this is the same shape, drawn
  // from a rational parametrisation of the half circle (s in [-1, 1)).
  moons: {
    bounds: { xMin: -1.6, xMax: 2.6, yMin: -1.1, yMax: 1.6 },
    point(i, random, noise) {
      const s = 2 * random() - 1;
      const c = (1 - s * s) / (1 + s * s);
      const d = (2 * s) / (1 + s * s);
      const [x, y] = i % 2 === 0 ? [d, c] : [1 - d, 0.5 - c];
      return [x + noise * (2 * random() - 1), y + noise * (2 * random() - 1)];
    },
  },
  // Class +1 inside a disc of radius 0.5, class −1 on a ring from 0.9 to 1.2.
  circles: {
    bounds: { xMin: -1.6, xMax: 1.6, yMin: -1.6, yMax: 1.6 },
    point(i, random, noise) {
      const angle = TAU * random();
      const r = i % 2 === 0 ? 0.5 * Math.sqrt(random()) : 0.9 + 0.3 * random();
      return [r * Math.cos(angle) + noise * (2 * random() - 1), r * Math.sin(angle) + noise * (2 * random() - 1)];
    },
  },
  // The class is the sign of x·y; points stay 0.05 clear of the axes before noise.
  xor: {
    bounds: { xMin: -1.3, xMax: 1.3, yMin: -1.3, yMax: 1.3 },
    point(i, random, noise) {
      const sx = random() < 0.5 ? -1 : 1;
      const sy = i % 2 === 0 ? sx : -sx;
      const x = sx * (0.05 + 0.95 * random());
      const y = sy * (0.05 + 0.95 * random());
      return [x + noise * (2 * random() - 1), y + noise * (2 * random() - 1)];
    },
  },
  // Two arms winding one and a half turns round the origin, each the other turned by half a turn.
  spiral: {
    bounds: { xMin: -1.3, xMax: 1.3, yMin: -1.3, yMax: 1.3 },
    point(i, random, noise) {
      const t = random();
      const r = 0.1 + 0.9 * t;
      const angle = 1.5 * TAU * t + (i % 2 === 0 ? 0 : Math.PI);
      return [r * Math.cos(angle) + noise * (2 * random() - 1), r * Math.sin(angle) + noise * (2 * random() - 1)];
    },
  },
  // Two round clusters of radius 0.6 centred at (−0.6, −0.4) and (0.6, 0.4).
  blobs: {
    bounds: { xMin: -1.6, xMax: 1.6, yMin: -1.4, yMax: 1.4 },
    point(i, random, noise) {
      const [cx, cy] = i % 2 === 0 ? [-0.6, -0.4] : [0.6, 0.4];
      const angle = TAU * random();
      const r = 0.6 * Math.sqrt(random());
      return [cx + r * Math.cos(angle) + noise * (2 * random() - 1), cy + r * Math.sin(angle) + noise * (2 * random() - 1)];
    },
  },
};

/** How many test points a set of `count` training points gets. */
export const testCount = (count: number): number => Math.ceil(count / 4);

/**
 * `count` training points and testCount(count) test points of a generated set.
 * Even points are class +1, odd points −1. With count 100 and noise 0.1, the
 * moons are exactly chapter 9's (and the benchmark's) hundred points.
 */
export function generate(name: GeneratedSet, count: number, noise: number): LabData {
  const { bounds, point } = generators[name];
  const random = mulberry32(DATA_SEED);
  const stream = (from: number, n: number): Points => {
    const xs: Point[] = [];
    const ys: number[] = [];
    for (let i = from; i < from + n; i++) {
      xs.push(point(i, random, noise));
      ys.push(i % 2 === 0 ? 1 : -1);
    }
    return { xs, ys };
  };
  const train = stream(0, count);
  return { ...train, test: stream(count, testCount(count)), bounds, inputs: 2 };
}

/** The reader's own points: all of them train, none are held out. */
export function yours(points: Points, bounds: Bounds = YOUR_BOUNDS): LabData {
  return { xs: [...points.xs], ys: [...points.ys], test: { xs: [], ys: [] }, bounds, inputs: 2 };
}

/** The lecture's four examples (chapter 9): three inputs each, and the answer wanted, +1 or −1. */
export const LECTURE_XS: readonly Point[] = [
  [2, 3, -1],
  [3, -1, 0.5],
  [0.5, 1, 1],
  [1, 1, -1],
];
export const LECTURE_YS: readonly number[] = [1, -1, -1, 1];

export function lecture(): LabData {
  return { xs: [...LECTURE_XS], ys: [...LECTURE_YS], test: { xs: [], ys: [] }, bounds: YOUR_BOUNDS, inputs: 3 };
}
