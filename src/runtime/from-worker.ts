// Every message from the cell worker is read through here before the page
// acts on it: anything not shaped as protocol.ts says, or larger than the page
// can draw, is dropped (null), never thrown. The worker is the page's own
// code, but it shares its thread with reader code, so the page trusts only
// what it can check.

import type { Trace, TraceNode } from '../engine/trace.ts';
import type { FromWorker, OutputItem, Plot } from './protocol.ts';
import type { GraphStage } from './graph/stages.ts';
import type { CodeRef, GradChange, LogEntry, StepState } from './graph/stepper.ts';
import type { Forward } from './graph/forward.ts';

/** What the page draws at most: the worker refuses more (cell.worker.ts), so more is forged. */
export const LIMITS = {
  /** Values in one drawn graph. */
  values: 5000,
  /** Edges in one drawn graph (a micrograd op has one or two inputs). */
  edges: 20_000,
  /** Characters of a node's label or op. */
  label: 120,
  /** Characters of a graph's caption. */
  caption: 500,
  /** Characters of an error message. */
  message: 4000,
  /** Characters of one output text (console lines are capped at 100,000 bytes a run). */
  text: 200_000,
  /** A plot's lines and arrows, each, and the points of one line. */
  plotSeries: 8,
  plotPoints: 2000,
  /** Items in one output message. */
  items: 5000,
  /** Entries in a step-through's log. */
  log: 100_000,
  /** Numbers in one of the training lab's lists (parameters, grads, losses). */
  labNumbers: 100_000,
} as const;

/** A trace with labels and ops cut to what a node can show (the worker sends this; a 50 MB label would freeze the page). */
export function boundedTrace(t: Trace): Trace {
  for (const n of t.nodes) {
    if (n.label.length > LIMITS.label) n.label = `${n.label.slice(0, LIMITS.label - 1)}…`;
    if (n.op.length > LIMITS.label) n.op = `${n.op.slice(0, LIMITS.label - 1)}…`;
  }
  return t;
}

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isNum = (x: unknown): x is number | null => x === null || typeof x === 'number';
const isStr = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const optStr = (x: unknown, max: number): boolean => x === undefined || isStr(x, max);

export function readFromWorker(data: unknown): FromWorker | null {
  if (!isObj(data) || typeof data.type !== 'string') return null;
  const m = data;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'pong':
      return isId(m.id) ? { type: 'pong', id: m.id } : null;
    case 'started':
      return isId(m.runId) ? { type: 'started', runId: m.runId } : null;
    case 'output': {
      if (!isId(m.runId) || !Array.isArray(m.items) || m.items.length > LIMITS.items) return null;
      const items = m.items.map(readItem);
      return items.every((i) => i !== null) ? { type: 'output', runId: m.runId, items: items as OutputItem[] } : null;
    }
    case 'done': {
      if (!isId(m.runId) || typeof m.ok !== 'boolean') return null;
      if (m.check === undefined) return { type: 'done', runId: m.runId, ok: m.ok };
      const c = m.check;
      if (!isObj(c) || typeof c.passed !== 'boolean' || !optStr(c.message, LIMITS.message)) return null;
      const check = { passed: c.passed, ...(c.message !== undefined ? { message: c.message as string } : {}) };
      return { type: 'done', runId: m.runId, ok: m.ok, check };
    }
    case 'timers':
      return isId(m.cell) && typeof m.live === 'boolean' ? { type: 'timers', cell: m.cell, live: m.live } : null;
    case 'graph-state':
      return isId(m.requestId) && isStepState(m.state) ? { type: 'graph-state', requestId: m.requestId, state: m.state } : null;
    case 'graph-failed':
      return isId(m.requestId) && isStr(m.message, LIMITS.message)
        ? { type: 'graph-failed', requestId: m.requestId, message: m.message }
        : null;
    case 'lab-state': {
      const nums = (x: unknown): x is number[] =>
        Array.isArray(x) && x.length <= LIMITS.labNumbers && x.every((v) => typeof v === 'number');
      return isId(m.requestId) && typeof m.yours === 'boolean' && nums(m.params) && nums(m.grads) && nums(m.losses)
        ? { type: 'lab-state', requestId: m.requestId, yours: m.yours, params: m.params, grads: m.grads, losses: m.losses }
        : null;
    }
    case 'lab-failed':
      return isId(m.requestId) && isStr(m.message, LIMITS.message)
        ? { type: 'lab-failed', requestId: m.requestId, message: m.message }
        : null;
    case 'graphs-stale':
      return Array.isArray(m.graphIds) && m.graphIds.length <= 10_000 && m.graphIds.every(isId)
        ? { type: 'graphs-stale', graphIds: m.graphIds as number[] }
        : null;
    default:
      return null;
  }
}

function readItem(x: unknown): OutputItem | null {
  if (!isObj(x)) return null;
  switch (x.kind) {
    case 'log':
      return (x.level === 'log' || x.level === 'info' || x.level === 'warn' || x.level === 'error') && isStr(x.text, LIMITS.text)
        ? { kind: 'log', level: x.level, text: x.text }
        : null;
    case 'result':
      return isStr(x.text, LIMITS.text) ? { kind: 'result', text: x.text } : null;
    case 'notice':
      if (!isStr(x.text, LIMITS.message) || (x.restart !== undefined && x.restart !== true)) return null;
      return { kind: 'notice', text: x.text, ...(x.restart === true ? { restart: true as const } : {}) };
    case 'error': {
      if (!isStr(x.message, LIMITS.message)) return null;
      for (const k of ['line', 'column', 'cell'] as const) if (x[k] !== undefined && !isId(x[k])) return null;
      return {
        kind: 'error',
        message: x.message,
        ...(x.line !== undefined ? { line: x.line as number } : {}),
        ...(x.column !== undefined ? { column: x.column as number } : {}),
        ...(x.cell !== undefined ? { cell: x.cell as number } : {}),
      };
    }
    case 'graph': {
      if (!isId(x.graphId) || !isTrace(x.trace) || !optStr(x.label, LIMITS.caption)) return null;
      // The stage's meaning is GraphView's to check (an unknown one falls back to the default there);
      // importing stages.ts here would put it in the page's first chunk.
      if (x.stage !== undefined && !isStr(x.stage, 20)) return null;
      if (x.forward !== undefined && !isForward(x.forward)) return null;
      return {
        kind: 'graph',
        graphId: x.graphId,
        trace: x.trace,
        ...(x.forward !== undefined ? { forward: x.forward as Forward } : {}),
        ...(x.engine === true ? { engine: true as const } : {}),
        ...(x.label !== undefined ? { label: x.label as string } : {}),
        ...(x.stage !== undefined ? { stage: x.stage as GraphStage } : {}),
      };
    }
    case 'plot':
      return isPlot(x)
        ? { kind: 'plot', title: x.title, lines: x.lines, arrows: x.arrows, ...(x.x ? { x: x.x } : {}), ...(x.y ? { y: x.y } : {}) }
        : null;
    default:
      return null;
  }
}

const isPoint = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite);
const isSeries = (a: unknown, ok: (s: Obj) => boolean): boolean =>
  Array.isArray(a) && a.length <= LIMITS.plotSeries && a.every((s) => isObj(s) && isStr(s.name, LIMITS.label) && ok(s));

function isPlot(x: Obj): x is Obj & Plot {
  return (
    isStr(x.title, LIMITS.caption) &&
    optStr(x.x, LIMITS.label) &&
    optStr(x.y, LIMITS.label) &&
    isSeries(x.lines, (s) => Array.isArray(s.points) && s.points.length <= LIMITS.plotPoints && s.points.every(isPoint)) &&
    isSeries(x.arrows, (s) => isPoint(s.from) && isPoint(s.to))
  );
}

export function isTrace(x: unknown): x is Trace {
  if (!isObj(x) || !isId(x.root) || !Array.isArray(x.nodes) || !Array.isArray(x.edges)) return false;
  if (x.nodes.length > LIMITS.values || x.edges.length > LIMITS.edges) return false;
  let children = 0;
  for (const n of x.nodes as unknown[]) {
    if (!isNode(n)) return false;
    children += n.children.length;
    if (children > LIMITS.edges) return false;
  }
  return (x.edges as unknown[]).every((e) => Array.isArray(e) && e.length === 2 && isId(e[0]) && isId(e[1]));
}

function isNode(n: unknown): n is TraceNode {
  return (
    isObj(n) &&
    isId(n.id) &&
    isStr(n.label, LIMITS.label) &&
    isStr(n.op, LIMITS.label) &&
    isNum(n.data) &&
    isNum(n.grad) &&
    typeof n.hasBackward === 'boolean' &&
    Array.isArray(n.children) &&
    n.children.every(isId)
  );
}

function isStepState(x: unknown): x is StepState {
  if (!isObj(x) || !isTrace(x.trace) || !Array.isArray(x.log) || x.log.length > LIMITS.log) return false;
  if (!isId(x.cursor) || !Array.isArray(x.changed) || !x.changed.every(isId)) return false;
  if (!(x.focus === null || isId(x.focus)) || typeof x.stale !== 'boolean' || !optStr(x.error, LIMITS.message)) return false;
  if (x.forward !== undefined && !isForward(x.forward)) return false;
  return x.log.every(isEntry);
}

function isForward(x: unknown): x is Forward {
  if (!isObj(x) || typeof x.known !== 'boolean' || !Array.isArray(x.order) || x.order.length > LIMITS.values) return false;
  if (!x.order.every(isId) || !isObj(x.sites)) return false;
  const sites = Object.entries(x.sites);
  return sites.length <= LIMITS.values && sites.every(([k, v]) => isId(Number(k)) && Array.isArray(v) && v.length === 2 && v.every(isId));
}

const isChange = (c: unknown): c is GradChange => isObj(c) && isId(c.id) && isNum(c.before) && isNum(c.after);
const isChanges = (x: unknown): boolean => Array.isArray(x) && x.every(isChange);
const isVia = (x: unknown, required = false): boolean => (required ? x === 'backward' : x === undefined || x === 'backward');
const isCode = (x: unknown): x is CodeRef =>
  isObj(x) &&
  isStr(x.text, LIMITS.text) &&
  isStr(x.origin, LIMITS.label) &&
  (x.context === undefined || isStr(x.context, LIMITS.text)) &&
  (x.cell === undefined || isId(x.cell)) &&
  (x.lines === undefined || (Array.isArray(x.lines) && x.lines.length === 2 && x.lines.every(isId)));

function isEntry(e: unknown): e is LogEntry {
  if (!isObj(e)) return false;
  switch (e.kind) {
    case 'seed':
      return isId(e.nodeId) && isChanges(e.changes) && isVia(e.via);
    case 'call':
      return (
        isId(e.nodeId) &&
        isChanges(e.changes) &&
        isNum(e.outGrad) &&
        Array.isArray(e.inputGrads) &&
        e.inputGrads.every(isNum) &&
        typeof e.engine === 'boolean' &&
        (e.code === undefined || isCode(e.code)) &&
        optStr(e.error, LIMITS.message) &&
        isVia(e.via)
      );
    case 'zero':
      return isChanges(e.changes);
    case 'other':
      return isChanges(e.changes) && isVia(e.via, true);
    default:
      return false;
  }
}
