// Olah's picture of backprop: a leaf's grad is a sum over every path from the
// output down to it, each path the product of the local derivatives on its
// edges; and the `+=` pass computes the same sum factored, one multiplication
// per edge. Pure: it reads a trace and the explanations' local derivatives.

import type { Trace, TraceNode } from '../../engine/trace.ts';
import { localDerivatives, type Local } from './explain.ts';

/** One edge of a path, from a value down to one of its inputs (`place`: which input, so a + a has two). */
export interface PathStep {
  user: number;
  input: number;
  place: number;
  local: Local;
}

/** A path from the output to a value; its product starts from the output's grad, 1. */
export interface Path {
  steps: PathStep[];
  product: number;
}

/** One line of the factored sum: a value's grad as the `+=` pass adds it up, one term per use. */
export interface FactoredLine {
  id: number;
  /** Each use: the local derivative times the user's grad (already final when this line is added up). */
  terms: { user: number; place: number; local: Local; userGrad: number }[];
  grad: number;
}

/** Each value's local derivatives by input (the engine's rules, explain.ts); a value whose op has none is absent. */
export function localsOf(t: Trace, name: (n: TraceNode) => string): Map<number, Local[]> {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const out = new Map<number, Local[]>();
  for (const node of t.nodes) {
    if (node.children.length === 0) continue;
    const kids = node.children.map((id) => byId.get(id)).filter((k): k is TraceNode => k !== undefined);
    const locals = localDerivatives(node.op, node, kids, name);
    if (locals && locals.length === node.children.length) out.set(node.id, locals);
  }
  return out;
}

/** The leaves under the output, each once, in the trace's order (inputs first). */
export function leavesOf(t: Trace): TraceNode[] {
  return t.nodes.filter((n) => n.children.length === 0);
}

/**
 * Every path from the output down to `target`, listed depth first, inputs in
 * their order; at most `limit` of them (pathCount counts them all without
 * listing). An edge without a known local derivative ends no path: the
 * ones through it are left out, so check `localsOf` covers the graph.
 */
export function pathsTo(t: Trace, target: number, locals: ReadonlyMap<number, Local[]>, limit = 256): Path[] {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const reaches = reachers(t, target);
  const found: Path[] = [];
  const walk = (id: number, steps: PathStep[], product: number): void => {
    if (found.length >= limit) return;
    if (id === target) {
      found.push({ steps: [...steps], product });
      return;
    }
    const node = byId.get(id);
    const ls = locals.get(id);
    if (!node || !ls) return;
    node.children.forEach((input, place) => {
      if (!reaches.has(input)) return;
      steps.push({ user: id, input, place, local: ls[place] });
      walk(input, steps, product * ls[place].value);
      steps.pop();
    });
  };
  walk(t.root, [], 1);
  return found;
}

/**
 * How many paths reach `target` from the output, and how many multiplications
 * summing them path by path takes: one per edge of each path (the first one
 * multiplies the output's grad, 1), as a `_backward` multiplies by out.grad.
 * Counted without listing them (a chain of ten doublings has 1,024).
 */
export function pathCount(t: Trace, target: number): { paths: number; multiplications: number } {
  const count = new Map<number, number>([[t.root, 1]]);
  const length = new Map<number, number>([[t.root, 0]]);
  // Users come after their inputs in a trace: walking it backwards, a value's count is complete when reached.
  for (let i = t.nodes.length - 1; i >= 0; i--) {
    const u = t.nodes[i];
    const n = count.get(u.id) ?? 0;
    if (n === 0) continue;
    const s = length.get(u.id) ?? 0;
    for (const input of u.children) {
      count.set(input, (count.get(input) ?? 0) + n);
      length.set(input, (length.get(input) ?? 0) + s + n);
    }
  }
  return { paths: count.get(target) ?? 0, multiplications: length.get(target) ?? 0 };
}

/**
 * The same sum factored, as backward() computes it: from the output down, each
 * value that leads to `target` adds up one term per use (local derivative
 * times the user's grad), once every user has its total. One multiplication
 * per term: `multiplications` is the number of edges that lead to `target`.
 */
export function factored(
  t: Trace,
  target: number,
  locals: ReadonlyMap<number, Local[]>,
): { lines: FactoredLine[]; grad: number; multiplications: number } {
  const reaches = reachers(t, target);
  const grads = new Map<number, number>([[t.root, 1]]);
  const terms = new Map<number, FactoredLine['terms']>();
  const lines: FactoredLine[] = [];
  let multiplications = 0;
  for (let i = t.nodes.length - 1; i >= 0; i--) {
    const u = t.nodes[i];
    if (!reaches.has(u.id)) continue;
    if (u.id !== t.root) {
      const mine = terms.get(u.id) ?? [];
      const grad = mine.reduce((sum, term) => sum + term.local.value * term.userGrad, 0);
      grads.set(u.id, grad);
      lines.push({ id: u.id, terms: mine, grad });
    }
    const ls = locals.get(u.id);
    if (!ls) continue;
    u.children.forEach((input, place) => {
      if (!reaches.has(input)) return;
      const list = terms.get(input) ?? [];
      list.push({ user: u.id, place, local: ls[place], userGrad: grads.get(u.id) ?? 0 });
      terms.set(input, list);
      multiplications++;
    });
  }
  return { lines, grad: target === t.root ? 1 : (grads.get(target) ?? 0), multiplications };
}

/** The values from which `target` can be reached (itself included). */
function reachers(t: Trace, target: number): Set<number> {
  const reach = new Set<number>([target]);
  // Inputs come first in a trace, so one pass forwards sees every input decided.
  for (const n of t.nodes) if (n.children.some((c) => reach.has(c))) reach.add(n.id);
  return reach;
}
