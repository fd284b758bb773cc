// The contract between a drawn graph (GraphView) and the live objects in the
// cell worker: each call acts on the real Values the reader's code built and
// returns the fresh trace plus the ids whose grad changed.

import type { Trace } from '../engine/trace.ts';

export type { Trace };

export interface StepResult {
  trace: Trace;
  /** Ids of the nodes whose grad changed. */
  changed: number[];
  /** Set when the node's _backward was missing or threw; the graph stays usable. */
  error?: { nodeId: number; message: string };
}

export interface GraphStepper {
  /** Calls that node's _backward() on the live object. */
  callBackward(nodeId: number): Promise<StepResult>;
  /** Sets a node's grad, e.g. the base case o.grad = 1. */
  setGrad(nodeId: number, grad: number): Promise<StepResult>;
  /** The root's own backward() if it is a function, else root.grad = 1 and every _backward in reverse topological order. */
  backward(): Promise<StepResult>;
  /** Sets every grad in the graph to 0. */
  zeroGrads(): Promise<StepResult>;
}
