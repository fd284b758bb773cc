// The page's side of a notebook: the cells of one page, their state and
// events, over one worker shared by all of them. The parts live beside it:
// the line to the worker (./worker-channel.ts), time limits (./deadline.ts)
// and the run queue (./run-queue.ts). No framework, no DOM: the page
// subscribes to events and draws what it likes.

import type { OutputItem } from './protocol.ts';
import type { GraphSession } from './graph/session.ts';
import type { LabSteps, LabStepsResult } from './lab-engine.ts';
import type { StepState } from './graph/stepper.ts';
import { EARLIER_RUN } from './graph/registry.ts';
import { opsFrom, type GraphOp } from './graph/ops.ts';
import type { CellOptions, CellState, CellStatus } from './cell-state.ts';
import { WorkerChannel, type WorkerEvent, type WorkerLike } from './worker-channel.ts';
import { Deadline, realClock, type Clock } from './deadline.ts';
import { RunQueue } from './run-queue.ts';

export type { CellOptions, CellState, CellStatus } from './cell-state.ts';
export type { WorkerLike } from './worker-channel.ts';
export { EARLIER_RUN };

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
export const MAX_TIMEOUT_S = 60;
/** How long compiling a cell may take before its time limit counts anyway (a worker that never starts it). */
export const COMPILE_GRACE_MS = 10_000;

export function stoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — does the code loop forever?`;
}

export function stepStoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — a _backward call on this cell's graph did not return (does it loop forever?)`;
}

export function labStoppedMessage(seconds: number): string {
  return `Stopped after ${seconds} s — a training step with your Value did not return (does it loop forever?)`;
}

export function runawayMessage(seconds: number): string {
  return `Stopped after ${seconds} s — something this cell started kept running after it returned (an async loop that never waits for anything?)`;
}

/** The run in the worker now. */
interface ActiveRun {
  runId: number;
  n: number;
  deadline: Deadline;
  /** The worker began the cell's compiled code (its 'started' message). */
  started?: boolean;
  /** Set when the run was ended from the page (time limit, Stop, Restart, a crash). */
  ended?: boolean;
}

export class Notebook {
  private readonly cells = new Map<number, { opts: CellOptions; state: CellState }>();
  private readonly listeners = new Set<(e: NotebookEvent) => void>();
  private readonly timeoutS: number;
  private readonly clock: Clock;
  private readonly channel: WorkerChannel;
  private readonly queue: RunQueue;

  private active: ActiveRun | null = null;
  /** Each cell's latest run: output that arrives after it returned (timers, promises) is still its own. */
  private readonly latestRun = new Map<number, number>();
  /** After a run, until the worker answers a ping: a runaway async loop is found here, not blamed on the next cell. */
  private settled: Promise<void> = Promise.resolve();
  private endPing: (() => void) | null = null;
  /** The cell whose run (or what it left running) was stopped last, for "Not run: cell N did not finish". */
  private lastStopped: number | undefined;
  /** Graphs the worker said are stale, as "generation:id": a view that mounts later still hears it. */
  private readonly staleGraphs = new Set<string>();

  constructor(options: { createWorker: () => WorkerLike; hide?: string[]; timeout?: number; clock?: Clock }) {
    this.timeoutS = clampTimeout(options.timeout ?? DEFAULT_TIMEOUT_S);
    this.clock = options.clock ?? realClock;
    this.channel = new WorkerChannel({
      createWorker: options.createWorker,
      hide: options.hide ?? [],
      onEvent: (m) => this.onEvent(m),
      onFailure: (msg) => this.endActive('error', `Error: ${msg}`),
    });
    this.queue = new RunQueue({
      state: (n) => this.state(n),
      order: () => this.order(),
      changed: (s) => this.emitCell(s),
      runOne: (n, check) => this.runOne(n, check),
      generation: () => this.channel.generation,
      settled: () => this.settled,
      lastStopped: () => this.lastStopped,
    });
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
    this.queue.hold(n);
  }

  /** Cell n's code is the reader's to run along with the rest again (Reset, or Keep mine). */
  release(n: number): void {
    this.queue.release(n);
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
    return this.queue.plan(n);
  }

  /**
   * Runs cell n (after the stale cells before it). Resolves true if every cell
   * ran without error. `skip`: earlier cells the reader chose to leave out (one
   * that loops, say), so n is never stuck behind them.
   */
  run(n: number, options: { check?: string; skip?: readonly number[] } = {}): Promise<boolean> {
    const plan = this.plan(n).filter((k) => k === n || !options.skip?.includes(k));
    return this.queue.enqueue(plan, options.check, n);
  }

  runAll(): Promise<boolean> {
    return this.queue.enqueue(this.order(), undefined, null);
  }

  /** Runs cell n with an exercise check after it. */
  async check(n: number, check: string): Promise<{ passed: boolean; message?: string }> {
    await this.run(n, { check });
    const s = this.cells.get(n)?.state;
    return s?.check ?? { passed: false, message: 'The check did not run.' };
  }

  /** Resolves once nothing is queued or running and the worker answered that it is free. */
  async idle(): Promise<void> {
    let settled;
    do {
      await this.queue.drained();
      settled = this.settled;
      await settled;
    } while (settled !== this.settled || this.active);
  }

  /** Starts the worker ahead of the first run (the reader touched a cell), so Run answers at once. */
  warm(): void {
    this.channel.connect().catch(() => undefined);
  }

  /**
   * Stops the running cell, if any (the worker is replaced); given a cell
   * that returned but left timers firing, clears those timers instead.
   */
  stop(n?: number): void {
    const s = n === undefined ? undefined : this.cells.get(n)?.state;
    if (s?.background && this.active?.n !== n) {
      this.channel.post({ type: 'stop-timers', cell: n! });
      return;
    }
    this.endActive('stopped', 'Stopped.');
  }

  /** A fresh worker; every output cleared. */
  restart(): void {
    this.endActive('idle', '');
    this.replaceWorker();
    for (const { state } of this.cells.values()) {
      state.status = 'idle';
      this.clearOutputs(state);
      state.ran = false;
      state.dirty = false;
      delete state.check;
      this.emitCell(state);
    }
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

  /** The live graph behind a `draw` output: the step-through's session with the worker. */
  graph(item: Extract<OutputItem, { kind: 'graph' }>): GraphSession {
    const worker = item.worker ?? this.channel.generation;
    const graphId = item.graphId;
    // A step calls the reader's closures: it gets the time limit of the cell that drew the graph.
    const owner = [...this.cells.values()].find((c) => c.state.outputs.includes(item));
    const limit = clampTimeout(owner?.opts.timeout ?? this.timeoutS);
    const send = async (op: GraphOp, args: number[]): Promise<StepState> => {
      if (worker !== this.channel.generation || !this.channel.open) throw new Error(EARLIER_RUN);
      const { id, reply } = this.channel.request({ type: 'graph', op, args, graphId });
      const deadline = new Deadline({
        limitMs: limit * 1000,
        clock: this.clock,
        holdWhile: () => this.active !== null,
        onExpire: () => this.stepTimedOut(id, owner?.state.n, limit),
      });
      const m = await reply.finally(() => deadline.cancel());
      if (m.type === 'graph-failed') throw new Error(m.message);
      if (m.type !== 'graph-state') throw new Error(EARLIER_RUN);
      if (!m.state.stale) this.staleGraphs.delete(`${worker}:${graphId}`);
      return m.state;
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
   * The training lab's steps with the Value the page's cells see (./lab-engine.ts):
   * the reader's class runs in the cells' worker, under the page's time limit
   * (held while a cell runs). A job with no steps asks only whether the page's
   * Value is the reader's own.
   */
  async labSteps(job: LabSteps): Promise<LabStepsResult & { yours: boolean }> {
    await this.channel.connect();
    const { id, reply } = this.channel.request({ type: 'lab', job });
    const limit = clampTimeout(this.timeoutS);
    const deadline = new Deadline({
      limitMs: limit * 1000,
      clock: this.clock,
      holdWhile: () => this.active !== null,
      onExpire: () => this.stepTimedOut(id, undefined, limit, labStoppedMessage(limit)),
    });
    const m = await reply.finally(() => deadline.cancel());
    if (m.type === 'lab-failed') throw new Error(m.message);
    if (m.type !== 'lab-state') throw new Error(EARLIER_RUN);
    return { yours: m.yours, params: Float64Array.from(m.params), grads: Float64Array.from(m.grads), losses: m.losses };
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
      await this.channel.connect();
    } catch (e) {
      state.status = 'error';
      this.append(state, [{ kind: 'error', message: `Error: ${(e as Error).message}` }]);
      this.emitCell(state);
      this.replaceWorker();
      return false;
    }
    const limit = clampTimeout(c.opts.timeout ?? this.timeoutS);
    const sent = this.clock.now();
    const { id, reply } = this.channel.request({ type: 'run', cell: n, code, ...(check !== undefined ? { check } : {}) });
    // The limit is for the reader's code, on a slow or busy device too: compiling it first does
    // not count (up to COMPILE_GRACE_MS), and a timer that fires late first lets in the answer.
    const deadline = new Deadline({
      limitMs: limit * 1000,
      graceMs: COMPILE_GRACE_MS,
      clock: this.clock,
      onExpire: () => this.endActive('stopped', stoppedMessage(limit)),
    });
    const active: ActiveRun = { runId: id, n, deadline };
    this.active = active;
    this.latestRun.set(n, id);
    this.emit({ type: 'busy', running: n });
    const m = await reply.catch(() => null);
    if (active.ended || m?.type !== 'done') return false; // endActive has said why
    this.finishActive(active);
    state.ms = this.clock.now() - sent;
    state.ran = true;
    state.dirty = false;
    state.started = active.started === true;
    state.status = m.ok ? 'done' : 'error';
    if (m.check) state.check = m.check;
    this.emitCell(state);
    this.watch(n, limit);
    return (m.ok || c.opts.expectError === true) && (m.check ? m.check.passed : true);
  }

  private finishActive(active: ActiveRun): void {
    active.deadline.cancel();
    if (this.active === active) this.active = null;
    this.emit({ type: 'busy', running: null });
  }

  /** Ends the running cell from the page: its worker is replaced, and the cell says why. */
  private endActive(why: CellStatus, text: string): void {
    const active = this.active;
    if (!active || active.ended) return;
    active.ended = true;
    this.finishActive(active);
    this.lastStopped = active.n;
    this.replaceWorker();
    const s = this.cells.get(active.n)?.state;
    if (!s) return;
    s.status = why;
    if (text) this.append(s, [{ kind: 'notice', text }]);
    this.emitCell(s);
  }

  /**
   * After cell n returned, asks the worker whether it is free. No answer within
   * the cell's limit means something the cell started never yields: the worker
   * is replaced and the cell, not the next one, says so.
   */
  private watch(n: number, limit: number): void {
    if (!this.channel.open) return;
    const gen = this.channel.generation;
    const { reply } = this.channel.request({ type: 'ping' });
    this.settled = new Promise<void>((resolve) => {
      const deadline = new Deadline({
        limitMs: limit * 1000,
        clock: this.clock,
        onExpire: () => {
          this.endPing = null;
          resolve();
          if (this.channel.generation !== gen) return;
          this.lastStopped = n;
          this.replaceWorker();
          const s = this.cells.get(n)?.state;
          if (s) {
            s.status = 'stopped';
            this.append(s, [{ kind: 'notice', text: runawayMessage(limit) }]);
            this.emitCell(s);
          }
        },
      });
      this.endPing = () => {
        deadline.cancel();
        this.endPing = null;
        resolve();
      };
      reply.then(
        () => this.endPing?.(),
        () => undefined, // the worker was replaced: replaceWorker ended the ping
      );
    });
  }

  /**
   * A step of a drawn graph did not come back within the drawing cell's limit
   * (a `_backward` that loops): the worker is replaced, and that cell says so.
   */
  private stepTimedOut(requestId: number, owner: number | undefined, limit: number, text = stepStoppedMessage(limit)): void {
    this.channel.fail(requestId, new Error(text));
    this.lastStopped = owner;
    this.replaceWorker();
    const s = owner === undefined ? undefined : this.cells.get(owner)?.state;
    if (s) {
      s.status = 'stopped';
      this.append(s, [{ kind: 'notice', text }]);
      this.emitCell(s);
    }
  }

  private replaceWorker(): void {
    this.endPing?.();
    this.channel.close();
    this.staleGraphs.clear();
    for (const { state } of this.cells.values()) {
      state.ran = false;
      // Its timers died with the worker.
      if (state.background) {
        state.background = false;
        this.emitCell(state);
      }
    }
  }

  private onEvent(m: WorkerEvent): void {
    if (m.type === 'output') {
      const n = this.active?.runId === m.runId ? this.active.n : [...this.latestRun].find(([, r]) => r === m.runId)?.[0];
      const s = n === undefined ? undefined : this.cells.get(n)?.state;
      if (!s) return;
      const worker = this.channel.generation;
      this.append(
        s,
        m.items.map((it) => (it.kind === 'graph' ? { ...it, worker } : it)),
      );
    } else if (m.type === 'timers') {
      const s = this.cells.get(m.cell)?.state;
      if (s && (s.background ?? false) !== m.live) {
        s.background = m.live;
        this.emitCell(s);
      }
    } else if (m.type === 'started') {
      if (this.active?.runId === m.runId) {
        this.active.started = true;
        this.active.deadline.begin();
      }
    } else if (m.type === 'graphs-stale') {
      const worker = this.channel.generation;
      for (const graphId of m.graphIds) {
        this.staleGraphs.add(`${worker}:${graphId}`);
        this.emit({ type: 'graph-stale', worker, graphId });
      }
    }
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
