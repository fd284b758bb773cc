// The step-through's one stepper: it calls `_backward` on the live objects a
// graph was drawn from and keeps a log of what each call changed, so every
// call can be explained, undone and redone exactly. The cell worker keeps one
// per `draw(v)`; the page keeps one per static example. Pure (no DOM), and it
// works on anything shaped like a Value, as `trace` does.

import { nameOf, traceLive, type Trace } from '../../engine/trace.ts';
import type { GraphOps } from './ops.ts';
import { forwardOf, type Forward, type Origin } from './forward.ts';

export interface GradChange {
  id: number;
  before: number | null;
  after: number | null;
}

/** Where a closure's code comes from, shown beside the explanation. */
export interface CodeRef {
  text: string;
  /** e.g. "cell 3, lines 12–15". */
  origin: string;
  /** The lines of the function around it, up to the closure (where its captured names were declared). */
  context?: string;
  /** The same as numbers, when the code is a cell's: the page points at those lines. */
  cell?: number;
  lines?: [number, number];
}

export type LogEntry =
  /** The base case: the output's grad set to 1. */
  | { kind: 'seed'; nodeId: number; changes: GradChange[]; via?: 'backward' }
  | {
      kind: 'call';
      nodeId: number;
      changes: GradChange[];
      /** The node's grad when its _backward ran (out.grad inside the closure). */
      outGrad: number | null;
      /** Its inputs' grads just before the call, in order. */
      inputGrads: (number | null)[];
      /** The engine's own Value: its closure's code is the engine's (the page has it). */
      engine: boolean;
      /** A reader's closure: the code that defines it, when it could be found. */
      code?: CodeRef;
      /** What it threw. */
      error?: string;
      via?: 'backward';
    }
  | { kind: 'zero'; changes: GradChange[] }
  /** Grads changed by a whole backward() outside any _backward call. */
  | { kind: 'other'; changes: GradChange[]; via: 'backward' };

export interface StepState {
  trace: Trace;
  log: LogEntry[];
  /** Entries before the cursor are in effect; those from it on were undone (step forward redoes them). */
  cursor: number;
  /** Ids whose grad this step changed (the drawing flashes them). */
  changed: number[];
  /** The log entry this step made or moved to, or null. */
  focus: number | null;
  /** The live objects changed since they were last shown: nothing was done; redraw first. */
  stale: boolean;
  /** What went wrong, in words a reader can act on. */
  error?: string;
  /** The forward pass: the values in the order they were made, when the host records that (StepperOptions.originOf). */
  forward?: Forward;
}

export interface StepperOptions {
  /** Whether a node is one of the engine's own Values, whose closures the page can show. */
  isEngine?: (node: object) => boolean;
  /** Where a reader's `_backward` function was written. */
  sourceOf?: (fn: (...args: unknown[]) => unknown) => CodeRef | undefined;
  /** Where a value was made (./origins.ts). */
  originOf?: (node: object) => Origin | undefined;
}

/** The operations of ./ops.ts, each answering the new state, and what a session asks besides. */
export interface Stepper extends GraphOps<StepState> {
  /** The state as last shown, and whether the live objects changed since. */
  state(): StepState;
  /** Whether the live objects changed since they were last shown. */
  isStale(): boolean;
}

type Live = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

const errorText = (e: unknown): string => {
  const err = e as { name?: unknown; message?: unknown } | null;
  if (err && typeof err.message === 'string') return `${typeof err.name === 'string' ? err.name : 'Error'}: ${err.message}`;
  return String(e);
};

function sameTrace(a: Trace, b: Trace): boolean {
  if (a.root !== b.root || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.id !== y.id || !Object.is(x.data, y.data) || !Object.is(x.grad, y.grad)) return false;
    if (x.children.length !== y.children.length || x.children.some((c, j) => c !== y.children[j])) return false;
  }
  return true;
}

const gradOf = (n: Live): number | null => (typeof n.grad === 'number' ? n.grad : null);

export function createStepper(root: object, options: StepperOptions = {}): Stepper {
  const isEngine = options.isEngine ?? (() => false);
  let { trace: shown, live } = traceLive(root);
  let log: LogEntry[] = [];
  let cursor = 0;
  const { originOf } = options;
  const forward = (): { forward?: Forward } =>
    originOf ? { forward: forwardOf(shown, (id) => (live.has(id) ? originOf(live.get(id)!) : undefined)) } : {};

  const snapshot = (): Map<number, number | null> => new Map([...live].map(([id, n]) => [id, gradOf(n as Live)]));
  const diff = (before: Map<number, number | null>): GradChange[] => {
    const out: GradChange[] = [];
    for (const [id, n] of live) {
      const was = before.get(id) ?? null;
      const now = gradOf(n as Live);
      // ±0 is no change: 0 + -0 is a grad of 0 to a reader.
      if (was !== now && !(was === 0 && now === 0) && !(Number.isNaN(was) && Number.isNaN(now))) out.push({ id, before: was, after: now });
    }
    return out;
  };

  /** Shows the live state: a fresh trace (a reader's closure may rewire the graph, unlikely as it is). */
  function show(changed: number[], focus: number | null, error?: string): StepState {
    ({ trace: shown, live } = traceLive(root));
    return { trace: shown, log, cursor, changed, focus, stale: false, ...(error ? { error } : {}), ...forward() };
  }

  const stale = (): boolean => !sameTrace(traceLive(root).trace, shown);
  const refused = (): StepState => ({ trace: shown, log, cursor, changed: [], focus: null, stale: true });

  /** Runs an action that appends entries to the log (dropping what was undone). */
  function act(body: (push: (e: LogEntry) => void) => string | undefined): StepState {
    if (stale()) return refused();
    log = log.slice(0, cursor);
    const first = log.length;
    const made: LogEntry[] = [];
    const error = body((e) => made.push(e));
    log = [...log, ...made];
    cursor = log.length;
    const changed = new Set(made.flatMap((e) => e.changes.map((c) => c.id)));
    return show([...changed], made.length > 0 ? log.length - 1 : first > 0 ? first - 1 : null, error);
  }

  function callEntry(node: Live, id: number, fn: Fn, run: () => void, via?: 'backward'): LogEntry & { kind: 'call' } {
    const inputs = (traceNode(id)?.children ?? []).map((c) => gradOf(live.get(c) as Live));
    const outGrad = gradOf(node);
    const before = snapshot();
    let error: string | undefined;
    try {
      run();
    } catch (e) {
      error = `${nameOf(node.label, id)}._backward() threw ${errorText(e)}`;
    }
    const engine = isEngine(node);
    const code = engine ? undefined : options.sourceOf?.(fn);
    return {
      kind: 'call',
      nodeId: id,
      changes: diff(before),
      outGrad,
      inputGrads: inputs,
      engine,
      ...(code ? { code } : {}),
      ...(error ? { error } : {}),
      ...(via ? { via } : {}),
    };
  }

  const traceNode = (id: number) => shown.nodes.find((n) => n.id === id);

  function restore(changes: GradChange[], side: 'before' | 'after'): void {
    for (const c of changes) {
      const n = live.get(c.id) as Live | undefined;
      if (n) n.grad = c[side];
    }
  }

  return {
    state: () =>
      stale() ? refused() : { trace: shown, log, cursor, changed: [], focus: cursor > 0 ? cursor - 1 : null, stale: false, ...forward() },

    call(nodeId) {
      return act((push) => {
        const node = live.get(nodeId) as Live | undefined;
        if (!node) return `There is no value #${nodeId} in this graph.`;
        const fn = node._backward;
        if (typeof fn !== 'function') return `${nameOf(node.label, nodeId)}._backward is not a function, so there is nothing to call.`;
        const entry = callEntry(node, nodeId, fn as Fn, () => void (fn as Fn).call(node));
        push(entry);
        return entry.error;
      });
    },

    seed() {
      return act((push) => {
        const before = snapshot();
        (root as Live).grad = 1;
        push({ kind: 'seed', nodeId: shown.root, changes: diff(before) });
        return undefined;
      });
    },

    zero() {
      return act((push) => {
        const before = snapshot();
        for (const n of live.values()) (n as Live).grad = 0;
        push({ kind: 'zero', changes: diff(before) });
        return undefined;
      });
    },

    backward() {
      return act((push) => {
        // Each node's _backward is wrapped for the length of the pass, so the
        // calls the root's own backward() makes are logged one by one.
        let last = snapshot();
        let calls = 0;
        const between = (): void => {
          const changes = diff(last);
          if (changes.length === 0) return;
          const seeds = calls === 0 && changes.length === 1 && changes[0].id === shown.root;
          push(seeds ? { kind: 'seed', nodeId: shown.root, changes, via: 'backward' } : { kind: 'other', changes, via: 'backward' });
        };
        const undo: (() => void)[] = [];
        for (const [id, n] of live) {
          const node = n as Live;
          const fn = node._backward;
          if (typeof fn !== 'function') continue;
          const own = Object.hasOwn(node, '_backward');
          const wrapper = function (this: unknown, ...args: unknown[]): unknown {
            between();
            let result: unknown;
            let thrown: { e: unknown } | null = null;
            const entry = callEntry(
              node,
              id,
              fn as Fn,
              () => {
                try {
                  result = (fn as Fn).apply(this, args);
                } catch (e) {
                  thrown = { e };
                  throw e;
                }
              },
              'backward',
            );
            push(entry);
            calls++;
            last = snapshot();
            if (thrown) throw (thrown as { e: unknown }).e;
            return result;
          };
          try {
            node._backward = wrapper;
            undo.push(() => (own ? (node._backward = fn) : delete node._backward));
          } catch {
            /* a frozen or read-only node: its calls are not logged one by one */
          }
        }
        let error: string | undefined;
        try {
          const r = root as Live;
          if (typeof r.backward === 'function') {
            (r.backward as Fn).call(r);
          } else {
            r.grad = 1;
            for (let i = shown.nodes.length - 1; i >= 0; i--) {
              const node = live.get(shown.nodes[i].id) as Live;
              if (typeof node._backward !== 'function') {
                throw new TypeError(`${nameOf(node.label, shown.nodes[i].id)}._backward is not a function`);
              }
              (node._backward as Fn).call(node);
            }
          }
        } catch (e) {
          error = `backward() stopped: ${errorText(e)}`;
        } finally {
          for (const u of undo) u();
        }
        between();
        return error;
      });
    },

    undo() {
      if (stale()) return refused();
      if (cursor === 0) return show([], null);
      cursor--;
      const e = log[cursor];
      restore(e.changes, 'before');
      return show(
        e.changes.map((c) => c.id),
        cursor,
      );
    },

    redo() {
      if (stale()) return refused();
      if (cursor === log.length) return show([], cursor > 0 ? cursor - 1 : null);
      const e = log[cursor];
      restore(e.changes, 'after');
      cursor++;
      return show(
        e.changes.map((c) => c.id),
        cursor - 1,
      );
    },

    goto(target) {
      if (stale()) return refused();
      const to = Math.max(0, Math.min(log.length, Math.trunc(target)));
      const changed = new Set<number>();
      while (cursor > to) {
        cursor--;
        restore(log[cursor].changes, 'before');
        for (const c of log[cursor].changes) changed.add(c.id);
      }
      while (cursor < to) {
        restore(log[cursor].changes, 'after');
        for (const c of log[cursor].changes) changed.add(c.id);
        cursor++;
      }
      return show([...changed], cursor > 0 ? cursor - 1 : null);
    },

    redraw() {
      log = [];
      cursor = 0;
      return show([], null);
    },

    isStale: stale,
  };
}
