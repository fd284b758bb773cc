// The events behind TopoOrder (chapter 5): the lesson's own iterative
// depth-first sort, replayed one event at a time. Pure TypeScript.

import { Value } from '../../engine/value.ts';
import { buildExample } from '../graph/examples.ts';

export type TopoEvent =
  /** The node is popped for the first time: marked visited, pushed back to wait, its unvisited inputs pushed on top. */
  | { kind: 'visit'; node: Value; parent: Value | null; pushed: Value[] }
  /** Popped again before its turn to wait (a value used twice): already visited, skip it. */
  | { kind: 'seen'; node: Value; parent: Value | null }
  /** Popped with its inputs done: appended as number `index` (from 1). */
  | { kind: 'append'; node: Value; index: number };

/** The lecture's neuron, o = tanh(x1·w1 + x2·w2 + b): the same graph chapter 2 draws. */
export function buildNeuron(): Value {
  return buildExample('neuron').root;
}

/**
 * Every event of chapter 5's sort, in order: a stack of [value, childrenDone]
 * entries and a visited Set, children pushed last-first so the first input
 * is handled first. The same code the lesson's cell runs.
 */
export function topoEvents(root: Value): TopoEvent[] {
  const events: TopoEvent[] = [];
  const visited = new Set<Value>();
  const stack: [Value, boolean, Value | null][] = [[root, false, null]];
  let appended = 0;
  while (stack.length > 0) {
    const [v, childrenDone, parent] = stack.pop()!;
    if (childrenDone) {
      events.push({ kind: 'append', node: v, index: ++appended });
      continue;
    }
    if (visited.has(v)) {
      events.push({ kind: 'seen', node: v, parent });
      continue;
    }
    visited.add(v);
    stack.push([v, true, parent]);
    const pushed: Value[] = [];
    for (let i = v._prev.length - 1; i >= 0; i--) {
      if (!visited.has(v._prev[i])) {
        stack.push([v._prev[i], false, v]);
        pushed.push(v._prev[i]);
      }
    }
    events.push({ kind: 'visit', node: v, parent, pushed });
  }
  return events;
}

export interface StackEntry {
  node: Value;
  /** true: visited, waiting for its inputs to be appended; false: still to visit. */
  childrenDone: boolean;
}

export interface TopoState {
  /** The stack's entries, bottom first. */
  stack: StackEntry[];
  /** Appended so far: the topological order being built. */
  order: Value[];
  visited: Set<Value>;
  /** The event just replayed, if any. */
  last: TopoEvent | undefined;
}

/** The state after the first `count` events (the stack replayed from what each event pushed and popped). */
export function stateAfter(events: readonly TopoEvent[], count: number): TopoState {
  const first = events[0]?.node;
  const stack: StackEntry[] = first ? [{ node: first, childrenDone: false }] : [];
  const order: Value[] = [];
  const visited = new Set<Value>();
  for (const e of events.slice(0, count)) {
    stack.pop();
    if (e.kind === 'visit') {
      visited.add(e.node);
      stack.push({ node: e.node, childrenDone: true }, ...e.pushed.map((node) => ({ node, childrenDone: false })));
    } else if (e.kind === 'append') {
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
  if (e.kind === 'seen') return `${name}${e.parent ? `, an input of ${e.parent.label},` : ''} was already visited: skip it.`;
  return `All inputs of ${name} are done: append ${name} as number ${e.index}.`;
}
