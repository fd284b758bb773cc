// Which cells run, one after another: a plan (the stale cells before the one
// asked for, then it), queued behind earlier plans, stopping at the first
// cell that fails, holds a shared link's code, or outlived its worker; the
// cells it did not reach are marked not run, naming the one that stopped it.

import type { CellState } from './cell-state.ts';

export interface QueueHost {
  state(n: number): CellState | undefined;
  /** Cell numbers in page order. */
  order(): number[];
  changed(state: CellState): void;
  /** Runs one cell; true when it ran without error (and passed its check). */
  runOne(n: number, check: string | undefined): Promise<boolean>;
  /** The worker's generation: a plan that outlives its worker stops. */
  generation(): number;
  /** Resolves once the worker is free after the last run (its ping answered or timed out). */
  settled(): Promise<void>;
  /** The cell whose run was stopped last, to name when a plan outlived its worker. */
  lastStopped(): number | undefined;
}

export class RunQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Cells holding shared code that only their own Run may run. */
  private readonly held = new Set<number>();

  private readonly host: QueueHost;

  constructor(host: QueueHost) {
    this.host = host;
  }

  hold(n: number): void {
    this.held.add(n);
  }

  release(n: number): void {
    this.held.delete(n);
  }

  /** Resolves once every plan queued so far has ended. */
  async drained(): Promise<void> {
    let tail;
    do {
      tail = this.tail;
      await tail;
    } while (tail !== this.tail);
  }

  /** The cells that run when cell n is run: earlier ones never run or edited since, then n. */
  plan(n: number): number[] {
    const stale = (k: number): boolean => {
      const s = this.host.state(k);
      return s !== undefined && (!s.ran || s.dirty);
    };
    return [...this.host.order().filter((k) => k < n && stale(k)), n];
  }

  /**
   * Queues `plan`; resolves true if every cell in it ran without error.
   * `target`: the cell whose own Run this is (it may run held code), or null for Run all.
   */
  enqueue(plan: number[], check: string | undefined, target: number | null): Promise<boolean> {
    const gen = this.host.generation();
    for (const k of plan) {
      const s = this.host.state(k);
      if (s && s.status !== 'running') {
        s.status = 'queued';
        this.host.changed(s);
      }
    }
    const task = this.tail.then(async () => {
      for (let i = 0; i < plan.length; i++) {
        const k = plan[i];
        await this.host.settled();
        if (this.host.generation() !== gen) {
          // The worker was replaced mid-plan (timeout, Stop): the rest would run without their inputs.
          this.markNotRun(plan.slice(i), plan[i - 1] ?? this.host.lastStopped());
          return false;
        }
        if (this.held.has(k)) {
          if (k !== target) {
            this.markNotRun(plan.slice(i + 1), k, 'held');
            const s = this.host.state(k);
            if (s?.status === 'queued') {
              s.status = s.ran ? 'done' : 'idle';
              this.host.changed(s);
            }
            return false;
          }
          this.held.delete(k);
        }
        const ok = await this.host.runOne(k, k === plan[plan.length - 1] ? check : undefined);
        if (!ok) {
          this.markNotRun(plan.slice(i + 1), k);
          return false;
        }
      }
      return true;
    });
    this.tail = task.catch(() => false);
    return task;
  }

  private markNotRun(ns: number[], blocker: number | undefined, why: 'unfinished' | 'held' = 'unfinished'): void {
    for (const k of ns) {
      const s = this.host.state(k);
      // Only cells still waiting in this plan (after a Restart they are idle again).
      if (!s || s.status !== 'queued') continue;
      s.status = 'not-run';
      s.blockedWhy = why;
      if (blocker !== undefined) s.blockedBy = blocker;
      else delete s.blockedBy;
      this.host.changed(s);
    }
  }
}
