// A leaf nudged on the drawing, as a runes class: which leaf, what the reader
// typed, the graph recomputed forward from it (../../../runtime/graph/nudge.ts)
// and the output's change over the nudge. A what-if on the page: the live
// objects and the step log are never touched, and any step (which shows the
// live objects again) ends the nudge, so undo, redo and play see what they saw.

import type { Trace } from '../../../engine/trace.ts';
import { readAnswer } from '../../../runtime/graph/answer.ts';
import { nudged, slope } from '../../../runtime/graph/nudge.ts';
import { formatExplanationNumber } from '../../../runtime/format.ts';

export class Nudge {
  /** The leaf and its typed data, and the step count it was typed at. */
  private leaf = $state<{ id: number; text: string; at: number } | null>(null);
  private readonly base: () => Trace;
  private readonly steps: () => number;

  /** `base`: the graph as the step-through shows it; `steps`: a count that moves with every step. */
  constructor(base: () => Trace, steps: () => number) {
    this.base = base;
    this.steps = steps;
  }

  /** The nudged leaf, unless a step was taken since. */
  readonly current = $derived.by(() => (this.leaf && this.leaf.at === this.steps() ? this.leaf : null));

  /** The graph with the leaf's new data, every value after it recomputed; null when nothing is nudged (or it was set back). */
  readonly trace = $derived.by((): Trace | null => {
    const c = this.current;
    const x = c ? readAnswer(c.text) : null;
    const base = this.base();
    const was = c && base.nodes.find((n) => n.id === c.id)?.data;
    return c && x !== null && x !== was ? nudged(base, c.id, x) : null;
  });

  /** The output's change divided by the nudge, or null. */
  readonly slope = $derived.by(() => (this.trace && this.current ? slope(this.base(), this.trace, this.current.id) : null));

  /** The values the nudge changed (nudged() keeps the very node of every other). */
  readonly moved = $derived.by((): ReadonlySet<number> => {
    const t = this.trace;
    const b = this.base();
    return new Set(t ? t.nodes.filter((n, i) => n !== b.nodes[i]).map((n) => n.id) : []);
  });

  /** What a leaf's field shows: what the reader typed, else its data. */
  text(id: number): string {
    const c = this.current;
    return c?.id === id ? c.text : formatExplanationNumber(this.base().nodes.find((n) => n.id === id)?.data);
  }

  /** A leaf's data as typed; another leaf nudged before goes back, so the slope is one leaf's. */
  set(id: number, text: string): void {
    this.leaf = { id, text, at: this.steps() };
  }

  reset(): void {
    this.leaf = null;
  }
}
