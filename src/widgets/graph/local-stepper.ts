// A GraphStepper over live Values on the page itself, for static examples in
// lessons (`<GraphView example="neuron" />`). The cells use the worker's
// stepper instead; both answer with a fresh trace after every call. Works on
// any Value-shaped object, like `trace`. Node-importable: engine files only.

import { childrenOf, idOf, trace, type Trace } from '../../engine/trace.ts';
import type { GraphStepper, StepResult } from '../../runtime/graph-stepper.ts';

interface Live {
  grad?: unknown;
  label?: unknown;
  _backward?: unknown;
  backward?: unknown;
}

/** Every object reachable from `root`, inputs first (the order `trace` gives). */
function reachable(root: object): Map<number, Live> {
  const byId = new Map<number, Live>();
  const t = trace(root);
  const seen = new Set<number>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    const id = idOf(node);
    if (seen.has(id)) continue;
    seen.add(id);
    byId.set(id, node as Live);
    for (const child of childrenOf(node)) stack.push(child as object);
  }
  // Keep the topological order of the trace.
  return new Map(t.nodes.map((n) => [n.id, byId.get(n.id) as Live]));
}

function nameOf(node: Live, id: number): string {
  return typeof node.label === 'string' && node.label !== '' ? node.label : `#${id}`;
}

function grads(nodes: Map<number, Live>): Map<number, unknown> {
  return new Map([...nodes].map(([id, n]) => [id, n.grad]));
}

function callOne(node: Live, id: number): void {
  if (typeof node._backward !== 'function') {
    throw new TypeError(`${nameOf(node, id)}._backward is not a function`);
  }
  (node._backward as () => void).call(node);
}

export function createLocalStepper(root: object): GraphStepper {
  const rootId = idOf(root);

  /** Runs `body` on the live nodes and reports which grads it changed. */
  function step(body: (nodes: Map<number, Live>) => void, errorAt: number): StepResult {
    const nodes = reachable(root);
    const before = grads(nodes);
    let error: StepResult['error'];
    try {
      body(nodes);
    } catch (err) {
      const at = err instanceof StepError ? err.nodeId : errorAt;
      const cause = err instanceof StepError ? err.cause : err;
      error = { nodeId: at, message: cause instanceof Error ? cause.message : String(cause) };
    }
    // A step may rewire the graph (unlikely, but it is the reader's object): trace afresh.
    const t: Trace = trace(root);
    const after = reachable(root);
    const changed: number[] = [];
    for (const [id, node] of after) {
      const old = before.get(id);
      if (!Object.is(old, node.grad) && !(old === 0 && node.grad === 0)) changed.push(id);
    }
    return error ? { trace: t, changed, error } : { trace: t, changed };
  }

  function find(nodes: Map<number, Live>, id: number): Live {
    const node = nodes.get(id);
    if (!node) throw new RangeError(`no node #${id} in this graph`);
    return node;
  }

  return {
    async callBackward(nodeId) {
      return step((nodes) => callOne(find(nodes, nodeId), nodeId), nodeId);
    },
    async setGrad(nodeId, grad) {
      return step((nodes) => {
        find(nodes, nodeId).grad = grad;
      }, nodeId);
    },
    async backward() {
      return step((nodes) => {
        const r = root as Live;
        if (typeof r.backward === 'function') {
          (r.backward as () => void).call(r);
          return;
        }
        r.grad = 1;
        const order = [...nodes.keys()].reverse();
        for (const id of order) {
          try {
            callOne(nodes.get(id) as Live, id);
          } catch (err) {
            throw new StepError(id, err);
          }
        }
      }, rootId);
    },
    async zeroGrads() {
      return step((nodes) => {
        for (const node of nodes.values()) node.grad = 0;
      }, rootId);
    },
  };
}

class StepError extends Error {
  nodeId: number;
  override cause: unknown;
  constructor(nodeId: number, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.nodeId = nodeId;
    this.cause = cause;
  }
}
