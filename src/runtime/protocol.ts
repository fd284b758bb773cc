// Messages between the page (notebook.ts) and the cell worker (cell.worker.ts).

import type { Trace } from '../engine/trace.ts';

export type OutputItem =
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { kind: 'result'; text: string }
  | { kind: 'graph'; graphId: number; trace: Trace; label?: string }
  | { kind: 'error'; message: string; line?: number; column?: number; cell?: number }
  | { kind: 'notice'; text: string };

export type ToWorker =
  | { type: 'init'; hide: string[] }
  | { type: 'run'; runId: number; cell: number; code: string; check?: string }
  | { type: 'graph'; requestId: number; graphId: number; op: GraphOp; nodeId?: number; grad?: number };

export type GraphOp = 'callBackward' | 'setGrad' | 'backward' | 'zeroGrads';

export type FromWorker =
  | { type: 'ready' }
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
  | {
      type: 'graph-result';
      requestId: number;
      ok: boolean;
      trace?: Trace;
      changed?: number[];
      error?: { nodeId: number; message: string };
      message?: string;
    };
