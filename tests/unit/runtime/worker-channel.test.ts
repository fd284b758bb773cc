// The page's line to the worker: the handshake hands over a private port,
// replies find their request by id whatever order they come in, a malformed
// reply fails its request, and closing voids whatever still waits.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerChannel, MALFORMED_REPLY, type WorkerEvent, type WorkerLike } from '../../../src/runtime/worker-channel.ts';
import { EARLIER_RUN } from '../../../src/runtime/graph/registry.ts';
import type { FromWorker, ToWorker } from '../../../src/runtime/protocol.ts';

/** A worker the test answers by hand through its end of the port. */
class HandWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  port: MessagePort | null = null;
  got: ToWorker[] = [];
  terminated = false;
  static all: HandWorker[] = [];
  constructor() {
    HandWorker.all.push(this);
    queueMicrotask(() => this.onmessage?.({ data: { type: 'ready' } } as MessageEvent<FromWorker>));
  }
  postMessage(m: ToWorker, transfer?: Transferable[]): void {
    if (m.type === 'init') {
      this.port = transfer?.[0] as MessagePort;
      this.port.onmessage = (e: MessageEvent<ToWorker>) => this.got.push(e.data);
    }
  }
  say(m: unknown): void {
    this.port!.postMessage(m);
  }
  terminate(): void {
    this.terminated = true;
    this.port?.close();
  }
}

/** Channels a test opened: closed after it, since an open port keeps Node running. */
const opened: WorkerChannel[] = [];

afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  for (const w of HandWorker.all) w.terminate();
  HandWorker.all = [];
});

function channel() {
  const events: WorkerEvent[] = [];
  const c = new WorkerChannel({
    createWorker: () => new HandWorker(),
    hide: [],
    onEvent: (m) => events.push(m),
    onFailure: () => undefined,
  });
  opened.push(c);
  return { c, events };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > 2000) assert.fail('waited 2 s');
    await new Promise((r) => setTimeout(r, 1));
  }
}

test('replies reach their own request, in any order; other messages go to onEvent', async () => {
  const { c, events } = channel();
  await c.connect();
  const w = HandWorker.all[0];
  const a = c.request({ type: 'ping' });
  const b = c.request({ type: 'graph', graphId: 1, op: 'call', args: [2] });
  await until(() => w.got.length === 2);
  assert.deepEqual(w.got[0], { type: 'ping', id: a.id });
  assert.equal((w.got[1] as { requestId: number }).requestId, b.id);
  const state = { trace: { root: 1, nodes: [], edges: [] }, log: [], cursor: 0, changed: [], focus: null, stale: false };
  w.say({ type: 'graph-state', requestId: b.id, state });
  w.say({ type: 'timers', cell: 3, live: true });
  w.say({ type: 'pong', id: a.id });
  assert.equal((await b.reply).type, 'graph-state');
  assert.deepEqual(await a.reply, { type: 'pong', id: a.id });
  assert.deepEqual(events, [{ type: 'timers', cell: 3, live: true }]);
});

test('a reply the page cannot read fails its request instead of leaving it waiting', async () => {
  const { c } = channel();
  await c.connect();
  const r = c.request({ type: 'graph', graphId: 1, op: 'call', args: [2] });
  HandWorker.all[0].say({ type: 'graph-state', requestId: r.id, state: 'not a state' });
  await assert.rejects(r.reply, { message: MALFORMED_REPLY });
});

test('closing ends the worker, bumps the generation and rejects what waits; a new connect starts a new worker', async () => {
  const { c } = channel();
  await c.connect();
  const r = c.request({ type: 'ping' });
  c.close();
  await assert.rejects(r.reply, { message: EARLIER_RUN });
  assert.equal(HandWorker.all[0].terminated, true);
  assert.equal(c.generation, 1);
  assert.equal(c.open, false);
  await assert.rejects(c.request({ type: 'ping' }).reply, { message: EARLIER_RUN });
  await c.connect();
  assert.equal(HandWorker.all.length, 2);
  assert.equal(c.open, true);
});
