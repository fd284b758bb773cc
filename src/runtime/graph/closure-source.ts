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
      origin: first === last ? `cell ${n}, line ${first}` : `cell ${n}, lines ${first}–${last}`,
      cell: n,
      lines: [first, last],
    };
  }
  return undefined;
}
