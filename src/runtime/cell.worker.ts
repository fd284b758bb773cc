/// <reference lib="webworker" />
// The only place reader code runs. Cells are compiled (compile.ts) and
// evaluated with indirect eval, so their top-level names become globals shared
// by every cell on the page. console output is captured and capped; errors
// are reported with the line and column in the cell; draw(v) sends a traced
// graph to the page and keeps the live root for the graph stepper.

import { Value, Neuron, Layer, MLP, trace } from '../engine/index.ts';
import { traceLive } from '../engine/trace.ts';
import type { CellGlobal } from './cell-globals.ts';
import { compile, originalPosition, type PositionMap } from './compile.ts';
import { formatArgs, formatValue } from './format.ts';
import type { FromWorker, OutputItem, ToWorker } from './protocol.ts';
import { MAX_MESSAGE, OutputBuffer, errorItem } from './output.ts';
import { GraphRegistry } from './graph/registry.ts';
import { findClosure } from './graph/closure-source.ts';
import { Origins } from './graph/origins.ts';
import { boundedTrace } from './from-worker.ts';
import { assert, bindCellApi, checkNumber, draw, plot, startRun, timeit } from './cell-api.ts';
import { IntrinsicsGuard, changedMessage } from './intrinsics.ts';
import { trainWith, type LabSteps, type ValueClass } from './lab-engine.ts';
import { callingCell, cellOfError } from './output-owner.ts';
import { ClassHistory } from './class-history.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
// Everything after "ready" goes over the private port the page hands over at
// init; the global channel is left to reader code, and the page ignores it.
// What the runtime calls to talk to the page is taken now, before any cell
// runs: a cell that wraps MessagePort.prototype.postMessage never sees it.
const { apply } = Reflect;
const portPost = MessagePort.prototype.postMessage;
const promiseThen = Promise.prototype.then;
const hasOwn = Object.hasOwn;
let port: MessagePort | null = null;
/** In the sandbox (./sandbox.ts) the worker's first message is a port from the page: the worker's "global" channel. */
let bootPort: MessagePort | null = null;
const globalPost = scope.postMessage.bind(scope);
const post = (m: FromWorker): void => {
  if (port) apply(portPost, port, [m]);
  else if (bootPort) apply(portPost, bootPort, [m]);
  else globalPost(m);
};

/** The position map of the code each cell last ran, for errors thrown from it later. */
const maps = new Map<number, PositionMap>();
/** The code each cell last ran, as written and as compiled: where a reader's closure was defined. */
const sources = new Map<number, { code: string; js: string }>();
/** Where values were made, recorded while a cell that draws runs (graph/origins.ts); cells' code calls it as ORIGINS. */
const origins = new Origins();
const ORIGINS = '__origins';
const graphs = new GraphRegistry({
  isEngine: (n) => n instanceof Value,
  sourceOf: (fn) => findClosure(fn, sources),
  originOf: (n) => origins.of(n),
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
const classes = new ClassHistory();

function emit(item: OutputItem): void {
  current?.push(item);
}

bindCellApi({
  showGraph: (root, t, options) => {
    const graphId = graphs.add(root);
    const forward = graphs.forward(graphId);
    // Exactly the engine's Value, not a subclass or a reader's class: only its forward rules are known, to recompute a nudged leaf.
    const engine = [...traceLive(root).live.values()].every((v) => Object.getPrototypeOf(v) === Value.prototype);
    emit({ kind: 'graph', graphId, trace: t, ...options, ...(forward ? { forward } : {}), ...(engine ? { engine } : {}) });
  },
  showPlot: (plot) => emit({ kind: 'plot', ...plot }),
  now: () => performance.now(),
});

const globals: Record<CellGlobal, unknown> = { Value, Neuron, Layer, MLP, trace, draw, plot, assert, checkNumber, timeit };

// Output that arrives after a cell returned (a timer, a promise) belongs to the
// cell that started it: timers remember the cell that set them; code resumed
// after an `await` is found on the call stack (./output-owner.ts), so it never
// lands under a cell that ran in the meantime. Each cell's latest run keeps
// its buffer, so a line that comes after its run ended still shows under it.
const sinks = new Map<number, OutputBuffer>();
let lastCell: number | null = null;
let owner: number | null = null;
/** True while a cell's (or its check's) code runs synchronously: all it prints is that cell's. */
let evaluating = false;
const realSetTimeout = setTimeout;
const realSetInterval = setInterval;

const realClearTimeout = clearTimeout;
/** Buffers with a flush on its way (one timer each, however much a timer prints). */
const flushing = new Set<OutputBuffer>();

/** The cell whose code is running now: the one being evaluated, a timer's, or the one on the call stack. */
function cellNow(): number | null {
  if (evaluating) return lastCell;
  if (owner !== null) return owner;
  return callingCell() ?? lastCell;
}

function sink(cell: number | null = cellNow()): OutputBuffer | null {
  const out = cell === null ? undefined : sinks.get(cell);
  if (!out) return null;
  // The running cell's buffer is flushed by its run.
  if (out === current) return out;
  // Not running: send it soon, not at the end of a run that will never come.
  if (!flushing.has(out)) {
    flushing.add(out);
    realSetTimeout(() => {
      flushing.delete(out);
      out.flush(false);
    }, 30);
  }
  return out;
}

// The timers each cell set that are still to fire: while a cell has any, the
// page shows it as still running, with Stop (which clears them, 'stop-timers').
const timers = new Map<number, Set<ReturnType<typeof setTimeout>>>();
const liveShown = new Map<number, boolean>();

function timersOf(cell: number): Set<ReturnType<typeof setTimeout>> {
  let set = timers.get(cell);
  if (!set) timers.set(cell, (set = new Set()));
  return set;
}

/** Tells the page when cell n starts or stops having timers left, once it has returned. */
function settleTimers(cell: number | null): void {
  if (cell === null || (current && lastCell === cell)) return;
  const live = (timers.get(cell)?.size ?? 0) > 0;
  if ((liveShown.get(cell) ?? false) === live) return;
  liveShown.set(cell, live);
  post({ type: 'timers', cell, live });
}

function stopTimers(cell: number): void {
  for (const t of timers.get(cell) ?? []) realClearTimeout(t);
  timers.delete(cell);
  settleTimers(cell);
}

/** Runs a callback a cell scheduled, as that cell: its output and errors show under it. */
function asCell(cell: number | null, fn: () => void): void {
  const before = owner;
  owner = cell;
  try {
    fn();
  } catch (e) {
    sink(cell)?.push(errorItem(e, cell ?? 0, toSource));
  } finally {
    guardBuiltins(sink(cell));
    owner = before;
  }
}

/** Built-ins a cell changed go back as they were (./intrinsics.ts); the change is that cell's error. */
let guard: IntrinsicsGuard | null = null;
function guardBuiltins(out: OutputBuffer | null): boolean {
  if (!guard) return true;
  const { changed, stuck } = guard.restore();
  if (changed.length === 0 && stuck.length === 0) return true;
  out?.push({ kind: 'error', message: changedMessage(changed, stuck) });
  return false;
}

/** The cell a timer set now belongs to (none when no cell's code set it). */
const running = (): number | null => (evaluating ? lastCell : (owner ?? callingCell() ?? (current ? lastCell : null)));
scope.setTimeout = ((fn: unknown, ms?: number, ...args: unknown[]) => {
  const cell = running();
  const handle = realSetTimeout(() => {
    if (cell !== null) timers.get(cell)?.delete(handle);
    asCell(cell, () => typeof fn === 'function' && fn(...args));
    settleTimers(cell);
  }, ms);
  if (cell !== null) timersOf(cell).add(handle);
  return handle;
}) as typeof setTimeout;
scope.setInterval = ((fn: unknown, ms?: number, ...args: unknown[]) => {
  const cell = running();
  const handle = realSetInterval(() => asCell(cell, () => typeof fn === 'function' && fn(...args)), ms);
  if (cell !== null) timersOf(cell).add(handle);
  return handle;
}) as typeof setInterval;
// One clear for both, as in browsers: the handle leaves whichever cell's list holds it.
scope.clearTimeout = scope.clearInterval = ((handle?: ReturnType<typeof setTimeout>) => {
  realClearTimeout(handle);
  for (const [cell, set] of timers) if (set.delete(handle!)) settleTimers(cell);
}) as typeof clearTimeout;
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  const cell = owner ?? cellOfError(e.reason) ?? cellNow();
  sink(cell)?.push(errorItem(e.reason, cell ?? 0, toSource));
});
// An error thrown where no one catches it (a queueMicrotask callback, say) is the cell's too.
scope.addEventListener('error', (e) => {
  e.preventDefault();
  const cell = owner ?? cellOfError(e.error) ?? cellNow();
  sink(cell)?.push(errorItem(e.error ?? new Error(String(e.message)), cell ?? 0, toSource));
});

for (const level of ['log', 'info', 'warn', 'error'] as const) {
  (console as unknown as Record<string, unknown>)[level] = (...args: unknown[]) => {
    sink()?.log(level, () => formatArgs(args));
  };
}

function evalCell(js: string, name: string): unknown {
  evaluating = true;
  try {
    return (0, eval)(`${js}\n//# sourceURL=${name}`);
  } finally {
    evaluating = false;
  }
}

function run(msg: Extract<ToWorker, { type: 'run' }>): void {
  const out = new OutputBuffer((items) => post({ type: 'output', runId: msg.runId, items }));
  current = out;
  startRun();
  lastCell = msg.cell;
  sinks.set(msg.cell, out);
  const compiled = compile(msg.code, { origins: ORIGINS });
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
  // Only a cell that draws pays for recording where its values were made (the engine's ops wrapped).
  if (compiled.draws) origins.start(msg.cell, [Value]);
  try {
    value = evalCell(compiled.js, `cell-${msg.cell}.js`);
  } catch (e) {
    guardBuiltins(out);
    failed(msg, out, e);
    return;
  }
  classes.ran(msg.cell, compiled.classes);
  if (!compiled.async) {
    const ok = guardBuiltins(out);
    show(value);
    finish(msg, out, ok);
    return;
  }
  // Top-level await: the cell is done when its promise settles (the page's time limit still applies).
  apply(promiseThen, value, [
    (v: unknown) => {
      current = out;
      const ok = guardBuiltins(out);
      show(v);
      finish(msg, out, ok);
    },
    (e: unknown) => {
      current = out;
      guardBuiltins(out);
      failed(msg, out, e);
    },
  ]);
}

/** The run ended in an error: it, and why, if a class the cell uses ran out of order (with Restart offered). */
function failed(msg: Extract<ToWorker, { type: 'run' }>, out: OutputBuffer, e: unknown): void {
  out.push(errorItem(e, msg.cell, toSource));
  const hint = classes.hint(msg.cell, msg.code);
  if (hint) out.push({ kind: 'notice', text: hint, restart: true });
  finish(msg, out, false);
}

function finish(msg: Extract<ToWorker, { type: 'run' }>, out: OutputBuffer, ok: boolean): void {
  origins.stop();
  let check: { passed: boolean; message?: string } | undefined;
  if (hasOwn(msg, 'check') && typeof msg.check === 'string') {
    if (!ok) {
      check = { passed: false, message: 'The cell stopped with an error before the check could run.' };
    } else {
      const c = compile(msg.check);
      try {
        if (!c.ok) throw new Error(`the check block does not compile: ${c.error.message}`);
        evalCell(c.js, `check-${msg.cell}.js`);
        check = guardBuiltins(out) ? { passed: true } : { passed: false, message: 'The check changed built-in objects.' };
      } catch (e) {
        guardBuiltins(out);
        check = { passed: false, message: checkFailure(e) };
      }
    }
  }
  out.flush();
  current = null;
  postStale();
  post({ type: 'done', runId: msg.runId, ok, ...(check ? { check } : {}) });
  settleTimers(msg.cell);
}

function checkFailure(e: unknown): string {
  try {
    const err = e as { name?: string; message?: string };
    const text = err.name === 'AssertionError' ? String(err.message) : `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
    return text.slice(0, MAX_MESSAGE);
  } catch {
    return 'The check threw something that cannot be read.';
  }
}

/** What cells cannot do, each with a clear error (DESIGN: cells compute, in this worker only). */
function refuse(name: string, why: string): () => never {
  // A plain function, so `new Worker(…)` reaches the message too.
  return function refused(): never {
    throw new TypeError(`${name} is not available in cells: ${why}`);
  };
}

/**
 * The training lab's steps with the Value the page's cells see: a class a cell
 * declared (a global lexical binding, read by an indirect eval as the cells
 * are run), else the engine's.
 */
function labSteps(requestId: number, job: LabSteps): FromWorker {
  try {
    const V = (0, eval)('typeof Value === "undefined" ? undefined : Value') as unknown;
    if (typeof V !== 'function')
      return {
        type: 'lab-failed',
        requestId,
        message: 'no cell on this page has defined a class Value yet: run the cell that defines yours, then start again',
      };
    const { params, grads, losses } = trainWith(V as ValueClass, job);
    return { type: 'lab-state', requestId, yours: V !== Value, params: [...params], grads: [...grads], losses };
  } catch (e) {
    return { type: 'lab-failed', requestId, message: String((e as Error)?.message ?? e).slice(0, MAX_MESSAGE) };
  }
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
    ['BroadcastChannel', 'cells do not talk to other tabs'],
    ['WebTransport', 'cells compute; they do not use the network'],
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
  } else if (msg.type === 'stop-timers') {
    stopTimers(msg.cell);
  } else if (msg.type === 'ping') {
    // Answered only when the worker's event loop is free: an async loop that never yields keeps it silent.
    post({ type: 'pong', id: msg.id });
  } else if (msg.type === 'lab') {
    post(labSteps(msg.requestId, msg.job));
  } else if (msg.type === 'graph') {
    const reply = graphs.handle(msg);
    if (reply.type === 'graph-state') boundedTrace(reply.state.trace);
    if (reply.type === 'graph-failed') reply.message = reply.message.slice(0, MAX_MESSAGE);
    post(reply);
    postStale();
  }
}

function init(event: MessageEvent<ToWorker>): void {
  const msg = event.data;
  if (msg?.type !== 'init' || port || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (e: MessageEvent<ToWorker>) => handle(e.data);
  scope.onmessage = null;
  if (bootPort) bootPort.onmessage = null;
  for (const [k, v] of Object.entries(globals)) scope[k] = v;
  for (const k of msg.hide) delete scope[k];
  // What compiled cells call (compile.ts, `origins`): fixed, so a cell cannot replace it.
  const hook = Object.freeze({ made: origins.made, at: (line: number) => origins.at(line) });
  Object.defineProperty(scope, ORIGINS, { value: hook, configurable: false, writable: false, enumerable: false });
  lockDown();
  // Last, so the runtime's own console and globals are what is kept.
  guard = new IntrinsicsGuard(scope);
}

scope.onmessage = (event: MessageEvent<ToWorker | { type: 'boot' }>) => {
  if (event.data?.type === 'boot' && event.ports[0] && !bootPort && !port) {
    // Started by the sandbox frame: the page speaks over this port from now on.
    bootPort = event.ports[0];
    bootPort.onmessage = init;
    scope.onmessage = null;
    post({ type: 'ready' });
    return;
  }
  init(event as MessageEvent<ToWorker>);
};

post({ type: 'ready' });
