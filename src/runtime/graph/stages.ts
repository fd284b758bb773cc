// What a drawn graph lets the reader do, staged by the lesson: a chapter
// teaches one idea at a time, so its graphs offer only the controls that idea
// has introduced. A chapter sets a default in its frontmatter
// (`graph: { stage: 'calls' }`); `draw(v, { stage })` and
// `<GraphView stage="…" />` override it. `hand` is chapter 2's, before any
// `_backward` is written: the reader fills in each grad from the output back,
// and the calls are only the machinery that checks them.

export const GRAPH_STAGES = ['data', 'hand', 'calls', 'ordered', 'backward'] as const;
export type GraphStage = (typeof GRAPH_STAGES)[number];

/** The playground and any page that says nothing: everything. */
export const DEFAULT_STAGE: GraphStage = 'backward';

export interface StageControls {
  /** "call x._backward()" on each node whose _backward is a function, set grad = 1, zero grads, the explanation. */
  calls: boolean;
  /** The call log, step back / step forward, play with its pace, "call 3 of 6". */
  ordered: boolean;
  /** The whole pass in one click. */
  backward: boolean;
  /** By hand: every grad is asked, the output's too, one node after another; no call buttons, no closures shown. */
  byHand?: boolean;
}

const CONTROLS: Record<GraphStage, StageControls> = {
  data: { calls: false, ordered: false, backward: false },
  hand: { calls: true, ordered: true, backward: false, byHand: true },
  calls: { calls: true, ordered: false, backward: false },
  ordered: { calls: true, ordered: true, backward: false },
  backward: { calls: true, ordered: true, backward: true },
};

export function controlsOf(stage: GraphStage): StageControls {
  return CONTROLS[stage];
}

export function isGraphStage(x: unknown): x is GraphStage {
  return typeof x === 'string' && (GRAPH_STAGES as readonly string[]).includes(x);
}

/** The message for a stage that is not one of GRAPH_STAGES. */
export function badStage(where: string, got: unknown): string {
  const list = GRAPH_STAGES.map((s) => `"${s}"`).join(', ');
  return `${where}: unknown graph stage ${typeof got === 'string' ? `"${got}"` : String(got)}; use one of ${list}`;
}
