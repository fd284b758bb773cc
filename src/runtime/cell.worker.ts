/// <reference lib="webworker" />
// The only place reader code runs. Cells are compiled (compile.ts) and
// evaluated with indirect eval, so their top-level names become globals shared
// by every cell on the page. console output is captured and capped; errors
// are reported with the line and column in the cell; draw(v) sends a traced
// graph to the page and keeps the live root for the graph stepper.

import { Value, Neuron, Layer, MLP, trace } from '../engine/index.ts';
import type { CellGlobal } from './cell-globals.ts';
import { compile, originalPosition, type PositionMap } from './compile.ts';
import { formatArgs, formatValue } from './format.ts';
import type { FromWorker, OutputItem, ToWorker } from './protocol.ts';
import { OutputBuffer, errorItem } from './output.ts';
import { GraphRegistry } from './graph/registry.ts';
import { isGraphStage, badStage, type GraphStage } from './graph/stages.ts';
import { findClosure } from './graph/closure-source.ts';
import { wrongNumber, type CheckNumberOptions } from './checks.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
// Everything after "ready" goes over the private port the page hands over at
// init; the global channel is left to reader code, and the page ignores it.
let port: MessagePort | null = null;
const globalPost = scope.postMessage.bind(scope);
const post = (m: FromWorker): void => (port ? port.postMessage(m) : globalPost(m));

class AssertionError extends Error {
  override name = 'AssertionError';
}

/** The position map of the code each cell last ran, for errors thrown from it later. */
const maps = new Map<number, PositionMap>();
/** The code each cell last ran, as written and as compiled: where a reader's closure was defined. */
const sources = new Map<number, { code: string; js: string }>();
const graphs = new GraphRegistry({
  isEngine: (n) => n instanceof Value,
  sourceOf: (fn) => findClosure(fn, sources),
});
const postStale = (): void => {
  const graphIds = graphs.newlyStale();
  if (graphIds.length > 0) post({ type: 'graphs-stale', graphIds });
};
const toSource = (cell: number, line: number, column: number) => {
  const map = maps.get(cell);
  return map ? originalPosition(map, line, column) : { line, column };
};
let current: OutputBuffer | null = null;

function emit(item: OutputItem): void {
  current?.push(item);
}

/** Above this many values draw() refuses: the page shows up to 500 drawn and larger graphs as a table. */
const DRAW_LIMIT = 5000;

function draw(v: unknown, options?: string | { label?: unknown; stage?: unknown }): void {
  const { label, stage } = drawOptions(options);
  let t: ReturnType<typeof trace>;
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
  const graphId = graphs.add(v as object);
  emit({ kind: 'graph', graphId, trace: t, ...(label ? { label } : {}), ...(stage ? { stage } : {}) });
}

/** draw(v, 'caption') or draw(v, { label, stage }). */
function drawOptions(options: unknown): { label?: string; stage?: GraphStage } {
  if (options === undefined) return {};
  if (typeof options === 'string') return { label: options };
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`draw(v, options): options must be a caption string or { label, stage }, got ${typeof options}`);
  }
  const { label, stage } = options as { label?: unknown; stage?: unknown };
  if (label !== undefined && typeof label !== 'string')
    throw new TypeError(`draw(v, { label }): the label must be a string, got ${typeof label}`);
  if (stage !== undefined && !isGraphStage(stage)) throw new TypeError(badStage('draw(v, { stage })', stage));
  return { ...(label ? { label } : {}), ...(stage ? { stage } : {}) };
}

function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

function timeit(fn: unknown, runs: unknown = 5): number {
  if (typeof fn !== 'function') throw new TypeError(`timeit(fn, runs): fn must be a function to call, got ${typeof fn}`);
  if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 1) {
    throw new TypeError(`timeit(fn, runs): runs must be a whole number of at least 1, got ${String(runs)}`);
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

/** An exercise check's comparison: a wrong answer names the value, its type and the likely slip (./checks.ts). */
function checkNumber(what: string, got: unknown, want: number, options?: CheckNumberOptions): void {
  const wrong = wrongNumber(String(what), got, want, options);
  if (wrong !== null) throw new AssertionError(wrong);
}

const globals: Record<CellGlobal, unknown> = { Value, Neuron, Layer, MLP, trace, draw, assert, checkNumber, timeit };

// Output that arrives after a cell returned (a timer, a promise) belongs to the
// cell that started it: timers remember the cell that set them; anything else
// goes to the cell that ran last. Each cell's latest run keeps its buffer.
const sinks = new Map<number, OutputBuffer>();
let lastCell: number | null = null;
let owner: number | null = null;
const realSetTimeout = setTimeout;
const realSetInterval = setInterval;

function sink(): OutputBuffer | null {
  if (current) return current;
  const cell = owner ?? lastCell;
  const out = cell === null ? undefined : sinks.get(cell);
  if (!out) return null;
  // Not running: send it soon, not at the end of a run that will never come.
  realSetTimeout(() => out.flush(), 30);
  return out;
}

/** Runs a callback a cell scheduled, as that cell: its output and errors show under it. */
function asCell(cell: number | null, fn: () => void): void {
  const before = owner;
  owner = cell;
  try {
    fn();
  } catch (e) {
    sink()?.push(errorItem(e, cell ?? 0, toSource));
  } finally {
    owner = before;
  }
}

const running = (): number | null => owner ?? (current ? lastCell : null);
scope.setTimeout = ((fn: unknown, ms?: number, ...args: unknown[]) => {
  const cell = running();
  return realSetTimeout(() => asCell(cell, () => typeof fn === 'function' && fn(...args)), ms);
}) as typeof setTimeout;
scope.setInterval = ((fn: unknown, ms?: number, ...args: unknown[]) => {
  const cell = running();
  return realSetInterval(() => asCell(cell, () => typeof fn === 'function' && fn(...args)), ms);
}) as typeof setInterval;
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  sink()?.push(errorItem(e.reason, owner ?? lastCell ?? 0, toSource));
});

for (const level of ['log', 'info', 'warn', 'error'] as const) {
  (console as unknown as Record<string, unknown>)[level] = (...args: unknown[]) => {
    sink()?.log(level, () => formatArgs(args));
  };
}

function evalCell(js: string, name: string): unknown {
  return (0, eval)(`${js}\n//# sourceURL=${name}`);
}

function run(msg: Extract<ToWorker, { type: 'run' }>): void {
  const out = new OutputBuffer((items) => post({ type: 'output', runId: msg.runId, items }));
  current = out;
  lastCell = msg.cell;
  sinks.set(msg.cell, out);
  const compiled = compile(msg.code);
  if (!compiled.ok) {
    out.push({ kind: 'error', ...compiled.error, cell: msg.cell });
    finish(msg, out, false);
    return;
  }
  maps.set(msg.cell, compiled.map);
  sources.set(msg.cell, { code: msg.code, js: compiled.js });
  // The time limit counts from here: compiling is not the reader's code.
  post({ type: 'started', runId: msg.runId });
  const show = (value: unknown): void => {
    if (compiled.hasResult && value !== undefined) out.push({ kind: 'result', text: formatValue(value) });
  };
  let value: unknown;
  try {
    value = evalCell(compiled.js, `cell-${msg.cell}.js`);
  } catch (e) {
    out.push(errorItem(e, msg.cell, toSource));
    finish(msg, out, false);
    return;
  }
  if (!compiled.async) {
    show(value);
    finish(msg, out, true);
    return;
  }
  // Top-level await: the cell is done when its promise settles (the page's time limit still applies).
  (value as Promise<unknown>).then(
    (v) => {
      current = out;
      show(v);
      finish(msg, out, true);
    },
    (e: unknown) => {
      current = out;
      out.push(errorItem(e, msg.cell, toSource));
      finish(msg, out, false);
    },
  );
}

function finish(msg: Extract<ToWorker, { type: 'run' }>, out: OutputBuffer, ok: boolean): void {
  let check: { passed: boolean; message?: string } | undefined;
  if (msg.check !== undefined) {
    if (!ok) {
      check = { passed: false, message: 'The cell stopped with an error before the check could run.' };
    } else {
      const c = compile(msg.check);
      try {
        if (!c.ok) throw new Error(`the check block does not compile: ${c.error.message}`);
        evalCell(c.js, `check-${msg.cell}.js`);
        check = { passed: true };
      } catch (e) {
        const err = e as { name?: string; message?: string };
        check = {
          passed: false,
          message: err.name === 'AssertionError' ? String(err.message) : `${err.name ?? 'Error'}: ${err.message ?? String(e)}`,
        };
      }
    }
  }
  out.flush();
  current = null;
  postStale();
  post({ type: 'done', runId: msg.runId, ok, ...(check ? { check } : {}) });
}

/** What cells cannot do, each with a clear error (DESIGN: cells compute, in this worker only). */
function refuse(name: string, why: string): () => never {
  // A plain function, so `new Worker(…)` reaches the message too.
  return function refused(): never {
    throw new TypeError(`${name} is not available in cells: ${why}`);
  };
}

function lockDown(): void {
  const rules: [string, string][] = [
    ['fetch', 'cells compute; they do not use the network'],
    ['XMLHttpRequest', 'cells compute; they do not use the network'],
    ['WebSocket', 'cells compute; they do not use the network'],
    ['EventSource', 'cells compute; they do not use the network'],
    ['importScripts', 'cells cannot load code; everything they use is already here'],
    ['Worker', 'cells cannot start workers; one worker runs them all, so the time limit can stop any of it'],
    ['SharedWorker', 'cells cannot start workers; one worker runs them all, so the time limit can stop any of it'],
    ['postMessage', 'cells cannot send the page messages; what a cell shows goes through console.log, its last value and draw()'],
    ['indexedDB', 'cells do not keep data; edits are kept by the page'],
    ['caches', 'cells do not keep data; edits are kept by the page'],
  ];
  for (const [k, why] of rules) {
    try {
      Object.defineProperty(scope, k, { value: refuse(k, why), configurable: false, writable: false });
    } catch {
      /* not present in this browser */
    }
  }
}

function handle(msg: ToWorker): void {
  if (msg.type === 'run') {
    run(msg);
  } else if (msg.type === 'ping') {
    // Answered only when the worker's event loop is free: an async loop that never yields keeps it silent.
    post({ type: 'pong', id: msg.id });
  } else if (msg.type.startsWith('graph-')) {
    post(graphs.handle(msg as Extract<ToWorker, { graphId: number }>));
    postStale();
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type !== 'init' || port || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (e: MessageEvent<ToWorker>) => handle(e.data);
  scope.onmessage = null;
  for (const [k, v] of Object.entries(globals)) scope[k] = v;
  for (const k of msg.hide) delete scope[k];
  lockDown();
};

post({ type: 'ready' });
