// The events behind TopoOrder (chapter 5): the engine's iterative depth-first
// topological sort, replayed one event at a time. Pure TypeScript.

import { Value } from '../../engine/value.ts';
import { buildExample } from '../graph/examples.ts';

export type TopoEvent =
  /** The node goes on the stack: its inputs must be appended before it. */
  | { kind: 'visit'; node: Value; parent: Value | null }
  /** An input that was already visited (a value used twice): nothing to do. */
  | { kind: 'seen'; node: Value; parent: Value }
  /** All its inputs are done: the node leaves the stack and is appended as number `index` (from 1). */
  | { kind: 'append'; node: Value; index: number };

/** The lecture's neuron, o = tanh(x1·w1 + x2·w2 + b): the same graph chapter 2 draws. */
export function buildNeuron(): Value {
  return buildExample('neuron').root;
}

/**
 * Every event of the sort, in order: the same walk as the engine's
 * topologicalOrder (a stack holding the path from the root and, per entry,
 * which input to look at next), so the appends come out in the same order.
 */
export function topoEvents(root: Value): TopoEvent[] {
  const events: TopoEvent[] = [{ kind: 'visit', node: root, parent: null }];
  const visited = new Set<Value>([root]);
  const stack: Value[] = [root];
  const next: number[] = [0];
  let appended = 0;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    if (i < node._prev.length) {
      next[top] = i + 1;
      const child = node._prev[i];
      if (visited.has(child)) {
        events.push({ kind: 'seen', node: child, parent: node });
      } else {
        visited.add(child);
        stack.push(child);
        next.push(0);
        events.push({ kind: 'visit', node: child, parent: node });
      }
    } else {
      stack.pop();
      next.pop();
      events.push({ kind: 'append', node, index: ++appended });
    }
  }
  return events;
}

export interface TopoState {
  /** The path from the root, root first. */
  stack: Value[];
  /** Appended so far: the topological order being built. */
  order: Value[];
  visited: Set<Value>;
  /** The event just replayed, if any. */
  last: TopoEvent | undefined;
}

/** The state after the first `count` events. */
export function stateAfter(events: readonly TopoEvent[], count: number): TopoState {
  const stack: Value[] = [];
  const order: Value[] = [];
  const visited = new Set<Value>();
  for (const e of events.slice(0, count)) {
    if (e.kind === 'visit') {
      visited.add(e.node);
      stack.push(e.node);
    } else if (e.kind === 'append') {
      stack.pop();
      order.push(e.node);
    }
  }
  return { stack, order, visited, last: count > 0 ? events[count - 1] : undefined };
}

/** One sentence per event, for the status line and screen readers. */
export function describeEvent(e: TopoEvent): string {
  const name = e.node.label;
  if (e.kind === 'visit') {
    const from = e.parent ? `, an input of ${e.parent.label}` : ', the output';
    return e.node._prev.length === 0
      ? `Visit ${name}${from}. It is a leaf: no inputs to wait for.`
      : `Visit ${name}${from}. Its inputs must come first, so it waits on the stack.`;
  }
  if (e.kind === 'seen') return `${name}, an input of ${e.parent.label}, was already visited: skip it.`;
  return `All inputs of ${name} are done: append ${name} as number ${e.index}.`;
}
