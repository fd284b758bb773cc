// Positions for a graph too big for dagre to lay out at a click's pace (the
// training lab's graph of one point: about a thousand values, where dagre takes
// over a second). A layered drawing in linear time, in the same left-to-right
// shape: each shape's column is its distance from the output, so a leaf sits
// just before the op that uses it; columns are filled from the output back,
// each shape placed as near the middle of the shapes it feeds as the column
// leaves room for. There is no crossing reduction, and edges are straight.

import type { LayoutInput, Point } from './layout.ts';

export interface Spacing {
  /** Between two shapes in a column. */
  nodesep: number;
  /** Between two columns. */
  ranksep: number;
  marginx: number;
  marginy: number;
}

export interface Layered {
  /** Centre of every shape, by key. */
  at: Map<string, Point>;
  /** Two points per edge, in input order: from the right side of its start to the left side of its end. */
  edgePoints: Point[][];
  width: number;
  height: number;
}

export function layeredLayout(input: LayoutInput, spacing: Spacing): Layered {
  const size = new Map<string, { width: number; height: number }>();
  for (const s of [...input.values, ...input.ops]) size.set(s.key, s);
  const keys = [...size.keys()];
  const feeds = new Map<string, string[]>(keys.map((k) => [k, []]));
  const fedBy = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const [from, to] of input.edges) {
    feeds.get(from)!.push(to);
    fedBy.get(to)!.push(from);
  }

  // Distance from the output: every shape one column before the furthest shape it feeds.
  // Kahn's order from the shapes that feed nothing, so each is settled after all it feeds.
  const depth = new Map<string, number>();
  const waiting = new Map(keys.map((k) => [k, new Set(feeds.get(k)).size]));
  const ready = keys.filter((k) => waiting.get(k) === 0);
  for (const k of ready) depth.set(k, 0);
  for (let i = 0; i < ready.length; i++) {
    const k = ready[i];
    for (const from of new Set(fedBy.get(k))) {
      depth.set(from, Math.max(depth.get(from) ?? 0, depth.get(k)! + 1));
      const left = waiting.get(from)! - 1;
      waiting.set(from, left);
      if (left === 0) ready.push(from);
    }
  }
  const deepest = Math.max(0, ...depth.values());
  const columns: string[][] = Array.from({ length: deepest + 1 }, () => []);
  // `ready` is in an order where what feeds a shape comes after it: within a column, that order keeps neighbours together.
  for (const k of ready) columns[deepest - depth.get(k)!].push(k);

  // x: columns side by side, each as wide as its widest shape.
  const at = new Map<string, Point>();
  const columnX: number[] = [];
  let x = spacing.marginx;
  for (const column of columns) {
    const width = Math.max(0, ...column.map((k) => size.get(k)!.width));
    columnX.push(x + width / 2);
    x += width + spacing.ranksep;
  }
  const width = x - spacing.ranksep + spacing.marginx;

  // y: from the output back, each shape wants the mean height of what it feeds.
  for (let c = columns.length - 1; c >= 0; c--) {
    const wants = columns[c].map((k, order) => {
      const targets = feeds.get(k)!.filter((t) => at.has(t));
      const want = targets.length ? targets.reduce((s, t) => s + at.get(t)!.y, 0) / targets.length : 0;
      return { k, want, order };
    });
    wants.sort((a, b) => a.want - b.want || a.order - b.order);
    let bottom = -Infinity;
    const placed: { k: string; y: number }[] = [];
    for (const { k, want } of wants) {
      const h = size.get(k)!.height;
      const y = Math.max(want, bottom + spacing.nodesep + h / 2);
      placed.push({ k, y });
      bottom = y + h / 2;
    }
    // Pushed down, never up: the output stays at the top right, where the step-through starts.
    for (const p of placed) at.set(p.k, { x: columnX[c], y: p.y });
  }

  let top = Infinity;
  let bottom = -Infinity;
  for (const [k, p] of at) {
    const h = size.get(k)!.height;
    top = Math.min(top, p.y - h / 2);
    bottom = Math.max(bottom, p.y + h / 2);
  }
  const shift = spacing.marginy - (Number.isFinite(top) ? top : 0);
  for (const p of at.values()) p.y += shift;

  const edgePoints = input.edges.map(([from, to]) => {
    const a = at.get(from)!;
    const b = at.get(to)!;
    return [
      { x: a.x + size.get(from)!.width / 2, y: a.y },
      { x: b.x - size.get(to)!.width / 2, y: b.y },
    ];
  });
  return { at, edgePoints, width, height: Math.ceil((Number.isFinite(bottom) ? bottom - top : 0) + 2 * spacing.marginy) };
}
