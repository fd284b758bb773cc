// The training lab's state on the page: the reader's choices, the worker that
// trains, the history the timeline scrubs, and the reader's own points. The
// Svelte parts only draw it and call its methods.

import { DATA_SET_LABELS, type LabData, type Point } from '../training/datasets.ts';
import { dataOf, normalise, toHash, type LabConfig } from '../training/config.ts';
import {
  NO_BUGS,
  TOO_HIGH,
  accuracyOf,
  createRun,
  learningRateAt,
  netFromParams,
  parameterValues,
  type Bugs,
  type FlatNet,
} from '../training/trainer.ts';
import { History } from '../training/history.ts';
import { SPEEDS, STEP_LIMIT, type FromLabWorker, type LabTrainer, type ToLabWorker } from '../training/lab-protocol.ts';
import { pageNotebook } from '../cells/page-notebook.ts';
import { YourEngine } from './your-engine.ts';
import { formatLabNumber } from '../../runtime/format.ts';

const percent = (a: number | null | undefined): string => (a === null || a === undefined ? '—' : `${Math.round(a * 100)}%`);

export class LabState {
  readonly name: string;
  config: LabConfig = $state() as LabConfig;
  bugs: Bugs = $state({ ...NO_BUGS });
  data: LabData = $derived(dataOf(this.config));
  /** Bumped on every change the worker must hear of; older progress is dropped. */
  generation = 0;
  history: History = $state.raw() as History;
  /** Bumped when the history grows (it is not deeply reactive: it holds typed arrays). */
  version = $state(0);
  /** The grads of the latest step, for the weights' read-outs. */
  grads: Float64Array | null = $state.raw(null);
  /** The snapshot the timeline shows; null follows the newest. */
  viewIndex: number | null = $state(null);
  /** What the reader asked for: training on or off. */
  wanted = $state(false);
  offscreen = $state(false);
  tabHidden = false;
  finished = $state(false);
  /** Paused by the reader, and the worker has not yet said it stopped: steps it took meanwhile still arrive. */
  pausing = $state(false);
  stepsPerSecond = $state(0);
  speedIndex = $state(SPEEDS.length - 1);
  announce = $state('');
  /** The class a click adds. */
  pointClass: 1 | -1 = $state(1);
  /** The point whose graph the reader asked for (an index into data.xs), or null. */
  chosen: number | null = $state(null);
  erasing = $state(false);
  private worker: LabTrainer | undefined;
  /** The engine the current worker trains with. */
  private workerEngine: LabConfig['engine'] = 'site';
  /** What went wrong, or what the lab saw, while training with the reader's engine. */
  engineNote: string | null = $state(null);
  private latestGrads: Float64Array | null = null;
  private latestRate = 0;
  private shownQueued = false;

  /**
   * Shows what arrived, at most once a frame: steps can come faster than the
   * screen repaints, and each showing redraws the lab.
   */
  private showSoon(): void {
    if (this.shownQueued) return;
    this.shownQueued = true;
    requestAnimationFrame(() => this.showNow());
  }

  private showNow(): void {
    this.shownQueued = false;
    this.grads = this.latestGrads;
    this.stepsPerSecond = this.latestRate;
    this.version += 1;
  }

  /** Where this lab starts: its address keeps only what differs from it. */
  readonly base: LabConfig;

  constructor(name: string, base: LabConfig) {
    this.name = name;
    this.base = base;
    this.config = base;
    this.history = this.freshHistory();
  }

  private freshHistory(): History {
    return new History(parameterValues(createRun(this.config, dataOf(this.config), this.bugs).model));
  }

  get steps(): number {
    void this.version;
    return this.history.steps;
  }

  /** The rate the newest step used (its updates were −rate × grad); null before any step. */
  get lastRate(): number | null {
    const steps = this.steps;
    return steps === 0 ? null : learningRateAt(this.config, steps - 1) * (this.bugs.rateTooHigh ? TOO_HIGH : 1);
  }

  get speed(): number {
    return SPEEDS[this.speedIndex];
  }

  /** The snapshot on show: the one the timeline points at, or the newest. (Derived once per change: the page reads it often.) */
  shown: { index: number; step: number; params: Float64Array } = $derived.by(() => {
    void this.version;
    const timeline = this.history.timeline;
    const last = timeline.length - 1;
    const index = this.viewIndex === null ? last : Math.min(this.viewIndex, last);
    const s = timeline[index];
    return { index, step: s.step, params: s.params };
  });

  net: FlatNet = $derived(netFromParams(this.config, this.shown.params, this.data.inputs));

  /** Loss and accuracies of the step on show (before any step: the accuracies of the untrained network). */
  numbers: { loss: number | null; accuracy: number; testAccuracy: number | null } = $derived.by(() => {
    const { step } = this.shown;
    const n = step > 0 ? this.history.numbers[step - 1] : null;
    if (n) return n;
    const net = this.net;
    return {
      loss: null,
      accuracy: accuracyOf(net, this.data),
      testAccuracy: this.data.test.xs.length ? accuracyOf(net, this.data.test) : null,
    };
  });

  private send(msg: ToLabWorker): void {
    this.worker?.postMessage(msg);
  }

  /** The lab's worker, or the reader's engine in the cells' worker; false when there is none to train with. */
  private ensureWorker(): boolean {
    if (this.worker && this.workerEngine !== this.config.engine) {
      this.worker.terminate();
      this.worker = undefined;
    }
    if (this.worker) return true;
    if (this.config.engine === 'yours') {
      const notebook = pageNotebook();
      if (!notebook) {
        this.engineNote = 'this page has no cells, so no Value of yours to train with: choose the site’s engine';
        return false;
      }
      this.worker = new YourEngine(notebook);
    } else {
      this.worker = new Worker(new URL('../training/lab.worker.ts', import.meta.url), { type: 'module' });
    }
    this.workerEngine = this.config.engine;
    this.worker.onmessage = (event: MessageEvent<FromLabWorker>) => this.receive(event.data);
    this.send({
      type: 'configure',
      generation: this.generation,
      config: $state.snapshot(this.config) as LabConfig,
      bugs: { ...this.bugs },
    });
    return true;
  }

  private receive(msg: FromLabWorker): void {
    if (msg.generation !== this.generation) return;
    if (msg.type === 'note') {
      this.engineNote = msg.text;
    } else if (msg.type === 'failed') {
      this.showNow();
      this.wanted = false;
      this.pausing = false;
      this.engineNote = msg.message;
      this.announce = `Training stopped: ${msg.message}`;
    } else if (msg.type === 'progress') {
      this.history.record(msg.step, msg, () => msg.params);
      this.latestGrads = msg.grads;
      this.latestRate = msg.stepsPerSecond;
      this.showSoon();
    } else if (msg.reason === 'paused') {
      this.showNow();
      if (this.pausing) this.announce = `Paused at step ${this.steps}, accuracy ${percent(this.numbers.accuracy)}`;
      this.pausing = false;
    } else if (msg.reason === 'finished') {
      this.showNow();
      this.wanted = false;
      this.finished = true;
      this.announce = `Finished after ${this.steps} steps: accuracy ${percent(this.numbers.accuracy)}`;
    }
  }

  /** Starts or stops the worker to match what the reader wants and whether the lab is on screen. */
  sync(): void {
    if (this.wanted && !this.offscreen && !this.tabHidden) {
      if (!this.ensureWorker()) {
        this.wanted = false;
        return;
      }
      this.send({ type: 'start', speed: this.speed });
    } else {
      this.send({ type: 'pause' });
    }
  }

  toggle(): void {
    if (this.finished) return;
    this.wanted = !this.wanted;
    this.pausing = !this.wanted && this.worker !== undefined;
    if (this.wanted) this.viewIndex = null;
    if (this.wanted || !this.pausing) this.announce = this.wanted ? 'Training' : `Paused at step ${this.steps}`;
    this.sync();
  }

  stepOnce(): void {
    if (this.wanted || this.finished) return;
    this.viewIndex = null;
    if (this.ensureWorker()) this.send({ type: 'step' });
  }

  setSpeed(index: number): void {
    this.speedIndex = Math.max(0, Math.min(SPEEDS.length - 1, index));
    this.send({ type: 'speed', speed: this.speed });
  }

  /** Back to step 0 with the current choices (the same starting weights: the seed decides them). */
  reset(reason = 'Reset to the untrained network'): void {
    this.generation += 1;
    this.wanted = false;
    this.pausing = false;
    this.finished = false;
    this.viewIndex = null;
    this.grads = this.latestGrads = null;
    this.stepsPerSecond = this.latestRate = 0;
    this.engineNote = null;
    this.history = this.freshHistory();
    this.version += 1;
    if (this.worker && this.workerEngine !== this.config.engine) {
      this.worker.terminate();
      this.worker = undefined;
    }
    this.send({
      type: 'configure',
      generation: this.generation,
      config: $state.snapshot(this.config) as LabConfig,
      bugs: { ...this.bugs },
    });
    this.announce = reason;
  }

  /** A new choice: training starts again, and the address records it. */
  choose(change: Partial<LabConfig>, what: string): void {
    this.config = normalise({ ...$state.snapshot(this.config), ...change } as LabConfig);
    if (this.chosen !== null && this.chosen >= this.data.xs.length) this.chosen = null;
    this.reset(`${what}: training starts again from step 0`);
    this.writeAddress();
  }

  setBug(bug: keyof Bugs, on: boolean, label: string): void {
    this.bugs[bug] = on;
    this.reset(`${label} ${on ? 'on' : 'off'}: training starts again from step 0`);
  }

  writeAddress(): void {
    if (typeof window === 'undefined') return;
    window.history.replaceState(window.history.state, '', `#${toHash(this.name, $state.snapshot(this.config) as LabConfig, this.base)}`);
  }

  // The reader's points. Any edit turns the set into "Your points", starting from what is on the plot.

  /** The points on the plot, to two decimals: what the address keeps, so a link reproduces the run exactly. */
  private editable(): { xs: Point[]; ys: number[] } {
    const d = this.data;
    return { xs: d.xs.map(([x, y]) => [round(x), round(y)] as const), ys: [...d.ys] };
  }

  /** A change to the points: the set becomes the reader's own, drawn on the region it had. */
  private edit(points: { xs: Point[]; ys: number[] }, what: string): void {
    this.choose({ data: 'yours', points, view: this.data.bounds }, what);
  }

  addPoint(x: number, y: number): void {
    const points = this.editable();
    points.xs.push([round(x), round(y)]);
    points.ys.push(this.pointClass);
    this.edit(
      points,
      `Added a point of class ${this.pointClass > 0 ? '+1' : '−1'} at (${formatLabNumber(x, 2)}, ${formatLabNumber(y, 2)}), ${points.xs.length} points`,
    );
  }

  movePoint(index: number, x: number, y: number): void {
    const points = this.editable();
    if (!points.xs[index]) return;
    points.xs[index] = [round(x), round(y)];
    this.edit(points, `Moved a point to (${formatLabNumber(x, 2)}, ${formatLabNumber(y, 2)})`);
  }

  removePoint(index: number): void {
    const points = this.editable();
    if (!points.xs[index]) return;
    points.xs.splice(index, 1);
    points.ys.splice(index, 1);
    this.edit(points, `Erased a point, ${points.xs.length} left`);
  }

  /** The point nearest (x, y) within `radius`, or -1. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1;
    let bestD = radius * radius;
    this.data.xs.forEach(([px, py], i) => {
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }

  get dataLabel(): string {
    return DATA_SET_LABELS[this.config.data];
  }

  get status(): string {
    void this.version;
    if (this.finished) return `Finished: ${STEP_LIMIT} steps.`;
    if (this.wanted && this.offscreen) return 'Paused while off screen.';
    if (this.wanted) return 'Training…';
    if (this.pausing) return 'Pausing…';
    if (this.viewIndex !== null && this.shown.step !== this.steps)
      return `Showing step ${this.shown.step} of ${this.steps}; training goes on from step ${this.steps}.`;
    if (this.steps > 0) return 'Paused.';
    return 'Not started.';
  }

  destroy(): void {
    this.worker?.terminate();
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;
