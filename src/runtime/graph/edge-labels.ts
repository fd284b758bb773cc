// The local derivative on each edge into an op, as the drawing's option
// writes it: `×1`, `×w1.data = −3`, `×(1 − t²) = 0.5`. The rules are the
// explanations' own (explain.ts), so an edge and the step panel never disagree.

import type { Trace, TraceNode } from '../../engine/trace.ts';
import { localDerivatives } from './explain.ts';
import { formatExplanationNumber } from '../format.ts';

// A true minus sign: a hyphen beside a number reads as a dash.
const minus = (s: string): string => s.replace(/-/g, '−');

/**
 * For each value made by an op the engine knows, one label per input in the
 * order of its inputs (so a + a has two); values with no known rule are absent.
 */
export function edgeLabels(t: Trace, names: ReadonlyMap<number, string>): Map<number, string[]> {
  const byId = new Map<number, TraceNode>(t.nodes.map((n) => [n.id, n]));
  const name = (n: TraceNode): string => names.get(n.id) ?? `#${n.id}`;
  const out = new Map<number, string[]>();
  for (const node of t.nodes) {
    if (node.op === '' || node.children.length === 0) continue;
    const kids = node.children.map((id) => byId.get(id)).filter((k): k is TraceNode => k !== undefined);
    const locals = localDerivatives(node.op, node, kids, name);
    if (!locals || locals.length !== kids.length) continue;
    // A constant rule (×1, ×(-1)) says no more; one that reads data shows what it is now.
    out.set(
      node.id,
      locals.map((l) => minus(l.symbol === l.numbers ? `×${l.symbol}` : `×${l.symbol} = ${formatExplanationNumber(l.value)}`)),
    );
  }
  return out;
}
