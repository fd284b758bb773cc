// What the page knows of one cell: its status, outputs and marks (the
// notebook keeps these; the views draw them).

import type { OutputItem } from './protocol.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stopped' | 'not-run';

export interface CellState {
  n: number;
  status: CellStatus;
  outputs: OutputItem[];
  /** The cell ran in the current worker (its definitions exist). */
  ran: boolean;
  /** The code changed since it last ran. */
  dirty: boolean;
  /** Its code began to run in its last run (false when it did not compile). */
  started?: boolean;
  /** Result of the last exercise check. */
  check?: { passed: boolean; message?: string };
  /** Milliseconds the last run took, from sending to done. */
  ms?: number;
  /** When not run: the earlier cell that did not finish, or that holds code from a shared link. */
  blockedBy?: number;
  /** Why blockedBy stopped this cell: it did not finish, or it holds shared code that only its own Run runs. */
  blockedWhy?: 'unfinished' | 'held';
  /** The cell returned, but timers it set are still firing: it shows as running, and Stop clears them. */
  background?: boolean;
}

export interface CellOptions {
  /** The code to run now (the editor's text). */
  code: () => string;
  /** Seconds; overrides the notebook's limit (capped at 60). */
  timeout?: number;
  /** The cell is meant to show an error (the lesson's point): an error does not stop the cells after it. */
  expectError?: boolean;
}
