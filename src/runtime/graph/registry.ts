// The cell worker's drawn graphs: one stepper per `draw(v)`, kept by handle,
// answering the page's typed requests, and noticing when a graph's objects
// were changed by something else (a later cell, a step on another graph).

import type { FromWorker, GraphRequest } from '../protocol.ts';
import { createStepper, type Stepper, type StepperOptions, type StepState } from './stepper.ts';
import { fitsOp, isGraphOp, perform } from './ops.ts';
import type { Forward } from './forward.ts';

export const EARLIER_RUN = 'This graph is from an earlier run: run the cell again';

export class GraphRegistry {
  private readonly graphs = new Map<number, { stepper: Stepper; stale: boolean }>();
  private next = 1;
  private readonly options: StepperOptions;
  constructor(options: StepperOptions) {
    this.options = options;
  }

  /** Starts stepping a drawn root; returns its handle. */
  add(root: object): number {
    const id = this.next++;
    this.graphs.set(id, { stepper: createStepper(root, this.options), stale: false });
    return id;
  }

  /** A graph's forward pass as recorded, if its host records where values are made. */
  forward(id: number): Forward | undefined {
    return this.graphs.get(id)?.stepper.state().forward;
  }

  handle(msg: GraphRequest): FromWorker {
    const g = this.graphs.get(msg.graphId);
    if (!g) return { type: 'graph-failed', requestId: msg.requestId, message: EARLIER_RUN };
    if (!isGraphOp(msg.op) || !fitsOp(msg.op, msg.args)) {
      return { type: 'graph-failed', requestId: msg.requestId, message: 'The page asked for a step this graph does not know.' };
    }
    let state: StepState;
    try {
      state = perform(g.stepper, msg.op, msg.args);
    } catch (e) {
      return { type: 'graph-failed', requestId: msg.requestId, message: (e as Error)?.message ?? String(e) };
    }
    g.stale = state.stale;
    return { type: 'graph-state', requestId: msg.requestId, state };
  }

  /** Graphs whose objects changed since they were shown, not reported before. */
  newlyStale(): number[] {
    const out: number[] = [];
    for (const [id, g] of this.graphs) {
      if (g.stale) continue;
      try {
        if (g.stepper.isStale()) {
          g.stale = true;
          out.push(id);
        }
      } catch {
        /* the reader's objects can no longer be traced; the next step will say why */
      }
    }
    return out;
  }
}
