// What Predict first asks about a call, apart from ./predict.ts (which
// marks the answers with the explanations): the step session needs only
// this, so a graph's first chunk does not carry the explanations.

import type { LogEntry } from './stepper.ts';

/** The values whose grad a call changed, in the order it changed them, the called value left out: what is asked. */
export function askedOf(entry: LogEntry): number[] {
  if (entry.kind !== 'call' || entry.error) return [];
  return [...new Set(entry.changes.map((c) => c.id))].filter((id) => id !== entry.nodeId);
}
