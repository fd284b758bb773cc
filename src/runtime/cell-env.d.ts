// The types of the helpers every cell gets besides the engine (they live in
// cell.worker.ts). The editor's TypeScript service (ts.worker.ts) serves this
// file to the cells, so keep it in step with the worker.

/**
 * Draws the computation graph of `v` under the cell. A string captions it;
 * `{ label, stage }` captions it and picks what its controls offer: 'data'
 * (data and grads only), 'calls' (each `_backward` one by one), 'ordered' (with
 * the call log, step back and play), 'backward' (and the whole pass).
 */
export declare function draw(v: unknown, options?: string | { label?: string; stage?: 'data' | 'calls' | 'ordered' | 'backward' }): void;

/** Throws an AssertionError with `message` unless `condition` holds. */
export declare function assert(condition: unknown, message?: string): asserts condition;

/**
 * Calls `fn` `runs` times (5 by default) and returns the median time of one
 * call in milliseconds: the median, so one call slowed by a garbage collection
 * or by other work on the machine does not decide the figure.
 */
export declare function timeit(fn: () => unknown, runs?: number): number;

/**
 * Throws an AssertionError unless `got` is a number within `near` (default 1e-6) of `want`.
 * The message names what it got and its type (`got "6" (a string)`), with a hint for the
 * usual slips (NaN or undefined from a misspelt name), or `hint` for a wrong number.
 */
export declare function checkNumber(what: string, got: unknown, want: number, options?: { near?: number; hint?: string }): void;
