// The lab's "Break it" switches: each reproduces a bug micrograd's own issue
// tracker keeps receiving, named as the bug, with one sentence on what to look for.

import type { Bugs } from '../training/trainer.ts';

export interface BugSwitch {
  key: keyof Bugs;
  /** The checkbox's name. */
  label: string;
  /** What to watch for once it is on. */
  look: string;
}

export const BUG_SWITCHES: readonly BugSwitch[] = [
  {
    key: 'forgetZeroGrad',
    label: 'Forget to zero the grads',
    look: "Each step adds its grads to every earlier step's: the steps grow and the loss stops falling.",
  },
  {
    key: 'assignGrads',
    label: '= instead of +=',
    look: "A weight used by many points keeps only one point's share of its grad: the network learns from a sliver of the data, badly.",
  },
  {
    key: 'rateTooHigh',
    label: 'Learning rate too high',
    look: 'Every step is ten times as long: it jumps past the valley, the loss grows instead of falling, and the boundary flickers.',
  },
  {
    key: 'deadRelus',
    label: 'ReLUs stuck at 0',
    look: 'Every hidden bias starts at −1, so almost every ReLU outputs 0 on every point: its grad is 0, it never learns, and its map stays blank.',
  },
];
