// Turn a graph of Values into plain data (for drawing, tables, postMessage).
// Works on anything shaped like a Value — `data`, `grad`, `_prev`, `_op`,
// `label` — so a reader's own half-built class traces too. Missing fields come
// out as null or ''; a cycle or a child that is not an object is reported
// instead of looping forever.

import { describe } from './describe.ts';

export interface TraceNode {
  /** Stable for the life of the object: the same node has the same id in every trace. */
  id: number;
  label: string;
  data: number | null;
  grad: number | null;
  op: string;
  /** Ids of the inputs, in order (a node used twice, as in a + a, appears twice). */
  children: number[];
  /** Whether the object has a callable `_backward`. */
  hasBackward: boolean;
}

export interface Trace {
  root: number;
  /** Inputs before the nodes that use them (topological order). */
  nodes: TraceNode[];
  /** [from child, to parent] */
  edges: [number, number][];
}

interface ValueLike {
  data?: unknown;
  grad?: unknown;
  _prev?: unknown;
  _op?: unknown;
  label?: unknown;
  _backward?: unknown;
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** The stable id of a traced object (assigned on first sight). */
export function idOf(node: object): number {
  let id = ids.get(node);
  if (id === undefined) {
    id = nextId++;
    ids.set(node, id);
  }
  return id;
}

/** Children of a Value-shaped object: an array, a Set or any iterable; none if missing. */
export function childrenOf(node: ValueLike): unknown[] {
  const prev = node._prev;
  if (prev == null) return [];
  if (Array.isArray(prev)) return prev;
  if (typeof prev === 'object' && Symbol.iterator in prev) return [...(prev as Iterable<unknown>)];
  throw new TypeError(`trace: _prev of ${name(node)} should be an array or a Set, got ${describe(prev)}`);
}

/**
 * All nodes reachable from `root`, inputs first. Throws a TypeError on a
 * cycle or a non-object child, naming the node.
 */
export function trace(root: unknown, limit = Infinity): Trace {
  return traceLive(root, limit).trace;
}

/** The trace and, by id, the live objects it was made from (for stepping through them). */
export function traceLive(root: unknown, limit = Infinity): { trace: Trace; live: Map<number, object> } {
  if (root === null || typeof root !== 'object') {
    throw new TypeError(`trace: expected a Value, got ${describe(root)}`);
  }
  const nodes: TraceNode[] = [];
  const edges: [number, number][] = [];
  const live = new Map<number, object>();
  // 1 = on the current path (grey), 2 = finished (black): a grey child is a cycle.
  const state = new Map<object, 1 | 2>();
  const stack: { node: ValueLike; kids: unknown[]; next: number }[] = [];
  const enter = (node: ValueLike): void => {
    state.set(node, 1);
    stack.push({ node, kids: childrenOf(node), next: 0 });
  };
  enter(root as ValueLike);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.kids.length) {
      const child = frame.kids[frame.next++];
      if (child === null || typeof child !== 'object') {
        throw new TypeError(`trace: an input of ${name(frame.node)} is not a Value: got ${describe(child)}`);
      }
      edges.push([idOf(child), idOf(frame.node)]);
      const seen = state.get(child);
      if (seen === 1) throw new TypeError(`trace: the graph has a cycle through ${name(child as ValueLike)}`);
      if (seen === undefined) enter(child as ValueLike);
    } else {
      stack.pop();
      state.set(frame.node, 2);
      const node = toNode(frame.node, frame.kids);
      nodes.push(node);
      live.set(node.id, frame.node);
      if (nodes.length > limit) throw new RangeError(`trace: more than ${limit} values`);
    }
  }
  return { trace: { root: idOf(root), nodes, edges }, live };
}

/** How a node is called wherever a reader reads about it: its label, or `#id` (which the drawing shows too). */
export function nameOf(label: unknown, id: number): string {
  return typeof label === 'string' && label !== '' ? label : `#${id}`;
}

function toNode(node: ValueLike, kids: unknown[]): TraceNode {
  return {
    id: idOf(node),
    label: typeof node.label === 'string' ? node.label : '',
    data: typeof node.data === 'number' ? node.data : null,
    grad: typeof node.grad === 'number' ? node.grad : null,
    op: typeof node._op === 'string' ? node._op : '',
    children: kids.map((k) => idOf(k as object)),
    hasBackward: typeof node._backward === 'function',
  };
}

function name(node: ValueLike): string {
  return `'${nameOf(node.label, idOf(node))}'`;
}
