// The page's line to the cell worker: the handshake that hands the worker a
// private port, the generation that voids everything of a replaced worker,
// and request/reply by id for runs, pings and graph steps alike. It knows
// nothing of cells: what the worker says besides replies goes to `onEvent`.

import type { FromWorker, ToWorker } from './protocol.ts';
import { readFromWorker } from './from-worker.ts';
import { EARLIER_RUN } from './graph/registry.ts';
import type { GraphOp } from './graph/ops.ts';

export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** The worker's answers to a request, each carrying the request's id. */
export type Reply = Extract<FromWorker, { type: 'done' | 'pong' | 'graph-state' | 'graph-failed' | 'lab-state' | 'lab-failed' }>;
/** Everything else the worker says: output, timers, staleness, 'started'. */
export type WorkerEvent = Exclude<FromWorker, Reply | { type: 'ready' }>;

/** A request whose id field the channel fills in. */
export type Request =
  | Omit<Extract<ToWorker, { type: 'run' }>, 'runId'>
  | Omit<Extract<ToWorker, { type: 'ping' }>, 'id'>
  /** A graph step; its op and args are checked where they are made (./graph/ops.ts). */
  | { type: 'graph'; graphId: number; op: GraphOp; args: number[] }
  | Omit<Extract<ToWorker, { type: 'lab' }>, 'requestId'>;

export const MALFORMED_REPLY = 'The graph came back too large or malformed to show; draw a smaller part of it.';

const REPLIES = new Set<FromWorker['type']>(['done', 'pong', 'graph-state', 'graph-failed', 'lab-state', 'lab-failed']);
const isReply = (m: FromWorker): m is Reply => REPLIES.has(m.type);

function replyId(m: Reply): number {
  return m.type === 'done' ? m.runId : m.type === 'pong' ? m.id : m.requestId;
}

function withId(r: Request, id: number): ToWorker {
  if (r.type === 'run') return { ...r, runId: id };
  if (r.type === 'ping') return { ...r, id };
  return { ...r, requestId: id } as ToWorker;
}

export interface ChannelOptions {
  createWorker: () => WorkerLike;
  hide: string[];
  onEvent: (m: WorkerEvent) => void;
  /** The worker failed to start or crashed (its onerror). */
  onFailure: (message: string) => void;
}

export class WorkerChannel {
  /** Bumped whenever the worker is replaced: ids and graphs of older generations are void. */
  generation = 0;
  private worker: WorkerLike | null = null;
  /**
   * The private channel, handed over at init: reader code can reach the
   * worker's global postMessage, but the page listens only here.
   */
  private port: MessagePort | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();

  private readonly options: ChannelOptions;

  constructor(options: ChannelOptions) {
    this.options = options;
  }

  /** A worker is up and its port handed over. */
  get open(): boolean {
    return this.port !== null;
  }

  /** Starts the worker if none runs; resolves once it holds its port. */
  connect(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const w = this.options.createWorker();
    this.worker = w;
    this.ready = new Promise<void>((resolve, reject) => {
      w.onerror = (e) => {
        const msg = e.message || 'the code runner could not start';
        if (this.worker === w) this.options.onFailure(msg);
        reject(new Error(msg));
      };
      w.onmessage = (event) => {
        if (event.data?.type !== 'ready' || this.worker !== w || this.port) return;
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e: MessageEvent<unknown>) => {
          if (this.worker === w) this.receive(e.data);
        };
        this.port = port1;
        w.postMessage({ type: 'init', hide: this.options.hide }, [port2]);
        // From now on the worker's own channel is reader territory: nothing on it is acted on.
        w.onmessage = null;
        resolve();
      };
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** A message that expects no reply. */
  post(m: ToWorker): void {
    this.port?.postMessage(m);
  }

  /**
   * Sends `r` under a fresh id; `reply` settles with the worker's answer, or
   * rejects with EARLIER_RUN when the worker is replaced first.
   */
  request(r: Request): { id: number; reply: Promise<Reply> } {
    const id = ++this.nextId;
    if (!this.port) return { id, reply: Promise.reject(new Error(EARLIER_RUN)) };
    const reply = new Promise<Reply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.port.postMessage(withId(r, id));
    return { id, reply };
  }

  /** Fails one waiting request (its time ran out) without touching the worker. */
  fail(id: number, error: Error): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.reject(error);
  }

  /** Ends the worker; every waiting request rejects with EARLIER_RUN. */
  close(): void {
    this.port?.close();
    this.port = null;
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.generation++;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new Error(EARLIER_RUN));
  }

  private receive(data: unknown): void {
    const m = readFromWorker(data);
    if (!m) return this.malformed(data);
    if (m.type === 'ready') return;
    if (isReply(m)) {
      const id = replyId(m);
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.resolve(m);
      return;
    }
    this.options.onEvent(m);
  }

  /** A message the page cannot act on (./from-worker.ts): a request waiting for it fails instead of waiting for ever. */
  private malformed(data: unknown): void {
    const id = (data as { requestId?: unknown } | null)?.requestId;
    if (typeof id === 'number') this.fail(id, new Error(MALFORMED_REPLY));
  }
}
