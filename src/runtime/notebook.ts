// The page's side of a notebook: one worker shared by every cell on the page,
// which cells have run and which were edited since, the run queue, time
// limits, Stop and Restart, and the graph stepper. No framework, no DOM:
// the page subscribes to events and draws what it likes.

import type { FromWorker, GraphRequest, OutputItem, ToWorker } from './protocol.ts';
import type { GraphSession } from './graph/session.ts';
import type { StepState } from './graph/stepper.ts';
import { EARLIER_RUN } from './graph/registry.ts';
import { readFromWorker } from './from-worker.ts';
import { opsFrom, type GraphOp } from './graph/ops.ts';

export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stopped' | 'not-run';

export interface CellState {
  n: number;
  status: CellStatus;
  outputs: OutputItem[];
  /** The cell ran in the current worker (its definitions exist). */
  ran: boolean;
  /** The code changed since it last ran. */
  dirty: boolean;
  /** Its code began to run in its last run (false when it did not compile). */
  started?: boolean;
  /** Result of the last exercise check. */
  check?: { passed: boolean; message?: string };
  /** Milliseconds the last run took, from sending to done. */
  ms?: number;
  /** When not run: the earlier cell that did not finish, or that holds code from a shared link. */
  blockedBy?: number;
  /** Why blockedBy stopped this cell: it did not finish, or it holds shared code that only its own Run runs. */
  blockedWhy?: 'unfinished' | 'held';
  /** The cell returned, but timers it set are still firing: it shows as running, and Stop clears them. */
  background?: boolean;
}

export interface CellOptions {
  /** The code to run now (the editor's text). */
  code: () => string;
  /** Seconds; overrides the notebook's limit (capped at 60). */
  timeout?: number;
  /** The cell is meant to show an error (the lesson's point): an error does not stop the cells after it. */
  expectError?: boolean;
}

export type NotebookEvent =
  /** Cell n's status, check or marks changed (its outputs come in 'cleared' and 'appended'). */
  | { type: 'cell'; state: CellState }
  /** Cell n's outputs were emptied (a new run, Restart, Reset). */
  | { type: 'cleared'; n: number }
  /** Items were added at the end of cell n's outputs. */
  | { type: 'appended'; n: number; items: OutputItem[] }
  | { type: 'busy'; running: number | null }
  /** A drawn graph's live objects changed since it was shown. */
  | { type: 'graph-stale'; worker: number; graphId: number };

export const DEFAULT_TIMEOUT_S = 2;
/** How long compiling a cell may take before its time limit counts anyway (a worker that never starts it). */
export const COMPILE_GRACE_MS = 10_000;
/** A time-limit timer this late means the page was busy, not the worker. */
const LATE_MS = 50;

/** The run in the worker now. */
interface ActiveRun {
  runId: number;
  n: number;
  /** When the worker began the cell's compiled code (its 'started' message). */
  started?: number;
  finish: (m: FromWorker & { type: 'done' }) => void;
  abort: (why: CellStatus, text: string) => void;
}
export const MAX_TIMEOUT_S = 60;
export { EARLIER_RUN };

export function stoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — does the code loop forever?`;
}

export function stepStoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — a _backward call on this cell's graph did not return (does it loop forever?)`;
}

export function runawayMessage(seconds: number): string {
  return `Stopped after ${seconds} s — something this cell started kept running after it returned (an async loop that never waits for anything?)`;
}

interface Pending {
  resolve: (s: StepState) => void;
  reject: (e: Error) => void;
}

export class Notebook {
  private readonly cells = new Map<number, { opts: CellOptions; state: CellState }>();
  private readonly listeners = new Set<(e: NotebookEvent) => void>();
  private readonly createWorker: () => WorkerLike;
  private readonly hide: string[];
  private readonly timeoutS: number;

  private worker: WorkerLike | null = null;
  /**
   * The private channel to the worker, handed over at init: reader code can
   * reach the worker's global postMessage, but the page listens only here.
   */
  private port: MessagePort | null = null;
  private ready: Promise<void> | null = null;
  /** Bumped whenever the worker is replaced: graphs and queued runs of older generations are void. */
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private runId = 0;
  private requestId = 0;
  private active: ActiveRun | null = null;
  private readonly pending = new Map<number, Pending>();
  /** Each cell's latest run: output that arrives after it returned (timers, promises) is still its own. */
  private readonly latestRun = new Map<number, number>();
  /** After a run, until the worker answers a ping: a runaway async loop is found here, not blamed on the next cell. */
  private settled: Promise<void> = Promise.resolve();
  private pingId = 0;
  /** The cell whose run (or what it left running) was stopped last, for "Not run: cell N did not finish". */
  private lastStopped: number | undefined;
  private pong: { id: number; resolve: () => void } | null = null;
  /** Graphs the worker said are stale, as "generation:id": a view that mounts later still hears it. */
  private readonly staleGraphs = new Set<string>();
  /** Cells holding shared code that only their own Run may run. */
  private readonly held = new Set<number>();

  constructor(options: { createWorker: () => WorkerLike; hide?: string[]; timeout?: number }) {
    this.createWorker = options.createWorker;
    this.hide = options.hide ?? [];
    this.timeoutS = clampTimeout(options.timeout ?? DEFAULT_TIMEOUT_S);
  }

  register(n: number, opts: CellOptions): CellState {
    const state: CellState = { n, status: 'idle', outputs: [], ran: false, dirty: false };
    this.cells.set(n, { opts, state });
    return state;
  }

  /** Forgets cell n (the reader removed it). What it defined stays in the worker until Restart. */
  unregister(n: number): void {
    if (this.active?.n === n) this.stop();
    this.cells.delete(n);
  }

  subscribe(fn: (e: NotebookEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  state(n: number): CellState | undefined {
    return this.cells.get(n)?.state;
  }

  /**
   * Cell n holds code the reader has not chosen to run (a shared link's): only
   * its own Run (or Check) runs it; a later cell's Run or Run all stops there.
   */
  hold(n: number): void {
    this.held.add(n);
  }

  /** Cell n's code is the reader's to run along with the rest again (Reset, or Keep mine). */
  release(n: number): void {
    this.held.delete(n);
  }

  /** Cell numbers in page order. */
  order(): number[] {
    return [...this.cells.keys()].sort((a, b) => a - b);
  }

  get running(): number | null {
    return this.active?.n ?? null;
  }

  /** The reader changed a cell's code. */
  edited(n: number): void {
    const c = this.cells.get(n);
    if (c && c.state.ran && !c.state.dirty) {
      c.state.dirty = true;
      this.emitCell(c.state);
    }
  }

  /** The cells that run when cell n is run: earlier ones never run or edited since, then n. */
  plan(n: number): number[] {
    const before = this.order().filter((k) => k < n && (!this.cells.get(k)!.state.ran || this.cells.get(k)!.state.dirty));
    return [...before, n];
  }

  /**
   * Runs cell n (after the stale cells before it). Resolves true if every cell
   * ran without error. `skip`: earlier cells the reader chose to leave out (one
   * that loops, say), so n is never stuck behind them.
   */
  run(n: number, options: { check?: string; skip?: readonly number[] } = {}): Promise<boolean> {
    const plan = this.plan(n).filter((k) => k === n || !options.skip?.includes(k));
    return this.enqueue(plan, options.check, n);
  }

  runAll(): Promise<boolean> {
    return this.enqueue(this.order(), undefined, null);
  }

  /** Runs cell n with an exercise check after it. */
  async check(n: number, check: string): Promise<{ passed: boolean; message?: string }> {
    await this.run(n, { check });
    const s = this.cells.get(n)?.state;
    return s?.check ?? { passed: false, message: 'The check did not run.' };
  }

  /** Starts the worker ahead of the first run (the reader touched a cell), so Run answers at once. */
  warm(): void {
    this.ensureWorker().catch(() => undefined);
  }

  /**
   * Stops the running cell, if any (the worker is replaced); given a cell
   * that returned but left timers firing, clears those timers instead.
   */
  stop(n?: number): void {
    const s = n === undefined ? undefined : this.cells.get(n)?.state;
    if (s?.background && this.active?.n !== n) {
      this.port?.postMessage({ type: 'stop-timers', cell: n! } satisfies ToWorker);
      return;
    }
    this.active?.abort('stopped', 'Stopped.');
  }

  /** A fresh worker; every output cleared. */
  restart(): void {
    this.active?.abort('idle', '');
    this.killWorker();
    for (const { state } of this.cells.values()) {
      state.status = 'idle';
      this.clearOutputs(state);
      state.ran = false;
      state.dirty = false;
      delete state.check;
      this.emitCell(state);
    }
  }

  /** `target`: the cell whose own Run this is (it may run held code), or null for Run all. */
  private enqueue(plan: number[], check: string | undefined, target: number | null): Promise<boolean> {
    const gen = this.generation;
    for (const k of plan) {
      const s = this.cells.get(k)?.state;
      if (s && s.status !== 'running') {
        s.status = 'queued';
        this.emitCell(s);
      }
    }
    const task = this.queue.then(async () => {
      for (let i = 0; i < plan.length; i++) {
        const k = plan[i];
        await this.settled;
        if (this.generation !== gen) {
          // The worker was replaced mid-plan (timeout, Stop): the rest would run without their inputs.
          this.markNotRun(plan.slice(i), plan[i - 1] ?? this.lastStopped);
          return false;
        }
        if (this.held.has(k)) {
          if (k !== target) {
            this.markNotRun(plan.slice(i + 1), k, 'held');
            const s = this.cells.get(k)?.state;
            if (s?.status === 'queued') {
              s.status = s.ran ? 'done' : 'idle';
              this.emitCell(s);
            }
            return false;
          }
          this.held.delete(k);
        }
        const ok = await this.runOne(k, k === plan[plan.length - 1] ? check : undefined);
        if (!ok) {
          this.markNotRun(plan.slice(i + 1), k);
          return false;
        }
      }
      return true;
    });
    this.queue = task.catch(() => false);
    return task;
  }

  private markNotRun(ns: number[], blocker: number | undefined, why: 'unfinished' | 'held' = 'unfinished'): void {
    for (const k of ns) {
      const s = this.cells.get(k)?.state;
      // Only cells still waiting in this plan (after a Restart they are idle again).
      if (!s || s.status !== 'queued') continue;
      s.status = 'not-run';
      s.blockedWhy = why;
      if (blocker !== undefined) s.blockedBy = blocker;
      else delete s.blockedBy;
      this.emitCell(s);
    }
  }

  private ensureWorker(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const w = this.createWorker();
    this.worker = w;
    const gen = this.generation;
    this.ready = new Promise<void>((resolve, reject) => {
      w.onerror = (e) => {
        const msg = e.message || 'the code runner could not start';
        if (this.worker === w && this.active && this.generation === gen) this.active.abort('error', `Error: ${msg}`);
        reject(new Error(msg));
      };
      w.onmessage = (event) => {
        if (event.data?.type !== 'ready' || this.worker !== w || this.port) return;
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e: MessageEvent<unknown>) => {
          if (this.worker !== w) return;
          const m = readFromWorker(e.data);
          if (m) this.onMessage(m);
          else this.malformed(e.data);
        };
        this.port = port1;
        w.postMessage({ type: 'init', hide: this.hide }, [port2]);
        // From now on the worker's own channel is reader territory: nothing on it is acted on.
        w.onmessage = null;
        resolve();
      };
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private killWorker(): void {
    this.pong?.resolve();
    this.port?.close();
    this.port = null;
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.generation++;
    this.staleGraphs.clear();
    for (const p of this.pending.values()) p.reject(new Error(EARLIER_RUN));
    this.pending.clear();
    for (const { state } of this.cells.values()) {
      state.ran = false;
      // Its timers died with the worker.
      if (state.background) {
        state.background = false;
        this.emitCell(state);
      }
    }
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'output') {
      const n = this.active?.runId === m.runId ? this.active.n : [...this.latestRun].find(([, r]) => r === m.runId)?.[0];
      const s = n === undefined ? undefined : this.cells.get(n)?.state;
      if (!s) return;
      this.append(
        s,
        m.items.map((it) => (it.kind === 'graph' ? { ...it, worker: this.generation } : it)),
      );
    } else if (m.type === 'timers') {
      const s = this.cells.get(m.cell)?.state;
      if (s && (s.background ?? false) !== m.live) {
        s.background = m.live;
        this.emitCell(s);
      }
    } else if (m.type === 'pong') {
      if (this.pong?.id === m.id) this.pong.resolve();
    } else if (m.type === 'started') {
      if (this.active?.runId === m.runId) this.active.started ??= now();
    } else if (m.type === 'done') {
      if (this.active?.runId === m.runId) this.active.finish(m);
    } else if (m.type === 'graph-state' || m.type === 'graph-failed') {
      const p = this.pending.get(m.requestId);
      if (p) {
        this.pending.delete(m.requestId);
        if (m.type === 'graph-state') p.resolve(m.state);
        else p.reject(new Error(m.message));
      }
    } else if (m.type === 'graphs-stale') {
      for (const graphId of m.graphIds) {
        this.staleGraphs.add(`${this.generation}:${graphId}`);
        this.emit({ type: 'graph-stale', worker: this.generation, graphId });
      }
    }
  }

  /**
   * A step of a drawn graph did not come back within the drawing cell's limit
   * (a `_backward` that loops): the worker is replaced, and that cell says so.
   */
  private stepTimedOut(requestId: number, owner: number | undefined, limit: number): void {
    const text = stepStoppedMessage(limit);
    const p = this.pending.get(requestId);
    this.pending.delete(requestId);
    p?.reject(new Error(text));
    this.lastStopped = owner;
    this.killWorker();
    const s = owner === undefined ? undefined : this.cells.get(owner)?.state;
    if (s) {
      s.status = 'stopped';
      this.append(s, [{ kind: 'notice', text }]);
      this.emitCell(s);
    }
  }

  /** A message the page cannot act on (./from-worker.ts): a step waiting for it fails instead of waiting for ever. */
  private malformed(data: unknown): void {
    const requestId = (data as { requestId?: unknown } | null)?.requestId;
    const p = typeof requestId === 'number' ? this.pending.get(requestId) : undefined;
    if (!p) return;
    this.pending.delete(requestId as number);
    p.reject(new Error('The graph came back too large or malformed to show; draw a smaller part of it.'));
  }

  private async runOne(n: number, check: string | undefined): Promise<boolean> {
    const c = this.cells.get(n);
    if (!c) return true; // removed after the plan was made: nothing to run, nothing failed
    const { state } = c;
    const code = c.opts.code();
    state.status = 'running';
    state.background = false;
    this.clearOutputs(state);
    delete state.check;
    this.emitCell(state);
    try {
      await this.ensureWorker();
    } catch (e) {
      state.status = 'error';
      this.append(state, [{ kind: 'error', message: `Error: ${(e as Error).message}` }]);
      this.emitCell(state);
      this.killWorker();
      return false;
    }
    const runId = ++this.runId;
    const limit = clampTimeout(c.opts.timeout ?? this.timeoutS);
    const started = now();
    this.emit({ type: 'busy', running: n });
    const ok = await new Promise<boolean>((resolve) => {
      // The limit is for the reader's code, on a slow or busy device too: compiling it first does
      // not count (up to COMPILE_GRACE_MS), and a timer that fires late (the page was busy, say
      // drawing a graph) first lets in the worker's answer that may be queued behind it.
      let due = now() + limit * 1000;
      const expire = (): void => {
        const t = now();
        const late = t - due > LATE_MS;
        const from = active.started ?? (t - started > COMPILE_GRACE_MS ? started : t);
        due = late ? t + LATE_MS : from + limit * 1000;
        if (due > t) timer = setTimeout(expire, due - t);
        else abort('stopped', stoppedMessage(limit));
      };
      let timer = setTimeout(expire, limit * 1000);
      const end = (): void => {
        clearTimeout(timer);
        this.active = null;
        state.ms = now() - started;
        this.emit({ type: 'busy', running: null });
      };
      const finish = (m: FromWorker & { type: 'done' }): void => {
        end();
        state.ran = true;
        state.dirty = false;
        state.started = active.started !== undefined;
        state.status = m.ok ? 'done' : 'error';
        if (m.check) state.check = m.check;
        this.emitCell(state);
        this.watch(n, limit);
        resolve((m.ok || c.opts.expectError === true) && (m.check ? m.check.passed : true));
      };
      const abort = (why: CellStatus, text: string): void => {
        end();
        this.lastStopped = n;
        this.killWorker();
        state.status = why;
        if (text) this.append(state, [{ kind: 'notice', text }]);
        this.emitCell(state);
        resolve(false);
      };
      const active: ActiveRun = { runId, n, finish, abort };
      this.active = active;
      this.latestRun.set(n, runId);
      this.port!.postMessage({ type: 'run', runId, cell: n, code, ...(check !== undefined ? { check } : {}) } satisfies ToWorker);
    });
    return ok;
  }

  /**
   * After cell n returned, asks the worker whether it is free. No answer within
   * the cell's limit means something the cell started never yields: the worker
   * is replaced and the cell, not the next one, says so.
   */
  private watch(n: number, limit: number): void {
    const w = this.worker;
    const port = this.port;
    if (!w || !port) return;
    const id = ++this.pingId;
    this.settled = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.pong = null;
        if (this.worker !== w) return resolve();
        this.lastStopped = n;
        this.killWorker();
        const s = this.cells.get(n)?.state;
        if (s) {
          s.status = 'stopped';
          this.append(s, [{ kind: 'notice', text: runawayMessage(limit) }]);
          this.emitCell(s);
        }
        resolve();
      }, limit * 1000);
      this.pong = {
        id,
        resolve: () => {
          clearTimeout(timer);
          this.pong = null;
          resolve();
        },
      };
    });
    port.postMessage({ type: 'ping', id } satisfies ToWorker);
  }

  /** The live graph behind a `draw` output: the step-through's session with the worker. */
  graph(item: Extract<OutputItem, { kind: 'graph' }>): GraphSession {
    const worker = item.worker ?? this.generation;
    const graphId = item.graphId;
    // A step calls the reader's closures: it gets the time limit of the cell that drew the graph.
    const owner = [...this.cells.values()].find((c) => c.state.outputs.includes(item));
    const limit = clampTimeout(owner?.opts.timeout ?? this.timeoutS);
    const send = (op: GraphOp, args: number[]): Promise<StepState> => {
      if (worker !== this.generation || !this.port) return Promise.reject(new Error(EARLIER_RUN));
      const requestId = ++this.requestId;
      const w = this.port;
      return new Promise<StepState>((resolve, reject) => {
        const expire = (): void => {
          if (!this.pending.has(requestId)) return;
          // A cell is running ahead of this step: its own limit covers that time.
          if (this.active) timer = setTimeout(expire, limit * 1000);
          else this.stepTimedOut(requestId, owner?.state.n, limit);
        };
        let timer = setTimeout(expire, limit * 1000);
        this.pending.set(requestId, {
          resolve: (st) => {
            clearTimeout(timer);
            resolve(st);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        w.postMessage({ type: 'graph', op, args, requestId, graphId } as GraphRequest);
      }).then((state) => {
        if (!state.stale) this.staleGraphs.delete(`${worker}:${graphId}`);
        return state;
      });
    };
    return {
      ...opsFrom(send),
      onStale: (listener) => {
        if (this.staleGraphs.has(`${worker}:${graphId}`)) queueMicrotask(listener);
        return this.subscribe((e) => {
          if (e.type === 'graph-stale' && e.worker === worker && e.graphId === graphId) listener();
        });
      },
    };
  }

  /**
   * Forgets cell n's output and check result (Reset of an exercise): it reads
   * as never run. What it defined stays in the worker.
   */
  clearOutput(n: number): void {
    const s = this.cells.get(n)?.state;
    if (!s || s.status === 'running' || s.status === 'queued') return;
    s.status = 'idle';
    s.dirty = false;
    delete s.check;
    this.clearOutputs(s);
    this.emitCell(s);
  }

  private clearOutputs(state: CellState): void {
    if (state.outputs.length === 0) return;
    state.outputs = [];
    this.emit({ type: 'cleared', n: state.n });
  }

  private append(state: CellState, items: OutputItem[]): void {
    state.outputs.push(...items);
    this.emit({ type: 'appended', n: state.n, items });
  }

  private emitCell(state: CellState): void {
    this.emit({ type: 'cell', state });
  }

  private emit(e: NotebookEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}

function clampTimeout(s: number): number {
  return Math.min(MAX_TIMEOUT_S, Math.max(0.05, s));
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
