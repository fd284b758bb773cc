// Which cell a line of output belongs to when no cell is running right now:
// an `await` in cell 1 resumes after cell 2 has run (or while it waits), and
// what it prints is cell 1's. The page cannot follow a promise, so the worker
// reads the call stack: every cell is evaluated with `//# sourceURL=cell-N.js`
// (cell.worker.ts), and the outermost cell frame is the code that began this
// chain of calls (cell 2 calling a helper of cell 1 is cell 2's output).

const CELL_FRAME = /cell-(\d+)\.js:\d+:\d+/g;
/** Taken before any cell runs: a cell may replace Error. */
const ErrorCtor = Error as ErrorConstructor & { stackTraceLimit?: number };

/** The cell of the outermost `cell-N.js` frame of a stack, or null if none is in it. */
export function cellOfStack(stack: unknown): number | null {
  if (typeof stack !== 'string') return null;
  let cell: number | null = null;
  for (const m of stack.matchAll(CELL_FRAME)) cell = Number(m[1]);
  return cell;
}

/** The cell of the code that called this, read from the call stack (null when no cell's code is on it). */
export function callingCell(): number | null {
  // V8 keeps 10 frames by default: a deep call would hide the cell that made it.
  const limit = ErrorCtor.stackTraceLimit;
  try {
    if (typeof limit === 'number') ErrorCtor.stackTraceLimit = 200;
    return cellOfStack(new ErrorCtor().stack);
  } catch {
    return null;
  } finally {
    if (typeof limit === 'number') ErrorCtor.stackTraceLimit = limit;
  }
}

/** The cell an error was thrown in: the outermost cell frame of its stack (null if unreadable or none). */
export function cellOfError(e: unknown): number | null {
  try {
    return e !== null && typeof e === 'object' ? cellOfStack((e as { stack?: unknown }).stack) : null;
  } catch {
    return null;
  }
}
