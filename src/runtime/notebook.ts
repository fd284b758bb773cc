// The page's side of a notebook: one worker shared by every cell on the page,
// which cells have run and which were edited since, the run queue, time
// limits, Stop and Restart, and the graph stepper. No framework, no DOM:
// the page subscribes to events and draws what it likes.

import type { FromWorker, GraphOp, OutputItem, ToWorker } from './protocol.ts';
import type { GraphStepper, StepResult } from './graph-stepper.ts';

export interface WorkerLike {
  postMessage(message: ToWorker): void;
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
  /** Result of the last exercise check. */
  check?: { passed: boolean; message?: string };
  /** Milliseconds the last run took, from sending to done. */
  ms?: number;
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
  | { type: 'cell'; state: CellState }
  | { type: 'busy'; running: number | null };

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
export const EARLIER_RUN = 'This graph is from an earlier run: run the cell again';

export function stoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — does the code loop forever?`;
}

interface Pending {
  resolve: (r: FromWorker & { type: 'graph-result' }) => void;
  reject: (e: Error) => void;
}

export class Notebook {
  private readonly cells = new Map<number, { opts: CellOptions; state: CellState }>();
  private readonly listeners = new Set<(e: NotebookEvent) => void>();
  private readonly createWorker: () => WorkerLike;
  private readonly hide: string[];
  private readonly timeoutS: number;

  private worker: WorkerLike | null = null;
  private ready: Promise<void> | null = null;
  /** Bumped whenever the worker is replaced: graphs and queued runs of older generations are void. */
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private runId = 0;
  private requestId = 0;
  private active: ActiveRun | null = null;
  private readonly pending = new Map<number, Pending>();

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

  /** Runs cell n (after the stale cells before it). Resolves true if every cell ran without error. */
  run(n: number, options: { check?: string } = {}): Promise<boolean> {
    const plan = this.plan(n);
    return this.enqueue(plan, options.check);
  }

  runAll(): Promise<boolean> {
    return this.enqueue(this.order(), undefined);
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

  /** Stops the running cell, if any (the worker is replaced). */
  stop(): void {
    this.active?.abort('stopped', 'Stopped.');
  }

  /** A fresh worker; every output cleared. */
  restart(): void {
    this.active?.abort('idle', '');
    this.killWorker();
    for (const { state } of this.cells.values()) {
      state.status = 'idle';
      state.outputs = [];
      state.ran = false;
      state.dirty = false;
      delete state.check;
      this.emitCell(state);
    }
  }

  private enqueue(plan: number[], check: string | undefined): Promise<boolean> {
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
        if (this.generation !== gen) {
          // The worker was replaced mid-plan (timeout, Stop): the rest would run without their inputs.
          this.markNotRun(plan.slice(i));
          return false;
        }
        const ok = await this.runOne(k, k === plan[plan.length - 1] ? check : undefined);
        if (!ok) {
          this.markNotRun(plan.slice(i + 1));
          return false;
        }
      }
      return true;
    });
    this.queue = task.catch(() => false);
    return task;
  }

  private markNotRun(ns: number[]): void {
    for (const k of ns) {
      const s = this.cells.get(k)?.state;
      // Only cells still waiting in this plan (after a Restart they are idle again).
      if (!s || s.status !== 'queued') continue;
      s.status = 'not-run';
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
        const m = event.data;
        if (m.type === 'ready') {
          w.postMessage({ type: 'init', hide: this.hide });
          resolve();
        } else this.onMessage(m);
      };
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private killWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.generation++;
    for (const p of this.pending.values()) p.reject(new Error(EARLIER_RUN));
    this.pending.clear();
    for (const { state } of this.cells.values()) state.ran = false;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'output') {
      if (this.active?.runId !== m.runId) return;
      const s = this.cells.get(this.active.n)!.state;
      s.outputs.push(...m.items.map((it) => (it.kind === 'graph' ? { ...it, graphId: this.globalGraphId(it.graphId) } : it)));
      this.emitCell(s);
    } else if (m.type === 'started') {
      if (this.active?.runId === m.runId) this.active.started ??= now();
    } else if (m.type === 'done') {
      if (this.active?.runId === m.runId) this.active.finish(m);
    } else if (m.type === 'graph-result') {
      const p = this.pending.get(m.requestId);
      if (p) {
        this.pending.delete(m.requestId);
        p.resolve(m);
      }
    }
  }

  // Graph ids are per worker; the page sees generation * 1e6 + id, so an old graph is recognised.
  private globalGraphId(id: number): number {
    return this.generation * 1_000_000 + id;
  }

  private async runOne(n: number, check: string | undefined): Promise<boolean> {
    const c = this.cells.get(n);
    if (!c) return true; // removed after the plan was made: nothing to run, nothing failed
    const { state } = c;
    const code = c.opts.code();
    state.status = 'running';
    state.outputs = [];
    delete state.check;
    this.emitCell(state);
    try {
      await this.ensureWorker();
    } catch (e) {
      state.status = 'error';
      state.outputs = [{ kind: 'error', message: `Error: ${(e as Error).message}` }];
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
        state.status = m.ok ? 'done' : 'error';
        if (m.check) state.check = m.check;
        this.emitCell(state);
        resolve((m.ok || c.opts.expectError === true) && (m.check ? m.check.passed : true));
      };
      const abort = (why: CellStatus, text: string): void => {
        end();
        this.killWorker();
        state.status = why;
        if (text) state.outputs.push({ kind: 'notice', text });
        this.emitCell(state);
        resolve(false);
      };
      const active: ActiveRun = { runId, n, finish, abort };
      this.active = active;
      this.worker!.postMessage({ type: 'run', runId, cell: n, code, ...(check !== undefined ? { check } : {}) });
    });
    return ok;
  }

  /** The live graph behind a `draw` output, for stepping through backward calls. */
  stepper(graphId: number): GraphStepper {
    const gen = Math.floor(graphId / 1_000_000);
    const local = graphId % 1_000_000;
    const call = (op: GraphOp, nodeId?: number, grad?: number): Promise<StepResult> => {
      if (gen !== this.generation || !this.worker) return Promise.reject(new Error(EARLIER_RUN));
      const requestId = ++this.requestId;
      const w = this.worker;
      return new Promise<FromWorker & { type: 'graph-result' }>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        w.postMessage({ type: 'graph', requestId, graphId: local, op, ...(nodeId !== undefined ? { nodeId } : {}), ...(grad !== undefined ? { grad } : {}) });
      }).then((r) => {
        if (!r.ok || !r.trace) throw new Error(r.message ?? 'the graph could not be updated');
        return { trace: r.trace, changed: r.changed ?? [], ...(r.error ? { error: r.error } : {}) };
      });
    };
    return {
      callBackward: (nodeId) => call('callBackward', nodeId),
      setGrad: (nodeId, grad) => call('setGrad', nodeId, grad),
      backward: () => call('backward'),
      zeroGrads: () => call('zeroGrads'),
    };
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
