// The numbers behind NudgeExplorer (chapter 1): f(x) = 3x² − 4x + 5, its
// nudged and exact slopes, the plot's geometry, and d = a·b + c nudged one
// input at a time. Pure TypeScript, so node's test runner imports it as is.

import { formatPathNumber } from '../../runtime/format.ts';

export const f = (x: number): number => 3 * x ** 2 - 4 * x + 5;
export const exactSlope = (x: number): number => 6 * x - 4;

/** The slope measured by nudging: (f(x + h) − f(x)) / h. */
export const nudgedSlope = (x: number, h: number): number => (f(x + h) - f(x)) / h;

/** The lecture's three cases, one click away. */
export const CASES = [
  { label: 'x = 3', x: 3, slope: 14 },
  { label: 'x = −3', x: -3, slope: -22 },
  { label: 'x = 2/3', x: 2 / 3, slope: 0 },
] as const;

/** Reads a number the way a person types it: "−3", "2/3", "1e-4", " 0.5 ". NaN when it is not one. */
export function parseNumber(text: string): number {
  const t = text.trim().replace(/[−–]/g, '-').replace(/\s+/g, '');
  if (t === '') return NaN;
  const frac = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

// ---- the plot ----

export const PLOT = { width: 320, height: 220, xMin: -4, xMax: 4, yMin: -10, yMax: 75, pad: 28 } as const;

export const toPx = (x: number): number => PLOT.pad + ((x - PLOT.xMin) / (PLOT.xMax - PLOT.xMin)) * (PLOT.width - 2 * PLOT.pad);
export const toPy = (y: number): number =>
  PLOT.height - PLOT.pad - ((y - PLOT.yMin) / (PLOT.yMax - PLOT.yMin)) * (PLOT.height - 2 * PLOT.pad);

/** The curve as an SVG path over the plot's x range. */
export function curvePath(samples = 80): string {
  const parts: string[] = [];
  for (let i = 0; i <= samples; i++) {
    const x = PLOT.xMin + ((PLOT.xMax - PLOT.xMin) * i) / samples;
    parts.push(`${i === 0 ? 'M' : 'L'}${formatPathNumber(toPx(x))},${formatPathNumber(toPy(f(x)))}`);
  }
  return parts.join(' ');
}

/** The line through (x0, y0) with this slope, across the plot (the SVG clips it). */
export function linePoints(x0: number, y0: number, slope: number): { x1: number; y1: number; x2: number; y2: number } {
  const a = PLOT.xMin - 1;
  const b = PLOT.xMax + 1;
  return { x1: toPx(a), y1: toPy(y0 + slope * (a - x0)), x2: toPx(b), y2: toPy(y0 + slope * (b - x0)) };
}

// ---- d = a·b + c ----

export type Input = 'a' | 'b' | 'c';
export const INPUTS: Input[] = ['a', 'b', 'c'];
export const ABC = { a: 2, b: -3, c: 10 } as const;

export const dOf = (v: { a: number; b: number; c: number }): number => v.a * v.b + v.c;

/** d before and after nudging one input by h, and the slope ∂d/∂input measured that way. */
export function nudgeD(input: Input, h: number, base: { a: number; b: number; c: number } = ABC) {
  const before = dOf(base);
  const after = dOf({ ...base, [input]: base[input] + h });
  return { before, after, slope: (after - before) / h };
}
