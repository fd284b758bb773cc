// What the lab remembers of a training run, so the reader can scrub back
// through it: every step's loss and accuracies (a few numbers a step), and the
// parameters every few steps. Memory is bounded: when the snapshots reach
// MAX_SNAPSHOTS, every other one is dropped and the spacing doubles, so a run of
// any length keeps at most MAX_SNAPSHOTS parameter vectors, spread evenly over it
// (for 2-16-16-1, 337 numbers each: at most 1.1 MB), and the newest one, plus
// every step's few numbers (the lab stops at STEP_LIMIT, lab-protocol.ts).

export interface Snapshot {
  /** Steps taken when the parameters were recorded (0: the untrained network). */
  step: number;
  params: Float64Array;
}

export interface StepNumbers {
  loss: number;
  accuracy: number;
  testAccuracy: number | null;
}

export const MAX_SNAPSHOTS = 400;

export class History {
  /** Record the parameters at every step that is a multiple of this. */
  every = 1;
  snapshots: Snapshot[] = [];
  /** The newest parameters, whether or not they fall on the spacing. */
  latest: Snapshot;
  /** numbers[k] belongs to step k + 1 (the loss before that step's update, the accuracies after it). */
  numbers: StepNumbers[] = [];
  readonly maxSnapshots: number;

  constructor(initial: Float64Array, maxSnapshots = MAX_SNAPSHOTS) {
    this.maxSnapshots = maxSnapshots;
    this.latest = { step: 0, params: initial };
    this.snapshots.push(this.latest);
  }

  /** Steps recorded so far. */
  get steps(): number {
    return this.numbers.length;
  }

  /** Adds step `step`'s numbers, and its parameters if they fall on the spacing. */
  record(step: number, numbers: StepNumbers, params: () => Float64Array): void {
    if (step !== this.numbers.length + 1) throw new RangeError(`History.record: expected step ${this.numbers.length + 1}, got ${step}`);
    this.numbers.push(numbers);
    this.latest = { step, params: params() };
    if (step % this.every !== 0) return;
    this.snapshots.push(this.latest);
    if (this.snapshots.length > this.maxSnapshots) this.thin();
  }

  /** Drops every snapshot off the doubled spacing (step 0 always stays). */
  private thin(): void {
    this.every *= 2;
    this.snapshots = this.snapshots.filter((s) => s.step % this.every === 0);
  }

  /** What a timeline can show: the kept snapshots, then the newest parameters if they were not kept. */
  get timeline(): Snapshot[] {
    const last = this.snapshots[this.snapshots.length - 1];
    return last === this.latest ? this.snapshots : [...this.snapshots, this.latest];
  }

  /** The newest snapshot at or before `step`. */
  at(step: number): Snapshot {
    const all = this.timeline;
    let lo = 0;
    let hi = all.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (all[mid].step <= step) lo = mid;
      else hi = mid - 1;
    }
    return all[lo];
  }

  /** The steps a timeline can show. */
  get recordedSteps(): number[] {
    return this.timeline.map((s) => s.step);
  }

  /** Bytes held by the parameter snapshots. */
  get bytes(): number {
    return this.timeline.reduce((n, s) => n + s.params.byteLength, 0);
  }
}
