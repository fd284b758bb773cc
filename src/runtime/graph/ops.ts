// The step-through's operations on a drawn graph, declared once. The
// stepper's interface, the page→worker message, the worker's dispatch and
// both sessions (the worker's, through the notebook, and a static example's
// on the page) are derived from this table: adding an operation here is the
// one edit, and the compiler then asks for its implementation in the stepper
// (tests/unit/runtime/graph/ops-types.test.ts shows it).

/** Each operation and the names of its arguments, all numbers. */
export const GRAPH_OPS = {
  /** Calls one node's `_backward()`. */
  call: ['nodeId'],
  /** The base case: the output's grad = 1. */
  seed: [],
  /** Every grad to 0. */
  zero: [],
  /** The root's own backward() (or the base case and every `_backward` in reverse order), each call logged. */
  backward: [],
  undo: [],
  redo: [],
  /** Undoes or redoes up to a position in the log. */
  goto: ['cursor'],
  /** Accepts the live objects as they are now (after a change made elsewhere) and starts a new log. */
  redraw: [],
} as const satisfies Record<string, readonly string[]>;

export type GraphOp = keyof typeof GRAPH_OPS;

/** A tuple of names as a tuple of numbers (a generic, so the mapping keeps the tuple's shape). */
type Numbers<T extends readonly string[]> = { -readonly [I in keyof T]: number };

/** The arguments of operation K, as a tuple of numbers. */
export type OpArgs<K extends GraphOp> = Numbers<(typeof GRAPH_OPS)[K]>;

/** One method per operation, each answering R. */
export type GraphOps<R> = { [K in GraphOp]: (...args: OpArgs<K>) => R };

export const GRAPH_OP_NAMES = Object.keys(GRAPH_OPS) as GraphOp[];

export function isGraphOp(x: unknown): x is GraphOp {
  return typeof x === 'string' && Object.hasOwn(GRAPH_OPS, x);
}

/** Whether `args` fit operation `op`: as many as it names, each a whole number. */
export function fitsOp(op: GraphOp, args: unknown): args is number[] {
  return Array.isArray(args) && args.length === GRAPH_OPS[op].length && args.every((a) => Number.isSafeInteger(a));
}

/** Builds every operation from one function that performs any of them. */
export function opsFrom<R>(perform: (op: GraphOp, args: number[]) => R): GraphOps<R> {
  return Object.fromEntries(GRAPH_OP_NAMES.map((op) => [op, (...args: number[]) => perform(op, args)])) as unknown as GraphOps<R>;
}

/** Performs `op` on anything that has every operation (a stepper), with arguments already checked by fitsOp. */
export function perform<R>(target: GraphOps<R>, op: GraphOp, args: number[]): R {
  return (target[op] as unknown as (...a: number[]) => R)(...args);
}
