// The notebook's logic with a fake worker: which cells run, in what order,
// time limits, Stop, Restart, and graphs from an earlier worker.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Notebook,
  EARLIER_RUN,
  runawayMessage,
  stoppedMessage,
  type WorkerLike,
  type NotebookEvent,
} from '../../../src/runtime/notebook.ts';
import type { FromWorker, ToWorker } from '../../../src/runtime/protocol.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

/** Runs "cells" whose code is a tiny script: `log X`, `fail`, `hang`, `check-fail`. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: ToWorker[] = [];
  static ran: string[] = [];
  static created = 0;
  /** Every fake still open: the test's end closes their channels (an open port keeps Node alive). */
  static open = new Set<FakeWorker>();
  constructor() {
    FakeWorker.created++;
    FakeWorker.open.add(this);
    setTimeout(() => this.send({ type: 'ready' }), 1);
  }
  /** The page's private channel, handed over at init: after it, everything goes through it. */
  port: MessagePort | null = null;
  send(m: FromWorker): void {
    if (this.terminated) return;
    if (this.port) this.port.postMessage(m);
    else this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
  /** Set by a cell `slow-compile`: ends its compiling. */
  compiled: (() => void) | null = null;
  /** Set by a cell `spin`: the worker stays busy after the cell returned, so pings go unanswered. */
  spinning = false;
  postMessage(m: ToWorker, transfer?: Transferable[]): void {
    if (m.type === 'init') {
      this.port = transfer?.[0] as MessagePort;
      this.port.onmessage = (e: MessageEvent<ToWorker>) => this.postMessage(e.data);
    }
    this.received.push(m);
    if (m.type === 'stop-timers') {
      setTimeout(() => this.send({ type: 'timers', cell: m.cell, live: false }), 1);
      return;
    }
    if (m.type === 'ping') {
      if (!this.spinning) setTimeout(() => this.send({ type: 'pong', id: m.id }), 1);
      return;
    }
    if (m.type === 'run') {
      // Like the real worker: 'started' once compiled, then the code (which may never end).
      if (m.code !== 'slow-compile') this.send({ type: 'started', runId: m.runId });
      if (m.code === 'hang') {
        // Prints once, so a test sees (after 'started', on the same channel) that it began.
        this.send({ type: 'output', runId: m.runId, items: [{ kind: 'log', level: 'log', text: 'looping' }] });
        return;
      }
      if (m.code === 'spin') this.spinning = true;
      if (m.code === 'late') {
        // Prints once more after it returned, as a timer would.
        setTimeout(() => this.send({ type: 'output', runId: m.runId, items: [{ kind: 'log', level: 'log', text: 'later' }] }), 5);
      }
      if (m.code === 'slow-compile') {
        // The test says when compiling ends.
        this.compiled = () => {
          this.send({ type: 'started', runId: m.runId });
          this.send({ type: 'done', runId: m.runId, ok: true });
        };
        return;
      }
      FakeWorker.ran.push(m.code);
      if (m.code === 'interval') setTimeout(() => this.send({ type: 'timers', cell: m.cell, live: true }), 3);
      setTimeout(() => {
        this.send({ type: 'output', runId: m.runId, items: [{ kind: 'log', level: 'log', text: m.code }] });
        const ok = m.code !== 'fail';
        this.send({
          type: 'done',
          runId: m.runId,
          ok,
          ...(m.check !== undefined ? { check: { passed: m.check === 'pass', message: 'nope' } } : {}),
        });
      }, 1);
    } else if (m.type === 'lab') {
      const { requestId, job } = m;
      if (job.steps.length === 666) return; // the reader's class loops
      if (job.steps.length === 13) {
        setTimeout(
          () => this.send({ type: 'lab-failed', requestId, message: 'your Value has no relu() method, which this network needs' }),
          1,
        );
        return;
      }
      const params = Array.from(job.params, (p) => p - job.steps.length);
      setTimeout(
        () =>
          this.send({ type: 'lab-state', requestId, yours: true, params, grads: params.map(() => 1), losses: job.steps.map(() => 0.5) }),
        1,
      );
    } else if (m.type === 'graph') {
      const req = m;
      if (req.op === 'call' && req.args[0] === 666) return; // a _backward that never returns
      const state = { trace: { root: 1, nodes: [], edges: [] }, log: [], cursor: 0, changed: [1], focus: null, stale: false };
      setTimeout(() => this.send({ type: 'graph-state', requestId: req.requestId, state }), 1);
    }
  }
  terminate(): void {
    this.terminated = true;
    this.port?.close();
    FakeWorker.open.delete(this);
  }
}

// The channel's ports stay referenced while a test waits on them: an unreferenced port let
// Node's event loop end with a message still in flight, cancelling the tests after it.
afterEach(() => {
  for (const w of FakeWorker.open) w.terminate();
});

/** Waits until `cond` holds (a message arrives on a later task), failing after 5 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 5000) assert.fail(`still waiting after 5 s: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** `timeout`: the cells' limit in seconds, on a clock only the test moves (clock.advance). */
function setup(codes: string[], timeout?: number) {
  const clock = new FakeClock();
  FakeWorker.ran = [];
  FakeWorker.created = 0;
  const workers: FakeWorker[] = [];
  const nb = new Notebook({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    hide: ['Value'],
    clock,
    ...(timeout ? { timeout } : {}),
  });
  const code = [...codes];
  codes.forEach((_, i) => nb.register(i + 1, { code: () => code[i] }));
  const events: NotebookEvent[] = [];
  nb.subscribe((e) => events.push(e));
  return { nb, code, workers, events, clock };
}

test('running cell 3 first runs cells 1 and 2, in order, in one worker', async () => {
  const { nb, workers } = setup(['one', 'two', 'three']);
  assert.deepEqual(nb.plan(3), [1, 2, 3]);
  assert.equal(await nb.run(3), true);
  assert.deepEqual(FakeWorker.ran, ['one', 'two', 'three']);
  assert.equal(workers.length, 1);
  assert.deepEqual(workers[0].received[0], { type: 'init', hide: ['Value'] });
  // Only the first message, "ready", is read from the worker's own channel; the rest is private.
  workers[0].onmessage?.({ data: { type: 'done', runId: 99, ok: true } } as MessageEvent<FromWorker>);
  assert.equal(workers[0].onmessage, null);
  assert.deepEqual(nb.state(2)?.outputs, [{ kind: 'log', level: 'log', text: 'two' }]);
  assert.equal(nb.state(3)?.status, 'done');
});

test('a cell edited since it ran runs again before a later one; unchanged ones do not', async () => {
  const { nb, code } = setup(['one', 'two', 'three']);
  await nb.runAll();
  FakeWorker.ran = [];
  code[0] = 'one v2';
  nb.edited(1);
  assert.equal(nb.state(1)?.dirty, true);
  await nb.run(3);
  assert.deepEqual(FakeWorker.ran, ['one v2', 'three']);
});

test('an error stops the plan and marks the later cells not run', async () => {
  const { nb } = setup(['one', 'fail', 'three']);
  assert.equal(await nb.run(3), false);
  assert.deepEqual(FakeWorker.ran, ['one', 'fail']);
  assert.equal(nb.state(2)?.status, 'error');
  assert.equal(nb.state(3)?.status, 'not-run');
  assert.equal(nb.state(3)?.blockedBy, 2, 'it names the cell that did not finish');
});

test('time spent compiling, before the code starts, does not count toward the limit', async () => {
  const { nb, workers, clock } = setup(['slow-compile'], 0.1);
  const run = nb.run(1);
  await until(() => workers[0]?.compiled !== null && workers[0]?.compiled !== undefined, 'the run sent');
  clock.advance(5000); // compiling takes 5 s on a slow device
  assert.equal(nb.running, 1, 'still compiling, not stopped');
  workers[0].compiled!();
  assert.equal(await run, true);
  assert.equal(nb.state(1)?.status, 'done');
});

test('a run over its time limit is stopped, the worker replaced, later cells not run, the next run works', async () => {
  const { nb, code, workers, clock } = setup(['hang', 'two'], 0.1);
  const run = nb.run(2);
  await until(() => nb.state(1)?.outputs.length === 1, 'cell 1 began');
  clock.advance(99);
  assert.equal(nb.running, 1, 'not before its limit');
  clock.advance(1);
  assert.equal(await run, false);
  assert.equal(workers[0].terminated, true);
  assert.equal(nb.state(1)?.status, 'stopped');
  assert.deepEqual(nb.state(1)?.outputs.at(-1), { kind: 'notice', text: stoppedMessage(0.1) });
  assert.equal(nb.state(2)?.status, 'not-run');
  assert.equal(nb.state(2)?.blockedBy, 1);
  code[0] = 'fixed';
  assert.equal(await nb.run(2), true);
  assert.equal(workers.length, 2, 'a fresh worker, started lazily');
  assert.deepEqual(FakeWorker.ran, ['fixed', 'two']);
});

test('the default limit is 2 s and the message says so', () => {
  assert.equal(stoppedMessage(2), 'Stopped after 2 s — does the code loop forever?');
});

test('Stop ends the running cell', async () => {
  const { nb } = setup(['hang']);
  const p = nb.run(1);
  await until(() => nb.running === 1, 'cell 1 running');
  nb.stop();
  assert.equal(await p, false);
  assert.equal(nb.state(1)?.status, 'stopped');
  assert.equal(nb.running, null);
});

test('Restart clears outputs and forgets what ran; old graphs are refused', async () => {
  const { nb, workers } = setup(['one', 'two']);
  await nb.runAll();
  const stepper = nb.graph({ kind: 'graph', graphId: 1, trace: { root: 1, nodes: [], edges: [] }, worker: 0 });
  const r = await stepper.backward();
  assert.deepEqual(r.changed, [1]);
  assert.equal(workers[0].received.filter((m) => m.type === 'graph' && m.op === 'backward').length, 1);
  // The worker says a graph's objects changed: its session hears it, others do not.
  let heard = 0;
  const off = stepper.onStale(() => heard++);
  workers[0].send({ type: 'graphs-stale', graphIds: [1, 2] });
  await until(() => heard > 0, 'the stale graph heard'); // the private channel delivers on a later task
  assert.equal(heard, 1);
  off();
  nb.restart();
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(nb.state(1)?.outputs, []);
  assert.equal(nb.state(1)?.ran, false);
  await assert.rejects(stepper.call(1), { message: EARLIER_RUN });
  FakeWorker.ran = [];
  await nb.run(2);
  assert.deepEqual(FakeWorker.ran, ['one', 'two']);
});

test('an exercise check reports pass or the failing message', async () => {
  const { nb } = setup(['answer']);
  assert.deepEqual(await nb.check(1, 'pass'), { passed: true, message: 'nope' });
  assert.equal((await nb.check(1, 'assert')).passed, false);
});

test('a cell meant to show an error does not stop the cells after it', async () => {
  FakeWorker.ran = [];
  const nb = new Notebook({ createWorker: () => new FakeWorker() });
  const codes = ['one', 'fail', 'three'];
  codes.forEach((c, i) => nb.register(i + 1, { code: () => c, expectError: i === 1 }));
  assert.equal(await nb.runAll(), true);
  assert.deepEqual(FakeWorker.ran, ['one', 'fail', 'three']);
  assert.equal(nb.state(2)?.status, 'error');
  assert.equal(nb.state(3)?.status, 'done');
});

test('Restart during Run all leaves every cell idle and empty', async () => {
  const { nb } = setup(['one', 'hang', 'three']);
  const p = nb.runAll();
  await until(() => nb.running === 2, 'cell 2 running');
  nb.restart();
  assert.equal(await p, false);
  await nb.idle();
  for (const n of [1, 2, 3]) {
    assert.equal(nb.state(n)?.status, 'idle', `cell ${n}`);
    assert.deepEqual(nb.state(n)?.outputs, []);
  }
});

test('a cell added later runs in page order; a removed one no longer runs, even if a plan included it', async () => {
  const { nb } = setup(['log a', 'log b']);
  nb.register(3, { code: () => 'log c' });
  assert.deepEqual(nb.order(), [1, 2, 3]);
  assert.equal(await nb.run(3), true);
  assert.deepEqual(FakeWorker.ran, ['log a', 'log b', 'log c']);

  FakeWorker.ran = [];
  const all = nb.runAll();
  nb.unregister(2); // removed while Run all waits for its turn
  assert.equal(await all, true);
  assert.deepEqual(FakeWorker.ran, ['log a', 'log c']);
  assert.deepEqual(nb.order(), [1, 3]);
  assert.equal(nb.state(2), undefined);
});

test('output sent after a cell returned (a timer) lands under that cell', async () => {
  const { nb } = setup(['late', 'two']);
  await nb.run(1);
  await nb.run(2);
  await until(() => (nb.state(1)?.outputs.length ?? 0) > 1, "cell 1's late output");
  assert.deepEqual(
    nb.state(1)?.outputs.map((o) => (o.kind === 'log' ? o.text : o.kind)),
    ['late', 'later'],
  );
  assert.deepEqual(
    nb.state(2)?.outputs.map((o) => (o.kind === 'log' ? o.text : o.kind)),
    ['two'],
  );
});

test('an async loop left spinning is stopped and reported in the cell that started it, not the next one', async () => {
  const { nb, workers, code, clock } = setup(['spin', 'two'], 0.1);
  assert.equal(await nb.run(1), true);
  const second = nb.run(2);
  await until(() => workers[0].received.some((m) => m.type === 'ping'), 'the worker asked whether it is free');
  clock.advance(99);
  assert.equal(nb.state(1)?.status, 'done', 'not before its limit');
  clock.advance(1);
  assert.equal(await second, false);
  assert.equal(workers[0].terminated, true);
  assert.equal(nb.state(1)?.status, 'stopped');
  assert.deepEqual(nb.state(1)?.outputs.at(-1), { kind: 'notice', text: runawayMessage(0.1) });
  assert.equal(nb.state(2)?.status, 'not-run');
  assert.equal(nb.state(2)?.blockedBy, 1);
  // Fixed, the next run gets a fresh worker and works.
  code[0] = 'one';
  assert.equal(await nb.run(2), true);
});

test("a cell holding a shared link's code runs only by its own Run: a later cell and Run all stop at it", async () => {
  const { nb } = setup(['one', 'shared', 'three']);
  nb.hold(2);
  assert.equal(await nb.run(3), false);
  assert.deepEqual(FakeWorker.ran, ['one']);
  assert.equal(nb.state(3)?.status, 'not-run');
  assert.equal(nb.state(3)?.blockedBy, 2);
  assert.equal(nb.state(3)?.blockedWhy, 'held');
  assert.equal(nb.state(2)?.status, 'idle', 'not run, not marked as failed');
  assert.equal(await nb.runAll(), false);
  assert.deepEqual(FakeWorker.ran, ['one', 'one'], 'Run all runs cell 1 again and stops at cell 2');
  assert.equal(await nb.run(2), true, 'its own Run runs it');
  assert.equal(await nb.run(3), true);
  assert.deepEqual(FakeWorker.ran, ['one', 'one', 'shared', 'three']);
});

test('a cell that returned with timers still firing shows as such; Stop clears them without a new worker', async () => {
  const { nb, workers } = setup(['interval']);
  await nb.run(1);
  await until(() => nb.state(1)?.background === true, 'the timers reported live');
  assert.equal(nb.state(1)?.status, 'done');
  nb.stop(1);
  await until(() => nb.state(1)?.background === false, 'the timers cleared');
  assert.equal(workers.length, 1);
  assert.ok(workers[0].received.some((m) => m.type === 'stop-timers' && m.cell === 1));
});

test("a graph step that never returns is stopped at the drawing cell's limit and blamed on it", async () => {
  const { nb, workers, clock } = setup(['draw'], 0.1);
  await nb.run(1);
  await nb.idle();
  const item = { kind: 'graph' as const, graphId: 1, trace: { root: 1, nodes: [], edges: [] } };
  nb.state(1)!.outputs.push(item);
  const session = nb.graph(item);
  const step = session.call(666);
  await until(() => workers[0].received.some((m) => m.type === 'graph'), 'the step sent');
  clock.advance(100);
  await assert.rejects(step, /a _backward call on this cell's graph did not return/);
  assert.equal(nb.state(1)?.status, 'stopped');
  assert.equal(workers[0].terminated, true);
  assert.equal(await nb.run(1), true, 'the next run works, in a new worker');
});

test('a cell stuck behind one that did not finish can run without it', async () => {
  const { nb, clock } = setup(['hang', 'two'], 0.1);
  const run = nb.run(2);
  await until(() => nb.state(1)?.outputs.length === 1, 'cell 1 began');
  clock.advance(100);
  assert.equal(await run, false);
  assert.equal(nb.state(2)?.status, 'not-run');
  assert.equal(nb.state(2)?.blockedBy, 1);
  // Run again as it is: cell 1 runs first and loops again.
  FakeWorker.ran = [];
  assert.equal(await nb.run(2, { skip: [1] }), true);
  assert.deepEqual(FakeWorker.ran, ['two']);
  assert.equal(nb.state(2)?.status, 'done');
});

test("the lab's steps with the page's own Value: the reply, a failure in a sentence, and the time limit for a class that loops", async () => {
  const { nb, workers, clock } = setup(['one'], 2);
  const job = (n: number) => ({
    net: { sizes: [2, 1], activation: 'relu' as const, output: 'linear' as const, loss: 'margin' as const, l2: 0 },
    params: [1, 2, 3],
    xs: [[0, 0]],
    ys: [1],
    steps: Array.from({ length: n }, () => ({ indices: [0], rate: 0.1 })),
  });
  const out = await nb.labSteps(job(2));
  assert.equal(out.yours, true);
  assert.deepEqual([...out.params], [-1, 0, 1]);
  assert.deepEqual(out.losses, [0.5, 0.5]);
  await assert.rejects(nb.labSteps(job(13)), /no relu\(\) method/);
  const looping = nb.labSteps(job(666));
  await until(() => workers[0].received.filter((m) => m.type === 'lab').length === 3, 'the third lab request sent');
  clock.advance(2500);
  await assert.rejects(looping, /a training step with your Value did not return/);
  assert.equal(workers[0].terminated, true, 'the worker is replaced');
  assert.deepEqual([...(await nb.labSteps(job(1))).params], [0, 1, 2], 'and the next request works');
});
