// What Predict first asks about a call, apart from ./predict.ts (which
// marks the answers with the explanations): the step session needs only
// this, so a graph's first chunk does not carry the explanations.

import type { LogEntry } from './stepper.ts';

/**
 * The values whose grad a call changed, in the order it changed them, the called value left out: what is asked.
 * `base`: the base case is asked too (the output's grad, 1), as chapter 2 asks it before any closure exists.
 */
export function askedOf(entry: LogEntry, base = false): number[] {
  if (base && entry.kind === 'seed') return [entry.nodeId];
  if (entry.kind !== 'call' || entry.error) return [];
  return [...new Set(entry.changes.map((c) => c.id))].filter((id) => id !== entry.nodeId);
}
