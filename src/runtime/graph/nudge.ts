// Nudging a leaf: change one leaf's data, recompute every value forward
// through its op, and read the output's change divided by the nudge, the
// slope that backward's grad predicts (chapter 1's nudging, chapter 2's
// grads). Pure and on the trace alone: the live objects and the step log are
// never touched, so undo, redo and the forward replay stay exactly as they were.
// Only the engine's own ops can be recomputed: a reader's class may compute
// anything under the name '*', and its forward rule is not in the trace.

import type { Trace } from '../../engine/trace.ts';

/** The engine's forward rule for an op name (src/engine/value.ts), or null when it is not one of its ops. */
export function forwardRule(op: string): ((a: number, b: number) => number) | null {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => a / b;
    case 'neg':
      return (a) => -a;
    case 'exp':
      return (a) => Math.exp(a);
    case 'tanh':
      return (a) => Math.tanh(a);
    case 'ReLU':
      return (a) => (a < 0 ? 0 : a);
  }
  const k = /^\*\*(.+)$/.exec(op);
  const power = k ? Number(k[1]) : NaN;
  return Number.isNaN(power) ? null : (a) => a ** power;
}

/** Whether every op of the trace has a known forward rule (and every value a number), so a leaf can be nudged. */
export function canNudge(trace: Trace): boolean {
  return trace.nodes.every((n) => typeof n.data === 'number' && (n.children.length === 0 || forwardRule(n.op) !== null));
}

/**
 * The trace with leaf `id`'s data set to `data` and every value that depends
 * on it recomputed in topological order (the trace's own order); grads are
 * left as they were, for the slope to be read beside them.
 */
export function nudged(trace: Trace, id: number, data: number): Trace {
  const was = new Map(trace.nodes.map((n) => [n.id, n.data]));
  const now = new Map<number, number | null>();
  const nodes = trace.nodes.map((n) => {
    let d = n.data;
    if (n.id === id && n.children.length === 0) d = data;
    else if (n.children.some((c) => !Object.is(now.get(c), was.get(c)))) {
      const rule = forwardRule(n.op);
      const [a, b] = n.children.map((c) => now.get(c) ?? NaN);
      d = rule ? rule(a, b ?? NaN) : NaN;
    }
    now.set(n.id, d);
    // A value the nudge did not reach keeps its very object, so the drawing redraws only what changed.
    return Object.is(d, n.data) ? n : { ...n, data: d };
  });
  return { ...trace, nodes };
}

/** The output's change divided by the nudge, or null when there is no nudge (or no number to divide). */
export function slope(before: Trace, after: Trace, id: number): number | null {
  const at = (t: Trace, x: number) => t.nodes.find((n) => n.id === x)?.data;
  const dx = (at(after, id) ?? NaN) - (at(before, id) ?? NaN);
  const dy = (at(after, after.root) ?? NaN) - (at(before, before.root) ?? NaN);
  return dx === 0 || !Number.isFinite(dx) || !Number.isFinite(dy) ? null : dy / dx;
}
