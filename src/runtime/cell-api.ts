// What a cell can call besides the engine, in one place: the worker binds it
// to itself and installs it (cell.worker.ts); the editor's TypeScript service
// serves the declarations TypeScript emits from this file (cellEnvTypes in
// ts-env.ts), doc comments included, as the cells' environment; and the
// playground's "What cells can use" lists these functions from the same doc
// comments (cell-api-docs.ts). Written against a small host, so its unit
// tests need no worker. `@internal` marks what cells do not see.

import { trace, type Trace } from '../engine/trace.ts';
import { LIMITS, boundedTrace } from './from-worker.ts';
import { isGraphStage, badStage, type GraphStage } from './graph/stages.ts';
import { wrongNumber } from './checks.ts';
import type { Plot } from './protocol.ts';

/**
 * What the API needs of the worker it runs in.
 * @internal
 */
export interface CellHost {
  /** Shows a traced graph under the running cell and keeps its live root for the step-through. */
  showGraph(root: object, trace: Trace, options: { label?: string; stage?: GraphStage }): void;
  /** Shows a plot under the running cell. */
  showPlot(plot: Plot): void;
  /** Milliseconds, for timeit. */
  now(): number;
}

/** The error a failed `assert` or `checkNumber` throws. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Above this many values draw() refuses: the page shows up to 500 drawn and larger graphs as a table. */
const DRAW_LIMIT = LIMITS.values;
/** Graphs and values one run may draw: each costs the page a drawing or a table. */
const GRAPHS_PER_RUN = 20;
const VALUES_PER_RUN = 4 * DRAW_LIMIT;

let host: CellHost | null = null;
let drawn = { graphs: 0, values: 0, plots: 0 };

/**
 * Binds the API to the worker it runs in.
 * @internal
 */
export function bindCellApi(h: CellHost): void {
  host = h;
}

/**
 * A new run begins: its draw budget starts again.
 * @internal
 */
export function startRun(): void {
  drawn = { graphs: 0, values: 0, plots: 0 };
}

function bound(): CellHost {
  if (!host) throw new Error('the cell API is not bound to a worker');
  return host;
}

/**
 * Draws the computation graph of `v` under the cell. A string captions it;
 * `{ label, stage }` captions it and picks what its controls offer: `'data'`
 * (data and grads only), `'hand'` (every grad asked, from the output back),
 * `'calls'` (each `_backward` one by one), `'ordered'` (with the call log,
 * step back and play), `'backward'` (and the whole pass).
 */
export function draw(v: unknown, options?: string | { label?: string; stage?: 'data' | 'hand' | 'calls' | 'ordered' | 'backward' }): void {
  const { label, stage } = drawOptions(options);
  if (drawn.graphs >= GRAPHS_PER_RUN) {
    throw new RangeError(`draw: a run can draw at most ${GRAPHS_PER_RUN} graphs; this is one more`);
  }
  let t: Trace;
  try {
    t = trace(v, DRAW_LIMIT);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new RangeError(`draw: this graph has more than ${DRAW_LIMIT} values, too many to show; draw a smaller part of it`, {
        cause: e,
      });
    }
    throw e;
  }
  if (t.edges.length > LIMITS.edges) {
    throw new RangeError(`draw: this graph has ${t.edges.length} edges, more than the ${LIMITS.edges} a drawing can show`);
  }
  if (drawn.values + t.nodes.length > VALUES_PER_RUN) {
    throw new RangeError(`draw: this run has drawn ${drawn.values} values already; at most ${VALUES_PER_RUN} can be shown per run`);
  }
  drawn = { ...drawn, graphs: drawn.graphs + 1, values: drawn.values + t.nodes.length };
  bound().showGraph(v as object, boundedTrace(t), { ...(label ? { label } : {}), ...(stage ? { stage } : {}) });
}

/** draw(v, 'caption') or draw(v, { label, stage }), checked: reader code may pass anything. */
function drawOptions(options: unknown): { label?: string; stage?: GraphStage } {
  if (options === undefined) return {};
  if (typeof options === 'string') return drawOptions({ label: options });
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`draw(v, options): options must be a caption string or { label, stage }, got ${typeof options}`);
  }
  const { label, stage } = options as { label?: unknown; stage?: unknown };
  if (label !== undefined && typeof label !== 'string')
    throw new TypeError(`draw(v, { label }): the label must be a string, got ${typeof label}`);
  if (typeof label === 'string' && label.length > LIMITS.caption)
    throw new RangeError(`draw(v, { label }): a caption of at most ${LIMITS.caption} characters, got ${label.length}`);
  if (stage !== undefined && !isGraphStage(stage)) throw new TypeError(badStage('draw(v, { stage })', stage));
  return { ...(label ? { label } : {}), ...(stage ? { stage } : {}) };
}

/**
 * Plots lines under the cell, with a table of their numbers beside it. `lines` maps each
 * line's name to its y values (x counts 0, 1, 2, …) or to `[x, y]` points. `options.x` and
 * `options.y` name the axes; `options.arrows` maps a name to `[[x0, y0], [x1, y1]]`, an arrow
 * from the first point to the second (a step, say). The title names the plot.
 */
export function plot(
  title: string,
  lines: Record<string, number[] | [number, number][]>,
  options?: { x?: string; y?: string; arrows?: Record<string, [[number, number], [number, number]]> },
): void {
  // A chart, not a graph: the numbers a cell computed, drawn where it printed them (the one
  // cell API, so the lesson's code says what is plotted and the reader can change it).
  const where = 'plot(title, lines, options)';
  if (typeof title !== 'string' || title.length === 0 || title.length > LIMITS.caption) {
    throw new TypeError(`${where}: the title must be a string of 1 to ${LIMITS.caption} characters`);
  }
  const { x, y, arrows = {} } = (options ?? {}) as { x?: unknown; y?: unknown; arrows?: unknown };
  for (const [k, v] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (v !== undefined && (typeof v !== 'string' || v.length > LIMITS.label)) {
      throw new TypeError(`${where}: options.${k}, the axis's name, must be a string of at most ${LIMITS.label} characters`);
    }
  }
  const named = (what: string, o: unknown): [string, unknown][] => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TypeError(`${where}: ${what} must be an object of name: values`);
    const entries = Object.entries(o);
    if (entries.length > LIMITS.plotSeries) throw new RangeError(`${where}: at most ${LIMITS.plotSeries} ${what}, got ${entries.length}`);
    return entries;
  };
  const point = (p: unknown, what: string): [number, number] => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new TypeError(`${where}: ${what} must be an [x, y] pair of finite numbers, got ${String(p)}`);
    }
    return [p[0] as number, p[1] as number];
  };
  const plotted: Plot = {
    title,
    ...(typeof x === 'string' ? { x } : {}),
    ...(typeof y === 'string' ? { y } : {}),
    lines: named('lines', lines).map(([name, ys]) => {
      if (!Array.isArray(ys) || ys.length > LIMITS.plotPoints) {
        throw new TypeError(`${where}: the line "${name}" must be an array of at most ${LIMITS.plotPoints} numbers or [x, y] points`);
      }
      const points = ys.map((v: unknown, i) => (Array.isArray(v) ? point(v, `a point of "${name}"`) : point([i, v], `"${name}"[${i}]`)));
      return { name, points };
    }),
    arrows: named('arrows', arrows).map(([name, a]) => {
      if (!Array.isArray(a) || a.length !== 2) throw new TypeError(`${where}: the arrow "${name}" must be [[x0, y0], [x1, y1]]`);
      return { name, from: point(a[0], `the arrow "${name}"'s start`), to: point(a[1], `the arrow "${name}"'s end`) };
    }),
  };
  if (drawn.plots >= GRAPHS_PER_RUN) throw new RangeError(`plot: a run can plot at most ${GRAPHS_PER_RUN} times; this is one more`);
  drawn = { ...drawn, plots: drawn.plots + 1 };
  bound().showPlot(plotted);
}

/** Throws an AssertionError with `message` unless `condition` holds: a failing one stops the cell with its message. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/**
 * Throws an AssertionError unless `got` is a number within `near` (default 1e-6) of `want`.
 * The message names what it got and its type (`got "6" (a string)`), with a hint for the
 * usual slips (NaN or undefined from a misspelt name), or `hint` for a wrong number.
 * With `secret: true` the message never shows `want`: for an answer the reader must find.
 */
export function checkNumber(what: string, got: unknown, want: number, options?: { near?: number; hint?: string; secret?: boolean }): void {
  const wrong = wrongNumber(String(what), got, want, options);
  if (wrong !== null) throw new AssertionError(wrong);
}

/**
 * Calls `fn` `runs` times (5 by default) and returns the median time of one
 * call in milliseconds: the median, so one call slowed by a garbage collection
 * or by other work on the machine does not decide the figure.
 */
export function timeit(fn: () => unknown, runs = 5): number {
  // Reader code may pass anything, whatever the types say.
  const given: unknown = runs;
  if (typeof fn !== 'function') throw new TypeError(`timeit(fn, runs): fn must be a function to call, got ${typeof fn}`);
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 1) {
    throw new TypeError(`timeit(fn, runs): runs must be a whole number of at least 1, got ${String(given)}`);
  }
  const h = bound();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = h.now();
    fn();
    times.push(h.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
