// What a drawn graph's controls talk to: the stepper, wherever its live
// objects are. For a cell's `draw(v)` they are in the worker (notebook.ts
// relays each operation as its own message); for a lesson's static example
// they are on the page (localSession). Either way every answer is a StepState.

import { createStepper, type StepperOptions, type StepState } from './stepper.ts';

export interface GraphSession {
  call(nodeId: number): Promise<StepState>;
  seed(): Promise<StepState>;
  zero(): Promise<StepState>;
  backward(): Promise<StepState>;
  undo(): Promise<StepState>;
  redo(): Promise<StepState>;
  goto(cursor: number): Promise<StepState>;
  redraw(): Promise<StepState>;
  /** Calls `listener` when the live objects are changed by something else; returns the unsubscribe. */
  onStale(listener: () => void): () => void;
}

/** A session over objects on the page itself: nothing else touches them, so they never go stale on their own. */
export function localSession(root: object, options: StepperOptions = {}): GraphSession {
  const s = createStepper(root, options);
  const wrap =
    <A extends unknown[]>(f: (...a: A) => StepState) =>
    (...a: A) =>
      Promise.resolve(f(...a));
  return {
    call: wrap(s.call),
    seed: wrap(s.seed),
    zero: wrap(s.zero),
    backward: wrap(s.backward),
    undo: wrap(s.undo),
    redo: wrap(s.redo),
    goto: wrap(s.goto),
    redraw: wrap(s.redraw),
    onStale: () => () => {},
  };
}
