// Messages between the page (notebook.ts) and the cell worker (cell.worker.ts).

import type { Trace } from '../engine/trace.ts';
import type { GraphStage } from './graph/stages.ts';
import type { StepState } from './graph/stepper.ts';
import type { Forward } from './graph/forward.ts';
import type { GraphOp, OpArgs } from './graph/ops.ts';
import type { LabSteps } from './lab-engine.ts';

export type OutputItem =
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { kind: 'result'; text: string }
  | {
      kind: 'graph';
      graphId: number;
      trace: Trace;
      label?: string;
      stage?: GraphStage;
      /** The order its values were made in, and the lines that made them (graph/forward.ts). */
      forward?: Forward;
      /** Every value is the engine's own Value, so the page may recompute it forward (a nudged leaf, graph/nudge.ts). */
      engine?: true;
      /** Set by the page: which worker (notebook generation) holds the live objects. */
      worker?: number;
    }
  | { kind: 'error'; message: string; line?: number; column?: number; cell?: number }
  /** What plot() drew (cell-api.ts): finite numbers only, within from-worker.ts's LIMITS. */
  | ({ kind: 'plot' } & Plot)
  /** `restart`: the page offers to restart and run the cells again in order (definitions ran out of order). */
  | { kind: 'notice'; text: string; restart?: true };

/** A plot: lines through [x, y] points and arrows between two points, with a title and the axes' names. */
export interface Plot {
  title: string;
  x?: string;
  y?: string;
  lines: { name: string; points: [number, number][] }[];
  arrows: { name: string; from: [number, number]; to: [number, number] }[];
}

export type ToWorker =
  | { type: 'init'; hide: string[] }
  | { type: 'run'; runId: number; cell: number; code: string; check?: string }
  /** After each run: is the worker free again, or did the cell leave something spinning? */
  | { type: 'ping'; id: number }
  /** Stop for a cell that returned but left timers running: they are cleared. */
  | { type: 'stop-timers'; cell: number }
  | GraphRequest
  /** The training lab's steps with the page's own Value (./lab-engine.ts); no steps asks only whether the page has one. */
  | { type: 'lab'; requestId: number; job: LabSteps };

/** One operation of the step-through on a drawn graph (the table in graph/ops.ts). */
export type GraphRequest = { type: 'graph'; requestId: number; graphId: number } & { [K in GraphOp]: { op: K; args: OpArgs<K> } }[GraphOp];

export type FromWorker =
  | { type: 'ready' }
  | { type: 'pong'; id: number }
  | { type: 'output'; runId: number; items: OutputItem[] }
  /** The run's code compiled and about to be evaluated: its time limit counts from here. */
  | { type: 'started'; runId: number }
  | {
      type: 'done';
      runId: number;
      ok: boolean;
      /** For an exercise check: whether the check block passed, and the failing assertion's message. */
      check?: { passed: boolean; message?: string };
    }
  /** Cell n, done, still has timers to fire (live) or no longer has any. */
  | { type: 'timers'; cell: number; live: boolean }
  | { type: 'graph-state'; requestId: number; state: StepState }
  | { type: 'graph-failed'; requestId: number; message: string }
  /** The lab's steps done: parameters and grads after the last, each step's loss; whether the page's Value is its own, not the engine's. */
  | { type: 'lab-state'; requestId: number; yours: boolean; params: number[]; grads: number[]; losses: number[] }
  | { type: 'lab-failed'; requestId: number; message: string }
  /** These graphs' live objects changed since they were shown (a cell ran, or another graph stepped them). */
  | { type: 'graphs-stale'; graphIds: number[] };
