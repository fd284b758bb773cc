// What a drawn graph's controls talk to: the stepper, wherever its live
// objects are. For a cell's `draw(v)` they are in the worker (notebook.ts
// relays each operation as its own message); for a lesson's static example
// they are on the page (localSession). Either way every answer is a StepState.

import type { Stepper, StepperOptions, StepState } from './stepper.ts';
import { opsFrom, perform, type GraphOps } from './ops.ts';

/** Every operation of ./ops.ts, answered asynchronously, and word of changes made elsewhere. */
export interface GraphSession extends GraphOps<Promise<StepState>> {
  /** Calls `listener` when the live objects are changed by something else; returns the unsubscribe. */
  onStale(listener: () => void): () => void;
}

/** A session over objects on the page itself: nothing else touches them, so they never go stale on their own. */
export function localSession(root: object, options: StepperOptions = {}): GraphSession {
  // The stepper loads with the first step: a page that shows its example and is never stepped
  // (the home page, read and left) does without it. Nothing but its steps touches these objects.
  let stepper: Promise<Stepper> | undefined;
  const ready = () => (stepper ??= import('./stepper.ts').then((m) => m.createStepper(root, options)));
  return {
    ...opsFrom((op, args) => ready().then((s) => perform(s, op, args))),
    onStale: () => () => {},
  };
}
