// The lab's "Engine: Yours": the same messages as the lab's worker
// (../training/lab-protocol.ts), answered by training with the Value class the
// page's cells defined. Each step is one request to the cells' worker
// (Notebook.labSteps), under the page's time limit; the lab says what it saw
// when the engine fails to learn (../../runtime/lab-engine.ts's diagnose).

import type { Notebook } from '../../runtime/notebook.ts';
import { diagnose } from '../../runtime/lab-engine.ts';
import { dataOf, labNet, normalise, type LabConfig } from '../training/config.ts';
import type { LabData } from '../training/datasets.ts';
import { STEP_LIMIT, type FromLabWorker, type LabTrainer, type ToLabWorker } from '../training/lab-protocol.ts';
import {
  NO_BUGS,
  TOO_HIGH,
  accuracyOf,
  batchOf,
  createRun,
  learningRateAt,
  netFromParams,
  parameterValues,
  type Bugs,
} from '../training/trainer.ts';

export const NO_VALUE_OF_YOURS =
  "this page's cells have not defined a class Value of their own: run the cell that defines yours, then start again";

export class YourEngine implements LabTrainer {
  onmessage: ((event: MessageEvent<FromLabWorker>) => void) | null = null;
  private readonly notebook: Notebook;
  private generation = 0;
  private config: LabConfig = normalise({});
  private bugs: Bugs = NO_BUGS;
  private data: LabData = dataOf(this.config);
  private params: Float64Array<ArrayBufferLike> = new Float64Array();
  private steps = 0;
  private losses: number[] = [];
  private running = false;
  private busy = false;
  private speed = Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private times: number[] = [];
  private ended = false;

  constructor(notebook: Notebook) {
    this.notebook = notebook;
  }

  private post(msg: FromLabWorker): void {
    if (!this.ended) this.onmessage?.({ data: msg } as MessageEvent<FromLabWorker>);
  }

  postMessage(msg: ToLabWorker): void {
    if (msg.type === 'configure') {
      this.stop();
      this.generation = msg.generation;
      this.config = normalise(msg.config);
      this.bugs = msg.bugs;
      this.data = dataOf(this.config);
      this.params = parameterValues(createRun(this.config, this.data, this.bugs).model);
      this.steps = 0;
      this.losses = [];
    } else if (msg.type === 'start') {
      this.speed = msg.speed;
      if (this.running || this.steps >= STEP_LIMIT) return;
      this.running = true;
      this.times = [];
      void this.tick();
    } else if (msg.type === 'speed') {
      this.speed = msg.speed;
    } else if (msg.type === 'pause') {
      this.stop();
      // A step on its way is reported before the lab hears that training stopped.
      void this.idle().then(() => this.post({ type: 'stopped', generation: this.generation, reason: 'paused' }));
    } else if (msg.type === 'step') {
      if (!this.running && !this.busy) void this.stepOnce();
    }
  }

  terminate(): void {
    this.stop();
    this.ended = true;
  }

  private stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private async idle(): Promise<void> {
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const t0 = performance.now();
    const ok = await this.stepOnce();
    if (!ok || !this.running) return;
    if (this.steps >= STEP_LIMIT) {
      this.running = false;
      this.post({ type: 'stopped', generation: this.generation, reason: 'finished' });
      return;
    }
    const wait = this.speed === Infinity ? 0 : Math.max(0, 1000 / this.speed - (performance.now() - t0));
    this.timer = setTimeout(() => void this.tick(), wait);
  }

  /** One step with the reader's class; false when it could not be taken (the lab has been told why). */
  private async stepOnce(): Promise<boolean> {
    const generation = this.generation;
    const { config, data } = this;
    this.busy = true;
    try {
      const result = await this.notebook.labSteps({
        net: labNet(config, data.inputs),
        params: this.params,
        xs: data.xs,
        ys: data.ys,
        steps: [
          {
            indices: batchOf(config, data.xs.length, this.steps),
            rate: learningRateAt(config, this.steps) * (this.bugs.rateTooHigh ? TOO_HIGH : 1),
          },
        ],
        keepGrads: this.bugs.forgetZeroGrad,
      });
      if (generation !== this.generation) return false;
      if (!result.yours) {
        this.fail(NO_VALUE_OF_YOURS);
        return false;
      }
      this.params = result.params;
      this.steps += 1;
      const loss = result.losses[0] ?? 0;
      this.losses.push(loss);
      const net = netFromParams(config, result.params, data.inputs);
      const now = performance.now();
      this.times.push(now);
      while (this.times.length > 2 && now - this.times[0] > 1000) this.times.shift();
      const stepsPerSecond = this.times.length > 1 ? ((this.times.length - 1) * 1000) / (now - this.times[0]) : 0;
      this.post({
        type: 'progress',
        generation,
        step: this.steps,
        loss,
        accuracy: accuracyOf(net, data),
        testAccuracy: data.test.xs.length > 0 ? accuracyOf(net, data.test) : null,
        params: Float64Array.from(result.params),
        grads: result.grads,
        stepsPerSecond,
      });
      this.post({ type: 'note', generation, text: diagnose(this.losses, result.grads) });
      return true;
    } catch (e) {
      if (generation === this.generation) this.fail((e as Error).message);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private fail(message: string): void {
    this.stop();
    this.post({ type: 'failed', generation: this.generation, message });
  }
}
