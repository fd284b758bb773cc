// A clock whose time moves only when a test says so (runtime/deadline.ts's Clock).
import type { Clock } from '../../../src/runtime/deadline.ts';

export class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.nextId;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Moves time forward by ms, firing each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }

  /** Jumps time forward without firing anything (the page was busy), then fires what is due, late. */
  stall(ms: number): void {
    const due = this.timers.filter((x) => x.at <= this.t + ms);
    this.timers = this.timers.filter((x) => !due.includes(x));
    this.t += ms;
    for (const x of due) x.fn();
  }

  get pending(): number {
    return this.timers.length;
  }
}
