// What `<GraphView example="…" paths />` shows, worked out when the site is
// built: the drawing (edges labelled with their local derivatives) and, for
// each leaf, its paths from the output with their products, the same sum
// factored as backward() adds it up, and what to highlight. The page gets it
// as plain data, so it loads neither dagre nor the engine for this figure.

import type { Value } from '../../engine/value.ts';
import { trace, type Trace } from '../../engine/trace.ts';
import { edgeLabels } from '../../runtime/graph/edge-labels.ts';
import { formatExplanationNumber } from '../../runtime/format.ts';
import { valueNames } from '../../runtime/graph/names.ts';
import { factored, leavesOf, localsOf, pathCount, pathsTo, type PathStep } from '../../runtime/graph/paths.ts';
import { layoutGraph, opKey, valueKey, type GraphLayout } from './layout.ts';

export interface LeafPaths {
  id: number;
  name: string;
  /** The leaf's grad as backward() left it, written as the sum is. */
  grad: string;
  /** One per path: the values it goes through, its factors as the closures write them, and with the numbers in. */
  paths: { through: string; symbols: string; numbers: string }[];
  /** The products added up, `−18 + 36 + …`, and what they come to. */
  sum: string;
  total: string;
  pathMultiplications: number;
  /** From the output down, each value's grad as the `+=` pass adds it up. */
  lines: { symbols: string; numbers: string }[];
  factoredMultiplications: number;
  /** What the drawing highlights: the edges of every path (layout keys) and the values on them. */
  edges: string[];
  values: number[];
}

export interface PathsFigure {
  layout: Extract<GraphLayout, { tooLarge: false }>;
  root: string;
  leaves: LeafPaths[];
}

// A true minus sign, and a negative factor in parentheses, as the step panel writes them.
const num = (x: number): string => formatExplanationNumber(x).replace(/-/g, '−');
const factor = (x: number): string => (x < 0 ? `(${num(x)})` : num(x));
const symbol = (s: string): string => s.replace(/-/g, '−');

/** Runs backward() on `root` (so the drawing shows every grad) and works out the figure. */
export function pathsFigure(root: Value): PathsFigure {
  root.backward();
  const t = trace(root);
  const names = valueNames(t);
  const name = (id: number): string => names.get(id) ?? `#${id}`;
  const layout = layoutGraph(t, { edgeLabels });
  if (layout.tooLarge) throw new Error('GraphView paths: the example is too large to draw');
  const locals = localsOf(t, (n) => name(n.id));
  const gradOf = new Map(t.nodes.map((n) => [n.id, n.grad ?? NaN]));
  const rootName = name(t.root);
  const leaves = leavesOf(t).map((leaf): LeafPaths => {
    const paths = pathsTo(t, leaf.id, locals);
    const count = pathCount(t, leaf.id);
    if (paths.length !== count.paths) throw new Error(`GraphView paths: an op under ${rootName} has no known local derivative`);
    const f = factored(t, leaf.id, locals);
    const steps = paths.flatMap((p) => p.steps);
    return {
      id: leaf.id,
      name: name(leaf.id),
      grad: num(gradOf.get(leaf.id)!),
      paths: paths.map((p) => ({
        through: [rootName, ...p.steps.map((s) => name(s.input) + use(t, s))].join(' → '),
        symbols: [`${rootName}.grad`, ...p.steps.map((s) => symbol(s.local.symbol))].join(' × '),
        numbers: `${['1', ...p.steps.map((s) => factor(s.local.value))].join(' × ')} = ${num(p.product)}`,
      })),
      sum: paths.map((p, i) => (i === 0 ? num(p.product) : factor(p.product))).join(' + '),
      total: num(paths.reduce((s, p) => s + p.product, 0)),
      pathMultiplications: count.multiplications,
      lines: f.lines.map((l) => ({
        symbols: `${name(l.id)}.grad = ${l.terms.map((x) => `${symbol(x.local.symbol)} × ${name(x.user)}.grad`).join(' + ')}`,
        numbers: `${l.terms.map((x) => `${factor(x.local.value)} × ${factor(x.userGrad)}`).join(' + ')} = ${num(l.grad)}`,
      })),
      factoredMultiplications: f.multiplications,
      edges: [...new Set(steps.flatMap((s) => edgesOf(t, s)))],
      values: [...new Set([t.root, ...steps.map((s) => s.input)])],
    };
  });
  return { layout, root: rootName, leaves };
}

const ORDINALS = ['1st', '2nd', '3rd'];

/** Which use a step takes when its value is an input twice (f · f): ` (1st use)`; '' otherwise. */
function use(t: Trace, s: PathStep): string {
  const kids = t.nodes.find((n) => n.id === s.user)!.children;
  if (kids.filter((c) => c === s.input).length < 2) return '';
  const nth = kids.slice(0, s.place + 1).filter((c) => c === s.input).length;
  return ` (${ORDINALS[nth - 1] ?? `${nth}th`} use)`;
}

/**
 * The drawing's edges for one step of a path: input → op, keyed as layout.ts
 * keys them (the second of two edges between the same shapes is `#2`), and
 * op → result.
 */
function edgesOf(t: Trace, s: PathStep): string[] {
  const user = t.nodes.find((n) => n.id === s.user)!;
  const to = user.op !== '' ? opKey(user.id) : valueKey(user.id);
  const nth = user.children.slice(0, s.place + 1).filter((c) => c === s.input).length;
  const into = `${valueKey(s.input)}>${to}${nth > 1 ? `#${nth}` : ''}`;
  return user.op !== '' ? [into, `${to}>${valueKey(user.id)}`] : [into];
}
