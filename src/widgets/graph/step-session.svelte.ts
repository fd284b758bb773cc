// The step-through's state on the page, as a runes class: the last state the
// stepper sent, what to flash, what to explain, where the pass stands, play
// with its pace, and the questions asked before a pass adds onto old grads.
// The live objects are elsewhere (a GraphSession); this only shows them.

import { SvelteMap } from 'svelte/reactivity';
import type { Trace } from '../../engine/trace.ts';
import { nameOf } from '../../engine/trace.ts';
import { explain, spoken, type Explanation } from '../../runtime/graph/explain.ts';
import { ENGINE_CLOSURES } from '../../runtime/graph/engine-closures.ts';
import type { GraphSession } from '../../runtime/graph/session.ts';
import type { LogEntry, StepState } from '../../runtime/graph/stepper.ts';
import { formatNumber } from './layout.ts';

export type PassKind = 'backward' | 'play' | 'seed';

/** Calls per second, left to right: slow to fast. */
export const PACES = [0.5, 1, 2, 4, 8] as const;

export class StepSession {
  trace = $state.raw<Trace>({ root: 0, nodes: [], edges: [] });
  log = $state.raw<LogEntry[]>([]);
  cursor = $state(0);
  focus = $state<number | null>(null);
  stale = $state(false);
  error = $state('');
  /** "old → new" per value whose grad the last step changed. */
  flash = new SvelteMap<number, string>();
  playing = $state(false);
  /** Index into PACES. */
  pace = $state(2);
  /** A pass that would add onto grads that are not all 0, waiting for the reader's answer. */
  asking = $state<PassKind | null>(null);
  /** What a screen reader hears after each step. */
  announce = $state('');
  /** Bumped after every step, so the view can follow the value it worked on. */
  revision = $state(0);

  private tail: Promise<unknown> = Promise.resolve();
  private readonly session: GraphSession;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly offStale: () => void;

  constructor(session: GraphSession, initial: Trace) {
    this.session = session;
    this.trace = initial;
    this.offStale = session.onStale(() => (this.stale = true));
  }

  readonly byId = $derived(new Map(this.trace.nodes.map((n) => [n.id, n])));
  readonly name = (id: number): string => nameOf(this.byId.get(id)?.label, id);

  /** The reverse topological order: the order backward() calls `_backward`, output first. */
  readonly order = $derived(
    [...this.trace.nodes]
      .reverse()
      .filter((n) => n.hasBackward)
      .map((n) => n.id),
  );

  /** Where the current pass began in the log: after the last base case or zeroing before the cursor. */
  readonly passStart = $derived.by(() => {
    for (let i = this.cursor - 1; i >= 0; i--) {
      const e = this.log[i];
      if (e.kind === 'seed') return i;
      if (e.kind === 'zero') return i + 1;
    }
    return 0;
  });

  /** How often each value's _backward has run in this pass (up to the cursor). */
  readonly calls = $derived.by(() => {
    const m = new Map<number, number>();
    for (let i = this.passStart; i < this.cursor; i++) {
      const e = this.log[i];
      if (e.kind === 'call') m.set(e.nodeId, (m.get(e.nodeId) ?? 0) + 1);
    }
    return m;
  });

  readonly seeded = $derived(this.log.slice(this.passStart, this.cursor).some((e) => e.kind === 'seed'));

  /** The next call of the order that has not run in this pass, or null when the pass is done. */
  readonly next = $derived(this.order.find((id) => !this.calls.has(id)) ?? null);

  readonly callsDone = $derived(this.order.filter((id) => this.calls.has(id)).length);

  readonly allZero = $derived(this.trace.nodes.every((n) => n.grad === 0 || n.grad === null));

  readonly explanation = $derived.by((): Explanation | null => {
    if (this.focus === null || this.focus >= this.log.length) return null;
    return explain(this.log[this.focus], this.trace, ENGINE_CLOSURES);
  });

  /** The value the focused entry worked on, for the view to bring into sight. */
  readonly focusNode = $derived.by((): number | null => {
    const e = this.focus === null ? undefined : this.log[this.focus];
    return e && 'nodeId' in e ? e.nodeId : null;
  });

  /** Takes the stepper's answer: new numbers, what changed, what to explain. */
  private take(next: StepState): void {
    if (next.stale) {
      this.stale = true;
      this.announce = 'These values changed since the graph was drawn: redraw it before stepping.';
      return;
    }
    const before = new Map(this.trace.nodes.map((n) => [n.id, n.grad]));
    this.trace = next.trace;
    this.log = next.log;
    this.cursor = next.cursor;
    this.focus = next.focus;
    this.stale = false;
    this.error = next.error ?? '';
    this.flash.clear();
    const after = new Map(next.trace.nodes.map((n) => [n.id, n.grad]));
    for (const id of next.changed)
      this.flash.set(id, `${formatNumber(before.get(id)) || 'blank'} → ${formatNumber(after.get(id)) || 'blank'}`);
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.flash.clear(), 2500);
    const e = this.explanation;
    this.announce = this.error || (e ? spoken(e) : '');
    this.revision++;
  }

  /**
   * Runs the reader's actions one after another, each deciding what to do when
   * its turn comes: a click made while a step is on its way to the worker
   * waits for it instead of being dropped.
   */
  private serial<T>(action: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => action());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** One step, taken now (only ever inside `serial`). */
  private async exec(step: () => Promise<StepState>): Promise<boolean> {
    try {
      const s = await step();
      this.take(s);
      return !s.stale && !s.error;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.announce = this.error;
      return false;
    }
  }

  private run(step: () => Promise<StepState>): Promise<boolean> {
    return this.serial(() => this.exec(step));
  }

  /** The next call of the order, in the current pass (inside `serial`). */
  private callNext(): Promise<boolean> {
    const id = this.next;
    return id === null ? Promise.resolve(false) : this.exec(() => this.session.call(id));
  }

  call(id: number): Promise<boolean> {
    this.asking = null;
    return this.run(() => this.session.call(id));
  }

  zero(): Promise<boolean> {
    this.asking = null;
    return this.run(() => this.session.zero());
  }

  undo(): Promise<boolean> {
    return this.run(() => this.session.undo());
  }

  /** Redo what was undone; else the next call of the order (the base case first). */
  forward(): Promise<boolean> {
    return this.serial(() => {
      if (this.cursor < this.log.length) return this.exec(() => this.session.redo());
      if (!this.seeded && this.trace.nodes.find((n) => n.id === this.trace.root)?.grad !== 1) return this.exec(() => this.session.seed());
      return this.callNext();
    });
  }

  goto(cursor: number): Promise<boolean> {
    return this.run(() => this.session.goto(cursor));
  }

  async redraw(): Promise<void> {
    this.asking = null;
    await this.run(() => this.session.redraw());
  }

  /**
   * Starts a pass. When grads are not all 0 it asks first (a pass adds onto
   * them); `answer` is the reader's reply: zero them first, or add onto them.
   */
  async pass(kind: PassKind, answer?: 'zero' | 'add'): Promise<void> {
    const play = await this.serial(async () => {
      const fresh = this.allZero || (kind === 'play' && this.seeded && this.next !== null);
      if (!fresh && answer === undefined) {
        this.asking = kind;
        this.announce = this.question(kind);
        return false;
      }
      this.asking = null;
      if (answer === 'zero' && !(await this.exec(() => this.session.zero()))) return false;
      if (kind === 'backward') await this.exec(() => this.session.backward());
      else if (kind === 'seed') await this.exec(() => this.session.seed());
      return kind === 'play';
    });
    if (play) await this.play();
  }

  question(kind: PassKind): string {
    const what =
      kind === 'seed'
        ? 'Setting the base case leaves the other grads as they are'
        : `${kind === 'play' ? 'Play' : 'backward()'} adds onto them, as every _backward uses +=`;
    return `The grads are not all 0. ${what}. Zero them first for a fresh pass?`;
  }

  private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  private async play(): Promise<void> {
    if (this.playing) return;
    this.playing = true;
    const instant = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    try {
      // Anything undone is dropped: play goes on from what is shown.
      if (!(await this.serial(() => (this.seeded ? Promise.resolve(true) : this.exec(() => this.session.seed()))))) return;
      while (this.playing && this.next !== null) {
        if (!instant) await this.sleep(1000 / PACES[this.pace]);
        if (!this.playing) return;
        if (!(await this.serial(() => this.callNext()))) return;
      }
    } finally {
      this.playing = false;
    }
  }

  pause(): void {
    this.playing = false;
    this.announce = 'Paused';
  }

  destroy(): void {
    this.playing = false;
    clearTimeout(this.flashTimer);
    this.offStale();
  }
}
