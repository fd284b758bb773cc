// Where each value was made, recorded as code runs, so a drawn graph can
// replay its forward pass in the order the code made its values and point at
// the line that made each (./forward.ts reads it). The engine is not changed:
// its ops are wrapped while recording (whatever they return is stamped, after
// any input not stamped yet), and `new` of any class is reported by `made`
// (cells' `new` expressions are routed through it by compile.ts; a page's own
// example uses `track`). Off the hot path: nothing is wrapped or stamped
// unless recording is on, and a run stops recording after RECORD_LIMIT values
// (stamping costs about 3 µs a value; a drawing shows at most 500 anyway).

import type { Origin } from './forward.ts';

type Fn = (...args: unknown[]) => unknown;

/** Values one recording stamps at most: past them, the rest of the run goes unrecorded (and their order unknown). */
export const RECORD_LIMIT = 20_000;

/** A value-like object: what trace() can draw. */
const valueLike = (x: unknown): x is object => x !== null && typeof x === 'object' && 'data' in x;

export class Origins {
  private readonly born = new WeakMap<object, Origin>();
  private count = 0;
  private recording = false;
  private left = 0;
  private cell: number | undefined;
  private line: number | undefined;
  private readonly unwrap: (() => void)[] = [];

  /** Where a value was made, if it was made while recording. */
  of(obj: object): Origin | undefined {
    return this.born.get(obj);
  }

  /** The line now running, in cell `cell` (compile.ts marks each statement outside functions). */
  at(line: number, cell = this.cell): void {
    this.line = line;
    this.cell = cell;
  }

  /** Reports a new object (what `new` gave); returns it. */
  made = <T>(obj: T): T => {
    if (this.recording && valueLike(obj)) this.stamp(obj);
    return obj;
  };

  private stamp(obj: object, used = false): void {
    if (this.born.has(obj)) return;
    if (this.left-- <= 0) return this.stop();
    const site = this.cell !== undefined && this.line !== undefined && !used ? { cell: this.cell, line: this.line } : {};
    this.born.set(obj, { n: ++this.count, ...site, ...(used ? { used: true as const } : {}) });
  }

  /**
   * Records until `stop()`: `cell`'s values, and the ops of `classes` (their
   * prototype methods that return a value-like object) while it lasts.
   */
  start(cell: number | undefined, classes: readonly (abstract new (...a: never[]) => object)[]): void {
    this.stop();
    this.recording = true;
    this.left = RECORD_LIMIT;
    this.cell = cell;
    this.line = undefined;
    for (const C of classes) this.wrapOps(C.prototype as Record<string, unknown>);
  }

  stop(): void {
    this.recording = false;
    while (this.unwrap.length > 0) this.unwrap.pop()!();
  }

  /** Records while `body` runs, then stops. */
  during<T>(classes: readonly (abstract new (...a: never[]) => object)[], body: () => T): T {
    this.start(undefined, classes);
    try {
      return body();
    } finally {
      this.stop();
    }
  }

  /** A class whose `new` is reported, for code that is not compiled (a page's own example). */
  track<C extends abstract new (...a: never[]) => object>(C: C): C {
    return new Proxy(C, { construct: (target, args, newTarget) => this.made(Reflect.construct(target, args, newTarget)) });
  }

  private wrapOps(proto: Record<string, unknown>): void {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (key === 'constructor' || !d || typeof d.value !== 'function' || !d.writable) continue;
      const op = d.value as Fn;
      const stamp = (x: object, used?: boolean): void => this.stamp(x, used);
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        const out = op.apply(this, args);
        if (valueLike(out)) {
          // Inputs first. One the op made (a number wrapped in a leaf) was made just before `out`;
          // one made before recording began gets its first use as its place, marked a guess.
          const kids = (out as { _prev?: unknown })._prev;
          if (kids && typeof kids === 'object' && Symbol.iterator in kids)
            for (const k of kids as Iterable<unknown>) if (valueLike(k)) stamp(k, k === this || args.includes(k));
          stamp(out);
        }
        return out;
      };
      proto[key] = wrapper;
      this.unwrap.push(() => (proto[key] = op));
    }
  }
}
