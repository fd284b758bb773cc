// The forward pass, replayed: the values of a drawn graph in the order the
// code made them (./made.ts says how each op computed its data). Pure: it
// reads the trace and, per value, where it was made (./origins.ts records
// that as code runs). Small, as every graph's first chunk carries it.

import type { Trace } from '../../engine/trace.ts';

/** Where a value was made: its place among all values made, and the cell and line that made it. */
export interface Origin {
  n: number;
  cell?: number;
  line?: number;
  /** Made before recording began: stamped when an op first used it, so its place is a guess. */
  used?: true;
}

export interface Forward {
  /** Value ids in the order they were made (a topological order when that is not known). */
  order: number[];
  /** Whether `order` is the order of creation; false: some value's is unknown (first use stands in for it, or the order is topological). */
  known: boolean;
  /** Per value id, the cell and line that made it, when known. */
  sites: Record<number, [cell: number, line: number]>;
}

/** The forward pass of a trace, given where each live value was made. */
export function forwardOf(trace: Trace, originOf: (id: number) => Origin | undefined): Forward {
  const sites: Forward['sites'] = {};
  const born = new Map<number, number>();
  let guessed = false;
  for (const node of trace.nodes) {
    const o = originOf(node.id);
    if (!o) continue;
    born.set(node.id, o.n);
    guessed ||= o.used === true;
    if (o.cell !== undefined && o.line !== undefined) sites[node.id] = [o.cell, o.line];
  }
  const topological = trace.nodes.map((n) => n.id);
  if (born.size < trace.nodes.length) return { order: topological, known: false, sites };
  const order = [...topological].sort((a, b) => born.get(a)! - born.get(b)!);
  // A value made before one of its inputs (a reader's class that rewires _prev): not a forward pass.
  const at = new Map(order.map((id, i) => [id, i]));
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const sound = order.every((id, i) => byId.get(id)!.children.every((c) => at.get(c)! < i));
  return sound ? { order, known: !guessed, sites } : { order: topological, known: false, sites };
}
