// Where a reader's `_backward` was written: its text (as the engine of the
// browser gives it back) is found in the compiled code of the cells, and the
// same lines of the cell as the reader wrote them (types and all) are shown.
// Sucrase keeps every line where it was, so a compiled line is a source line.

import type { CodeRef } from './stepper.ts';

export function findClosure(
  fn: (...args: unknown[]) => unknown,
  cells: ReadonlyMap<number, { code: string; js: string }>,
): CodeRef | undefined {
  let text: string;
  try {
    text = Function.prototype.toString.call(fn);
  } catch {
    return undefined;
  }
  if (text.includes('[native code]')) return undefined;
  // The latest definition wins: later cells redefine classes of earlier ones.
  for (const n of [...cells.keys()].sort((a, b) => b - a)) {
    const { code, js } = cells.get(n)!;
    const at = js.lastIndexOf(text);
    if (at < 0) continue;
    const first = js.slice(0, at).split('\n').length; // 1-based
    const last = first + text.split('\n').length - 1;
    const lines = code.split('\n').slice(first - 1, last);
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length));
    return {
      text: lines.map((l) => l.slice(indent)).join('\n'),
      context: contextOf(code.split('\n'), first - 1),
      origin: first === last ? `cell ${n}, line ${first}` : `cell ${n}, lines ${first}–${last}`,
      cell: n,
      lines: [first, last],
    };
  }
  return undefined;
}

/** A line that opens a method or a function: `add(other: Value): Value {`, `function square(x: Value): Value {`. */
const OPENS = /^\s*(?:function\s+)?[\w$]+\s*\([^)]*\)\s*(?::\s*[\w$.<>[\]| ]+)?\s*\{\s*$/;

/**
 * The lines of the function around a closure, from its head to the line before the
 * closure (at most 20): where its free names were declared (`const out = new Value(…, [this, other])`,
 * `const t = …`), which ./closure-scope.ts reads to say what the closure captured.
 */
function contextOf(lines: string[], closureAt: number): string | undefined {
  for (let i = closureAt - 1; i >= Math.max(0, closureAt - 20); i--) {
    if (OPENS.test(lines[i])) return lines.slice(i, closureAt).join('\n');
  }
  return undefined;
}
