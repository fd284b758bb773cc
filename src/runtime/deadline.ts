// A time limit on something the worker is doing for the reader: a run, a
// graph step, the ping after a run. The clock is injected so its unit tests
// move time by hand.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A timer this late means the page was busy (drawing a graph, say), not the worker. */
export const LATE_MS = 50;

export interface DeadlineOptions {
  limitMs: number;
  clock: Clock;
  onExpire: () => void;
  /**
   * The limit counts from `begin()` (the code compiled and started), not from
   * now; if begin never comes, it counts from now after this many ms anyway.
   */
  graceMs?: number;
  /** While this holds, the limit starts again (a run ahead of a step: its own limit covers that time). */
  holdWhile?: () => boolean;
}

export class Deadline {
  private readonly from: number;
  private begun: number | undefined;
  private due: number;
  private handle: unknown;
  private done = false;

  private readonly o: DeadlineOptions;

  constructor(o: DeadlineOptions) {
    this.o = o;
    this.from = o.clock.now();
    this.due = this.from + o.limitMs;
    this.handle = o.clock.setTimeout(() => this.expire(), o.limitMs);
  }

  /** The work itself began: with a grace, the limit counts from here. */
  begin(): void {
    this.begun ??= this.o.clock.now();
  }

  cancel(): void {
    this.done = true;
    this.o.clock.clearTimeout(this.handle);
  }

  private expire(): void {
    if (this.done) return;
    const { clock, limitMs, graceMs, holdWhile } = this.o;
    const t = clock.now();
    if (t - this.due > LATE_MS) {
      // Fired late: first let in an answer that may be queued behind this timer.
      this.due = t + LATE_MS;
    } else if (holdWhile?.()) {
      this.due = t + limitMs;
    } else if (graceMs !== undefined) {
      const start = this.begun ?? (t - this.from > graceMs ? this.from : t);
      this.due = start + limitMs;
    }
    if (this.due > t) {
      this.handle = clock.setTimeout(() => this.expire(), this.due - t);
    } else {
      this.done = true;
      this.o.onExpire();
    }
  }
}
