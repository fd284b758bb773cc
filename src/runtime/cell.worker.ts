/// <reference lib="webworker" />
// The only place reader code runs. Cells are compiled (compile.ts) and
// evaluated with indirect eval, so their top-level names become globals shared
// by every cell on the page. console output is captured and capped; errors
// are reported with the line and column in the cell; draw(v) sends a traced
// graph to the page and keeps the live root for the graph stepper.

import { Value, Neuron, Layer, MLP, trace, idOf, childrenOf } from '../engine/index.ts';
import type { CellGlobal } from './cell-globals.ts';
import { compile, originalPosition, type PositionMap } from './compile.ts';
import { formatArgs, formatValue } from './format.ts';
import type { FromWorker, OutputItem, ToWorker } from './protocol.ts';
import { OutputBuffer, errorItem } from './output.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
const post = (m: FromWorker): void => scope.postMessage(m);

class AssertionError extends Error {
  override name = 'AssertionError';
}

const graphs = new Map<number, object>();
/** The position map of the code each cell last ran, for errors thrown from it later. */
const maps = new Map<number, PositionMap>();
const toSource = (cell: number, line: number, column: number) => {
  const map = maps.get(cell);
  return map ? originalPosition(map, line, column) : { line, column };
};
let nextGraphId = 1;
let current: OutputBuffer | null = null;

function emit(item: OutputItem): void {
  current?.push(item);
}

/** Above this many values draw() refuses: the page shows up to 500 drawn and larger graphs as a table. */
const DRAW_LIMIT = 5000;

function draw(v: unknown, label?: string): void {
  if (label !== undefined && typeof label !== 'string') {
    throw new TypeError(`draw(v, label): the label must be a string, got ${typeof label}`);
  }
  let t: ReturnType<typeof trace>;
  try {
    t = trace(v, DRAW_LIMIT);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new RangeError(`draw: this graph has more than ${DRAW_LIMIT} values, too many to show; draw a smaller part of it`);
    }
    throw e;
  }
  const graphId = nextGraphId++;
  graphs.set(graphId, v as object);
  emit({ kind: 'graph', graphId, trace: t, ...(label ? { label } : {}) });
}

function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

const globals: Record<CellGlobal, unknown> = { Value, Neuron, Layer, MLP, trace, draw, assert };

for (const level of ['log', 'info', 'warn', 'error'] as const) {
  (console as unknown as Record<string, unknown>)[level] = (...args: unknown[]) => {
    if (!current) return;
    current.log(level, () => formatArgs(args));
  };
}

function evalCell(js: string, name: string): unknown {
  return (0, eval)(`${js}\n//# sourceURL=${name}`);
}

function run(msg: Extract<ToWorker, { type: 'run' }>): void {
  const out = new OutputBuffer((items) => post({ type: 'output', runId: msg.runId, items }));
  current = out;
  let ok = true;
  let check: { passed: boolean; message?: string } | undefined;
  const compiled = compile(msg.code);
  if (!compiled.ok) {
    ok = false;
    out.push({ kind: 'error', ...compiled.error, cell: msg.cell });
  } else {
    maps.set(msg.cell, compiled.map);
    post({ type: 'started', runId: msg.runId });
    try {
      const value = evalCell(compiled.js, `cell-${msg.cell}.js`);
      if (compiled.hasResult && value !== undefined) out.push({ kind: 'result', text: formatValue(value) });
    } catch (e) {
      ok = false;
      out.push(errorItem(e, msg.cell, toSource));
    }
  }
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
        check = { passed: false, message: err.name === 'AssertionError' ? String(err.message) : `${err.name ?? 'Error'}: ${err.message ?? String(e)}` };
      }
    }
  }
  out.flush();
  current = null;
  post({ type: 'done', runId: msg.runId, ok, ...(check ? { check } : {}) });
}

// ---- graph stepping -------------------------------------------------------

type Live = Record<string, unknown>;

/** Every object reachable from root, by id (the engine's idOf). */
function nodesOf(root: object): Map<number, Live> {
  const byId = new Map<number, Live>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    const id = idOf(n);
    if (byId.has(id)) continue;
    byId.set(id, n as Live);
    for (const k of childrenOf(n as Live)) stack.push(k);
  }
  return byId;
}

function nodeName(n: Live): string {
  return typeof n.label === 'string' && n.label !== '' ? n.label : `node #${idOf(n)}`;
}

function graphOp(msg: Extract<ToWorker, { type: 'graph' }>): void {
  const root = graphs.get(msg.graphId);
  if (!root) {
    post({ type: 'graph-result', requestId: msg.requestId, ok: false, message: 'This graph is from an earlier run: run the cell again' });
    return;
  }
  try {
    const nodes = nodesOf(root);
    const before = new Map<number, unknown>();
    for (const [id, n] of nodes) before.set(id, n.grad);
    let error: { nodeId: number; message: string } | undefined;
    const callOne = (id: number, n: Live): boolean => {
      const fn = n._backward;
      if (typeof fn !== 'function') {
        error = { nodeId: id, message: `${nodeName(n)}._backward is not a function` };
        return false;
      }
      try {
        fn.call(n);
        return true;
      } catch (e) {
        const err = e as { name?: string; message?: string };
        error = { nodeId: id, message: `${nodeName(n)}._backward() threw ${err.name ?? 'Error'}: ${err.message ?? String(e)}` };
        return false;
      }
    };
    const node = (id: number | undefined): Live => {
      const n = id === undefined ? undefined : nodes.get(id);
      if (!n) throw new Error(`no node ${id} in this graph`);
      return n;
    };
    switch (msg.op) {
      case 'callBackward':
        callOne(msg.nodeId as number, node(msg.nodeId));
        break;
      case 'setGrad':
        node(msg.nodeId).grad = msg.grad;
        break;
      case 'zeroGrads':
        for (const n of nodes.values()) n.grad = 0;
        break;
      case 'backward': {
        const r = root as Live;
        if (typeof r.backward === 'function') {
          try {
            (r.backward as () => void).call(r);
          } catch (e) {
            const err = e as { name?: string; message?: string };
            error = { nodeId: idOf(r), message: `${nodeName(r)}.backward() threw ${err.name ?? 'Error'}: ${err.message ?? String(e)}` };
          }
        } else {
          r.grad = 1;
          const order = trace(root).nodes;
          for (let i = order.length - 1; i >= 0; i--) {
            if (!callOne(order[i].id, node(order[i].id))) break;
          }
        }
        break;
      }
    }
    const t = trace(root);
    const changed: number[] = [];
    for (const [id, n] of nodes) if (!Object.is(before.get(id), n.grad)) changed.push(id);
    post({ type: 'graph-result', requestId: msg.requestId, ok: true, trace: t, changed, ...(error ? { error } : {}) });
  } catch (e) {
    const err = e as { message?: string };
    post({ type: 'graph-result', requestId: msg.requestId, ok: false, message: err.message ?? String(e) });
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'init') {
    for (const [k, v] of Object.entries(globals)) scope[k] = v;
    for (const k of msg.hide) delete scope[k];
    // Cells compute; they do not talk to the network or keep data (nothing in a lesson needs it).
    for (const k of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'indexedDB', 'caches']) {
      try {
        Object.defineProperty(scope, k, { value: undefined, configurable: false, writable: false });
      } catch {
        /* not present in this browser */
      }
    }
  } else if (msg.type === 'run') {
    run(msg);
  } else if (msg.type === 'graph') {
    graphOp(msg);
  }
};

post({ type: 'ready' });
