// The step-through's state on the page, as a runes class: the last state the
// stepper sent, what to flash, what to explain, where the pass stands, play
// with its pace, and the questions asked before a pass adds onto old grads.
// The live objects are elsewhere (a GraphSession); this only shows them.

import { SvelteMap } from 'svelte/reactivity';
import type { Trace, TraceNode } from '../../engine/trace.ts';
import { nameOf } from '../../engine/trace.ts';
import { valueNames } from '../../runtime/graph/names.ts';
import type { Explanation } from '../../runtime/graph/explain.ts';
import type { GraphSession } from '../../runtime/graph/session.ts';
import type { LogEntry, StepState } from '../../runtime/graph/stepper.ts';
import { askedOf } from '../../runtime/graph/asked.ts';
import type { Mark } from '../../runtime/graph/predict.ts';
import type { Forward } from '../../runtime/graph/forward.ts';
import { RECORD_LIMIT } from '../../runtime/graph/origins.ts';
import { formatNodeNumber } from '../../runtime/format.ts';

export type PassKind = 'backward' | 'play' | 'seed';

/** Lines of a cell the step-through points at: the line that made a value, or the closure that runs. */
export interface Pointed {
  cell: number;
  from: number;
  to: number;
}

/** Which pass the graph replays: the values being made, or their grads. */
export type Mode = 'forward' | 'backward';

/**
 * The words for what a step did, and the marking of predictions: set by the
 * step panel when it loads (with the engine's closures), so a page pays for
 * them only once its reader steps.
 */
export interface Words {
  explain(entry: LogEntry, trace: Trace): Explanation;
  spoken(e: Explanation): string;
  mark(entry: LogEntry, trace: Trace, answers: ReadonlyMap<number, string>): Mark[];
  /** How a value's data was computed (the forward pass's line). */
  made(node: TraceNode, trace: Trace): string;
  /** Marks a predicted data. */
  markData(node: TraceNode, trace: Trace, answer: string): Mark;
  /** Keeps the misses (and answers) of a first Check for the review. */
  remember?(place: ReviewPlace, entry: LogEntry, trace: Trace, marks: Mark[]): void;
}

/** Where a graph's predictions are reviewed: what the lesson must have (`cell:<id>`, `widget:GraphView:<example>`), and its element. */
export interface ReviewPlace {
  source: string;
  at: () => Element | null | undefined;
}

/** Calls per second, left to right: slow to fast. */
export const PACES = [0.5, 1, 2, 4, 8] as const;

/** What the forward pass says when the order values were made in is not known. */
export const UNKNOWN_ORDER = `The order these values were made in is not known (they were made before this cell ran, outside a cell, or after the first ${RECORD_LIMIT.toLocaleString('en-US')} of its run), so they appear in a topological order: each after its inputs.`;

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
  /** Predict first: a new `_backward` call asks for the grads it will change before it shows them. */
  predict = $state(false);
  /**
   * What is asked: a call's new grads (its log entry) or, in the forward pass,
   * the data of the value about to be made (`made`: its id); whether it is shown yet.
   */
  prediction = $state.raw<{ entry: LogEntry | null; made?: number; asked: number[]; shown: boolean } | null>(null);
  /** The reader's answers, by value id, as typed. */
  answers = new SvelteMap<number, string>();
  /** How the answers were marked, once checked. */
  marks = $state.raw<Mark[] | null>(null);
  /** Grads predicted right at the first Check, of all asked. */
  score = $state({ right: 0, asked: 0 });

  mode = $state<Mode>('backward');
  /** The forward pass as the worker recorded it; null: not recorded, so the trace's topological order. */
  forwardPass = $state.raw<Forward | null>(null);
  /** How many values of the forward order are made so far. */
  madeCount = $state(0);
  /** The reader has replayed the forward pass: backward then walks the same order in reverse. */
  forwardSeen = $state(false);
  /** A value the reader clicked to see the line that made it (until the next step). */
  clicked = $state<number | null>(null);

  private tail: Promise<unknown> = Promise.resolve();
  /** A forward step waiting for its predicted data to be checked (or Show me). */
  private heldMake: (() => void) | null = null;
  /** A call made but not shown yet, waiting for Check or Show me. */
  private held: { next: StepState; resolve: () => void } | null = null;
  private readonly session: GraphSession;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly offStale: () => void;

  /** '=': the engine-made values here are chapters 3-5's Value, whose closures set grads (../../runtime/graph/assigning-value.ts). */
  readonly closures: '=' | undefined;

  /** Where misses are kept for the review; none: they are not. */
  private readonly review: ReviewPlace | undefined;
  /** By hand (chapter 2): the base case is asked too, and the words speak of grads, not of calls. */
  readonly byHand: boolean;

  constructor(
    session: GraphSession,
    initial: Trace,
    options: {
      predict?: boolean;
      forward?: Forward | undefined;
      review?: ReviewPlace | undefined;
      byHand?: boolean;
      closures?: '=' | undefined;
    } = {},
  ) {
    this.session = session;
    this.closures = options.closures;
    this.review = options.review;
    this.byHand = options.byHand ?? false;
    this.trace = initial;
    this.predict = options.predict ?? false;
    this.forwardPass = options.forward ?? null;
    this.offStale = session.onStale(() => (this.stale = true));
  }

  readonly byId = $derived(new Map(this.trace.nodes.map((n) => [n.id, n])));
  readonly names = $derived(valueNames(this.trace));
  readonly name = (id: number): string => this.names.get(id) ?? nameOf(this.byId.get(id)?.label, id);

  /** The values in the order they were made (the trace's topological order when that is not known). */
  readonly forwardOrder = $derived(this.forwardPass?.order ?? this.trace.nodes.map((n) => n.id));
  readonly forwardKnown = $derived(this.forwardPass?.known ?? false);
  readonly madeIds = $derived(new Set(this.forwardOrder.slice(0, this.madeCount)));
  /** The value the forward pass made last, or null before the first. */
  readonly lastMade = $derived(this.madeCount > 0 ? (this.forwardOrder[this.madeCount - 1] ?? null) : null);
  /** How the last made value's data was computed, e.g. `n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814`. */
  readonly madeLine = $derived.by(() => {
    const node = this.lastMade === null ? undefined : this.byId.get(this.lastMade);
    return node && this.words ? this.words.made(node, this.trace) : '';
  });

  /**
   * The order backward() calls `_backward`, output first: the reverse topological
   * order, or, once the forward pass was replayed, its order reversed, so the
   * reader sees backward visit the same values the other way round.
   */
  readonly order = $derived(
    [...(this.forwardSeen ? this.forwardOrder.map((id) => this.byId.get(id)).filter((n) => n !== undefined) : this.trace.nodes)]
      .reverse()
      // By hand, a leaf has nothing to pass on: its (empty) call is not a step.
      .filter((n) => n.hasBackward && !(this.byHand && n.children.length === 0))
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

  /**
   * Each log entry's number as the log shows it: a call's place among the calls of its pass
   * (counted again from 1 after a base case or a zeroing), null for anything else. The header's
   * "call N of M" is read from the same numbers, so it always names the entry the log marks.
   */
  readonly callNumbers = $derived.by(() => {
    let n = 0;
    return this.log.map((e) => {
      if (e.kind === 'seed' || e.kind === 'zero') n = 0;
      return e.kind === 'call' ? ++n : null;
    });
  });

  /** Calls made in this pass up to the cursor (a repeated call counts again): the number of the last one. */
  readonly callsDone = $derived.by(() => {
    for (let i = this.cursor - 1; i >= this.passStart; i--) {
      const n = this.callNumbers[i];
      if (n !== null && n !== undefined) return n;
    }
    return 0;
  });

  readonly allZero = $derived(this.trace.nodes.every((n) => n.grad === 0 || n.grad === null));

  words = $state.raw<Words | null>(null);

  readonly explanation = $derived.by((): Explanation | null => {
    if (this.words === null || this.focus === null || this.focus >= this.log.length) return null;
    return this.words.explain(this.log[this.focus], this.trace);
  });

  /** The value the focused entry worked on, for the view to bring into sight. */
  readonly focusNode = $derived.by((): number | null => {
    if (this.mode === 'forward') return this.lastMade;
    const e = this.focus === null ? undefined : this.log[this.focus];
    return e && 'nodeId' in e ? e.nodeId : null;
  });

  /** The cell lines to point at: in the forward pass the line that made the value, in the backward the reader's closure that ran. */
  readonly pointed = $derived.by((): Pointed | null => {
    if (this.mode === 'forward') {
      const id = this.clicked ?? this.lastMade;
      const site = id === null ? undefined : this.forwardPass?.sites[id];
      return site ? { cell: site[0], from: site[1], to: site[1] } : null;
    }
    const e = this.focus === null ? undefined : this.log[this.focus];
    const code = e?.kind === 'call' ? e.code : undefined;
    return code?.cell !== undefined && code.lines ? { cell: code.cell, from: code.lines[0], to: code.lines[1] } : null;
  });

  /** Marks value `id` on the drawing as the closure inspector's pointer to it (null: none), until the next step. */
  inspect(id: number | null): void {
    this.clicked = id;
  }

  /** Points at the line that made value `id` (a click on it). */
  point(id: number): void {
    this.clicked = id;
    const site = this.forwardPass?.sites[id];
    if (site) this.announce = `${this.name(id)} was made at line ${site[1]} of cell ${site[0]}`;
  }

  /** The reader has stepped, or is asked something: the panel is needed (GraphView loads it then). */
  readonly used = $derived(this.revision > 0 || this.prediction !== null || this.asking !== null || this.stale || this.error !== '');

  /** Takes the stepper's answer: new numbers, what changed, what to explain. */
  private take(next: StepState, keepPrediction = false): void {
    if (!keepPrediction) {
      this.prediction = null;
      this.marks = null;
    }
    if (next.forward) this.forwardPass = next.forward;
    this.clicked = null;
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
      this.flash.set(id, `${formatNodeNumber(before.get(id)) || 'blank'} → ${formatNodeNumber(after.get(id)) || 'blank'}`);
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.flash.clear(), 2500);
    const e = this.explanation;
    const undone = next.focus !== null && next.focus >= next.cursor;
    this.announce = this.error || (e && this.words ? `${undone ? 'Undone: ' : ''}${this.words.spoken(e)}` : '');
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

  /**
   * One step, taken now (only ever inside `serial`). `ask`: a new call that,
   * with Predict first on, waits for the reader's answers before it shows.
   */
  private async exec(step: () => Promise<StepState>, ask = false): Promise<boolean> {
    try {
      const s = await step();
      const entry = s.focus === null ? undefined : s.log[s.focus];
      const asked = ask && this.predict && !s.stale && !s.error && entry ? askedOf(entry, this.byHand) : [];
      if (entry && asked.length > 0) {
        this.prediction = { entry, asked, shown: false };
        this.marks = null;
        this.answers.clear();
        const names = asked.map((id) => this.name(id)).join(', ');
        this.announce = this.byHand
          ? `Predict first: what is the grad of ${names}?`
          : `Predict first: after ${this.name(entry.kind === 'call' ? entry.nodeId : 0)}._backward(), what will the grad of ${names} be?`;
        // The queue waits here: the next step comes after Check or Show me.
        await new Promise<void>((resolve) => (this.held = { next: s, resolve }));
        return true;
      }
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
    return id === null ? Promise.resolve(false) : this.exec(() => this.session.call(id), true);
  }

  call(id: number): Promise<boolean> {
    this.asking = null;
    return this.serial(() => this.exec(() => this.session.call(id), true));
  }

  /**
   * Marks the answers. The first Check shows the call and counts toward the
   * score; a later one (a retry after a wrong answer) marks again.
   */
  check(): void {
    const q = this.prediction;
    if (q?.made !== undefined) return this.checkMade(q.made);
    if (!q || !this.words) return;
    const held = this.held;
    const entry = held && held.next.focus !== null ? held.next.log[held.next.focus] : q.entry;
    const trace = held ? held.next.trace : this.trace;
    if (!entry) return;
    const marks = this.words.mark(entry, trace, this.answers);
    if (held) {
      this.held = null;
      this.score = { right: this.score.right + marks.filter((m) => m.right).length, asked: this.score.asked + marks.length };
      if (this.review) this.words.remember?.(this.review, entry, trace, marks);
      this.take(held.next, true);
      this.prediction = { ...q, entry, shown: true };
      held.resolve();
    }
    this.marks = marks;
    const wrong = marks.filter((m) => !m.right);
    this.announce =
      wrong.length === 0 ? `Right: ${marks.map((m) => m.name).join(', ')}.` : wrong.map((m) => `${m.name}: ${m.rule}`).join('. ');
  }

  /** Shows the call (or the value made) without asking (never blocks). */
  showMe(): void {
    if (this.prediction?.made !== undefined) {
      this.prediction = null;
      this.marks = null;
      this.releaseMake(true);
      return;
    }
    const held = this.held;
    if (!held) {
      this.prediction = null;
      this.marks = null;
      return;
    }
    this.held = null;
    this.take(held.next);
    held.resolve();
  }

  /** Predict first on or off; turned off while asking, the call is shown. */
  togglePredict(): void {
    this.predict = !this.predict;
    if (!this.predict) this.showMe();
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
      if (!this.seeded && this.trace.nodes.find((n) => n.id === this.trace.root)?.grad !== 1)
        return this.exec(() => this.session.seed(), this.byHand);
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
        : this.closures === '='
          ? `${kind === 'play' ? 'Play' : 'backward()'} calls every _backward again; these closures set grads with =, so a second pass writes the same numbers`
          : `${kind === 'play' ? 'Play' : 'backward()'} calls every _backward again, and a closure that adds with += adds onto them`;
    return `The grads are not all 0. ${what}. Zero them first for a fresh pass?`;
  }

  private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  private async play(): Promise<void> {
    if (this.playing) return;
    this.playing = true;
    const instant = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    try {
      // Anything undone is dropped: play goes on from what is shown.
      if (!(await this.serial(() => (this.seeded ? Promise.resolve(true) : this.exec(() => this.session.seed(), this.byHand))))) return;
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

  /** Switches between replaying the forward pass and stepping the backward one. */
  setMode(mode: Mode): void {
    if (this.mode === mode) return;
    this.playing = false;
    this.showMe();
    this.mode = mode;
    this.clicked = null;
    if (mode === 'forward') this.forwardSeen = true;
    this.announce =
      mode === 'forward'
        ? `Forward pass: ${this.madeCount} of ${this.forwardOrder.length} values made.${this.forwardKnown ? '' : ` ${UNKNOWN_ORDER}`}`
        : 'Backward pass';
    this.revision++;
  }

  /**
   * Makes the next value of the forward pass. With Predict first on, an op's
   * data is asked first: this waits for Check or Show me.
   */
  async make(): Promise<void> {
    if (this.heldMake || this.madeCount >= this.forwardOrder.length) return;
    const id = this.forwardOrder[this.madeCount];
    const node = this.byId.get(id);
    if (this.predict && node && node.children.length > 0) {
      this.prediction = { entry: null, made: id, asked: [id], shown: false };
      this.marks = null;
      this.answers.clear();
      this.announce = `Predict first: what will the data of ${this.name(id)} be?`;
      await new Promise<void>((resolve) => (this.heldMake = resolve));
      return;
    }
    this.prediction = null;
    this.marks = null;
    this.advance();
  }

  private advance(): void {
    this.clicked = null;
    this.madeCount++;
    this.announce = this.madeLine;
    this.revision++;
  }

  /** The asked value is made; `go` false only when the question is dropped (a step back). */
  private releaseMake(go: boolean): void {
    const resolve = this.heldMake;
    this.heldMake = null;
    if (go) this.advance();
    resolve?.();
  }

  private checkMade(id: number): void {
    const node = this.byId.get(id);
    if (!node || !this.words) return;
    const mark = this.words.markData(node, this.trace, this.answers.get(id) ?? '');
    if (this.heldMake) {
      this.score = { right: this.score.right + (mark.right ? 1 : 0), asked: this.score.asked + 1 };
      this.prediction = { entry: null, made: id, asked: [id], shown: true };
      this.releaseMake(true);
    }
    this.marks = [mark];
    this.announce = mark.right ? `Right: ${mark.name}. ${this.madeLine}` : `${mark.name}: ${mark.rule}`;
  }

  /** Takes back the last value made (or the question about the next). */
  unmake(): void {
    if (this.heldMake) {
      this.prediction = null;
      this.marks = null;
      this.releaseMake(false);
      return;
    }
    this.prediction = null;
    this.marks = null;
    if (this.madeCount === 0) return;
    this.clicked = null;
    this.madeCount--;
    this.announce = this.madeCount === 0 ? 'No value made yet' : `Back to: ${this.madeLine}`;
    this.revision++;
  }

  /** Plays the forward pass from where it stands, one value at a time. */
  async playForward(): Promise<void> {
    if (this.playing) return;
    this.playing = true;
    const instant = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    try {
      if (this.madeCount >= this.forwardOrder.length) this.madeCount = 0;
      while (this.playing && this.mode === 'forward' && this.madeCount < this.forwardOrder.length) {
        if (!instant) await this.sleep(1000 / PACES[this.pace]);
        if (!this.playing) return;
        await this.make();
      }
    } finally {
      this.playing = false;
    }
  }

  destroy(): void {
    this.releaseMake(false);
    this.playing = false;
    this.held?.resolve();
    this.held = null;
    clearTimeout(this.flashTimer);
    this.offStale();
  }
}
