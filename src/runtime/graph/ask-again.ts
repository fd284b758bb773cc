// A missed grad as a question on its own, for the review: the call, the
// values it reads with their grads just before it, and the grad asked. Apart
// from ./predict.ts, which every graph loads: only the step panel needs this.

import { nameOf, type Trace } from '../../engine/trace.ts';
import { formatExplanationNumber } from '../format.ts';
import type { LogEntry } from './stepper.ts';

/**
 * The question again, on its own (for the review): the call, the values it
 * reads with their grads just before it, and which grad is asked.
 */
export function askAgain(entry: LogEntry, trace: Trace, id: number): string {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const name = (i: number) => nameOf(byId.get(i)?.label, i);
  if (entry.kind === 'seed')
    return `${name(entry.nodeId)} is the output of the graph, data ${formatExplanationNumber(byId.get(entry.nodeId)?.data)}. What is the grad of ${name(entry.nodeId)}: how much does ${name(entry.nodeId)} move per unit nudge of itself?`;
  if (entry.kind !== 'call') return '';
  const node = byId.get(entry.nodeId);
  const kids = node?.children ?? [];
  const op = node?.op ?? '';
  const expr = /^[^\w\s]{1,2}$/.test(op) ? kids.map(name).join(` ${op} `) : `${op}(${kids.map(name).join(', ')})`;
  const before = new Map(entry.changes.map((c) => [c.id, c.before] as const).reverse());
  const values = [
    `${name(entry.nodeId)}: data ${formatExplanationNumber(node?.data)}, grad ${formatExplanationNumber(entry.outGrad)}`,
    ...[...new Set(kids)].map(
      (k) =>
        `${name(k)}: data ${formatExplanationNumber(byId.get(k)?.data)}, grad ${formatExplanationNumber(before.has(k) ? before.get(k) : entry.inputGrads[kids.indexOf(k)])}`,
    ),
  ];
  return `${name(entry.nodeId)} = ${expr}. Before ${name(entry.nodeId)}._backward() runs: ${values.join('; ')}. After it, what is the grad of ${name(id)}?`;
}
