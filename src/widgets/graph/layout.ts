// From a trace to positioned shapes, the picture micrograd's `draw_dot` makes:
// left to right, each value a record `label | data 0.7071 | grad 0.5000`, each
// op a small round node feeding its result. A graph too long for the text
// column that way stacks each record's three fields (label over data over
// grad), about half as wide, so a lesson's neuron is seen whole. Pure
// TypeScript (dagre only), so node's test runner and the bench import it as is.

import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { Trace, TraceNode } from '../../engine/trace.ts';
import type { edgeLabels as localLabels } from '../../runtime/graph/edge-labels.ts';
import { formatNodeNumber } from '../../runtime/format.ts';
import { valueNames } from '../../runtime/graph/names.ts';
import type { layeredLayout } from './layered.ts';
import { CHAR_WIDTH, FONT_SIZE } from './sizes.ts';

// Sizes the drawing shares with views that never lay a graph out (they load no dagre).
export { CHAR_WIDTH, FONT_SIZE, FRAME, MIN_TEXT_PX, READABLE, fitScale, meets } from './sizes.ts';

/** Above this many values the view shows the table and a message instead of a drawing (a host may allow more). */
export const MAX_DRAWN_VALUES = 500;
/**
 * Above this many values dagre is too slow for a click (over a second at 1,000): a host that
 * allows more passes the layered layout (./layered.ts), which then takes over. It is passed,
 * not imported here, so pages whose graphs stay small do not load it.
 */
export const DAGRE_UP_TO = 500;

const PAD = 8;
const RECORD_HEIGHT = 30;
/** A stacked record's row: three make it. */
const ROW = 20;
/**
 * Widest a graph may be drawn with records in a row: the lesson column (70ch,
 * 757 px) at the smallest readable scale (11 px text) holds about 890 px.
 */
export const ROW_FORM_UP_TO = 880;
const OP_SIZE = 32;
/** The call button's width at the left of a record. */
export const LEAD = 26;
/** The gaps between shapes; a stacked drawing's ranks sit closer, so the neuron fits the column. */
const SPACING = { nodesep: 24, ranksep: 36, marginx: 8, marginy: 22 }; // marginy: room for the "old → new" flash above the top record
// Stacked records are tighter all round, so the neuron fits a cell's output (about 730 px) at 11 px text.
const COMPACT_RANKSEP = 16;
const COMPACT_PAD = 5;
const COMPACT_LEAD = 20;
const EDGE_LABEL_HEIGHT = FONT_SIZE + 4;
/** How far apart two edges between the same shapes bow (a + a). */
const BOW = 9;

/** A field of a record, relative to the record's top left. */
export interface Field {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ValueInput {
  kind: 'value';
  key: string;
  id: number;
  /** The label, or for an unlabelled value the expression that made it (`exp(a)`, names.ts). */
  label: string;
  /** The value has no label of its own (the drawing shows its expression, muted). */
  unlabelled: boolean;
  /** e.g. "data 0.7071" ("data" alone when missing). */
  dataText: string;
  gradText: string;
  op: string;
  isRoot: boolean;
  isLeaf: boolean;
  hasBackward: boolean;
  width: number;
  height: number;
  /** Width of the call button at the record's left, beside the label (0 without one). */
  lead: number;
  /** Where each field is drawn; data and grad are null in a label-only drawing. */
  fields: { label: Field; data: Field | null; grad: Field | null };
}

export interface OpInput {
  kind: 'op';
  key: string;
  /** The value this op produces. */
  resultId: number;
  symbol: string;
  width: number;
  height: number;
}

export interface LayoutInput {
  values: ValueInput[];
  ops: OpInput[];
  /** [from key, to key]: child → op → result (child → result when there is no op). A value used twice (a + a) has two. */
  edges: [string, string][];
  /** With the edgeLabels option: each edge's local derivative (`×w1.data = −3`), '' for none; by edge index. */
  edgeText: string[];
}

export interface LayoutOptions {
  /** Room for a call button on each value whose _backward is a function. */
  callable?: boolean;
  /** 'label' draws each value as its label alone (a graph about order, not numbers). */
  fields?: 'all' | 'label';
  /** Write each edge into an op's local derivative on it (`×1`, `×w1.data = −3`). */
  /**
   * Writes each edge's local derivative on it: ../../runtime/graph/edge-labels.ts's edgeLabels, passed
   * by a host that shows them (it reads the explanations' rules, which other pages load only with the step panel).
   */
  edgeLabels?: typeof localLabels | undefined;
}

export interface Point {
  x: number;
  y: number;
}

export type PlacedValue = ValueInput & Point;
export type PlacedOp = OpInput & Point;

export interface PlacedEdge {
  /** Unique per edge: `from>to`, with `#2` for the second of two edges between the same shapes. */
  key: string;
  from: string;
  to: string;
  points: Point[];
  /** The local derivative written on the edge, centred at x, y (the edgeLabels option). */
  label?: { text: string; x: number; y: number };
}

export type GraphLayout =
  | {
      tooLarge: false;
      values: PlacedValue[];
      ops: PlacedOp[];
      edges: PlacedEdge[];
      width: number;
      height: number;
      /** Shapes, sizes and edges: when a step leaves it unchanged, the positions are reused. */
      signature: string;
    }
  | { tooLarge: true; valueCount: number };

/** Above this many values dagre runs its cheaper settings (longest-path ranking, one ordering heuristic). */
export const FAST_LAYOUT_FROM = 100;

export const valueKey = (id: number): string => `v${id}`;
export const opKey = (id: number): string => `op${id}`;

function textWidth(text: string, minChars = 1, pad = PAD): number {
  return Math.max(minChars, text.length) * CHAR_WIDTH + 2 * pad;
}

// Room for "grad -0.0000" whatever the number, so a step that changes a grad
// changes no size, and the drawing keeps its positions.
const NUMBER_CHARS = 'grad -0.0000'.length;

function labelled(text: string, n: number | null): string {
  const s = formatNodeNumber(n);
  return s === '' ? text : `${text} ${s}`;
}

/** The nodes and edges to lay out, before positions: what the unit tests look at. */
export function layoutInput(trace: Trace, options: LayoutOptions = {}): LayoutInput {
  const values: ValueInput[] = [];
  const ops: OpInput[] = [];
  const edges: [string, string][] = [];
  const edgeText: string[] = [];
  const names = valueNames(trace);
  const locals = options.edgeLabels ? options.edgeLabels(trace, names) : null;
  const compact = options.fields !== 'label' && rowFormWidth(trace, names, options, ROW_FORM_UP_TO) > ROW_FORM_UP_TO;
  for (const node of trace.nodes) {
    values.push(valueInput(node, names.get(node.id) ?? '', node.id === trace.root, options, compact));
    const target = node.op !== '' ? opKey(node.id) : valueKey(node.id);
    if (node.op !== '') {
      ops.push({
        kind: 'op',
        key: opKey(node.id),
        resultId: node.id,
        symbol: node.op,
        width: opWidth(node.op),
        height: OP_SIZE,
      });
      edges.push([opKey(node.id), valueKey(node.id)]);
      edgeText.push('');
    }
    // One edge per use: a + a has two arrows from a, as the lesson on accumulation needs.
    const texts = locals?.get(node.id);
    for (let i = 0; i < node.children.length; i++) {
      edges.push([valueKey(node.children[i]), target]);
      edgeText.push(texts?.[i] ?? '');
    }
  }
  return { values, ops, edges, edgeText };
}

const opWidth = (op: string): number => Math.max(OP_SIZE, op.length * CHAR_WIDTH + 12);

/**
 * About how wide the graph is with its records in a row, without running
 * dagre: per rank (a value's longest path from a leaf) its widest record and
 * op, and the gaps between them. It only grows, so it stops once past `limit`.
 */
function rowFormWidth(trace: Trace, names: ReadonlyMap<number, string>, options: LayoutOptions, limit: number): number {
  const rankOf = new Map<number, number>();
  const widest: number[] = [];
  const fixed = (options.callable ? LEAD : 0) + 2 * textWidth('', NUMBER_CHARS);
  let total = 2 * SPACING.marginx;
  for (const n of trace.nodes) {
    let rank = 0;
    for (const c of n.children) rank = Math.max(rank, (rankOf.get(c) ?? 0) + 1);
    rankOf.set(n.id, rank);
    const w = fixed + textWidth(names.get(n.id) ?? '') + (n.op ? opWidth(n.op) + 2 * SPACING.ranksep : 0);
    if (w > (widest[rank] ?? 0)) {
      total += w - (widest[rank] ?? 0);
      widest[rank] = w;
      if (total > limit) break;
    }
  }
  return total;
}

function valueInput(node: TraceNode, label: string, isRoot: boolean, options: LayoutOptions, compact: boolean): ValueInput {
  const dataText = labelled('data', node.data);
  const gradText = labelled('grad', node.grad);
  const full = options.fields !== 'label';
  const pad = compact ? COMPACT_PAD : PAD;
  const lead = options.callable && node.hasBackward ? (compact ? COMPACT_LEAD : LEAD) : 0;
  const l = textWidth(label, 1, pad);
  const n = textWidth('', NUMBER_CHARS, pad);
  let fields: ValueInput['fields'];
  let width: number;
  let height: number;
  if (!full) {
    width = lead + l;
    height = RECORD_HEIGHT;
    fields = { label: { x: lead, y: 0, w: l, h: height }, data: null, grad: null };
  } else if (compact) {
    // Stacked: the call button beside the label on the top row, data and grad the whole width below.
    width = Math.max(lead + l, n);
    height = 3 * ROW;
    fields = {
      label: { x: lead, y: 0, w: width - lead, h: ROW },
      data: { x: 0, y: ROW, w: width, h: ROW },
      grad: { x: 0, y: 2 * ROW, w: width, h: ROW },
    };
  } else {
    width = lead + l + 2 * n;
    height = RECORD_HEIGHT;
    fields = {
      label: { x: lead, y: 0, w: l, h: height },
      data: { x: lead + l, y: 0, w: n, h: height },
      grad: { x: lead + l + n, y: 0, w: n, h: height },
    };
  }
  return {
    kind: 'value',
    key: valueKey(node.id),
    id: node.id,
    label,
    unlabelled: node.label === '',
    dataText,
    gradText,
    op: node.op,
    isRoot,
    isLeaf: node.children.length === 0,
    hasBackward: node.hasBackward,
    width,
    height,
    lead,
    fields,
  };
}

/** Whether a placed value shows the same as `v` (sizes are in the signature, so compared there). */
function sameFields(old: PlacedValue, v: ValueInput): boolean {
  for (const k of Object.keys(v) as (keyof ValueInput)[]) if (k !== 'fields' && old[k] !== v[k]) return false;
  return true;
}

function signatureOf(input: LayoutInput): string {
  const parts: string[] = [];
  for (const v of input.values) parts.push(`${v.key}:${v.lead},${v.width},${v.height}`);
  for (const o of input.ops) parts.push(`${o.key}:${o.width}`);
  input.edges.forEach(([from, to], i) => parts.push(`${from}>${to}${input.edgeText[i] ? `:${input.edgeText[i]}` : ''}`));
  return parts.join(' ');
}

/** Edge keys: the second edge between the same two shapes is `from>to#2`, and so on. */
function edgeKeys(edges: [string, string][]): string[] {
  const seen = new Map<string, number>();
  return edges.map(([from, to]) => {
    const k = `${from}>${to}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  });
}

/**
 * Bows the edges that share both ends apart, so each is seen (dagre routes
 * them along the same line): the i-th of n gets a middle point off the line.
 */
function bow(points: Point[], i: number, n: number): Point[] {
  if (n < 2 || points.length < 2) return points;
  const a = points[0];
  const b = points[points.length - 1];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const off = (i - (n - 1) / 2) * 2 * BOW;
  const mid = { x: (a.x + b.x) / 2 - ((b.y - a.y) / len) * off, y: (a.y + b.y) / 2 + ((b.x - a.x) / len) * off };
  return [a, mid, b];
}

/**
 * Positions every shape with dagre (rankdir LR); too large a graph is not laid
 * out. Given the previous layout of the same shapes (a step changed only
 * numbers), it keeps those positions and skips dagre.
 */
export function layoutGraph(
  trace: Trace,
  options: LayoutOptions & {
    previous?: GraphLayout | undefined;
    maxValues?: number | undefined;
    largeLayout?: typeof layeredLayout | undefined;
  } = {},
): GraphLayout {
  const { previous, maxValues = MAX_DRAWN_VALUES } = options;
  if (trace.nodes.length > maxValues) return { tooLarge: true, valueCount: trace.nodes.length };
  const input = layoutInput(trace, options);
  const signature = signatureOf(input);
  if (previous && !previous.tooLarge && previous.signature === signature) {
    // A value whose fields did not change keeps its very object, so the drawing redraws only
    // the few values a step touched (a large graph's step was mostly redrawing all of them).
    const before = new Map<string, PlacedValue>(previous.values.map((v) => [v.key, v]));
    return {
      ...previous,
      values: input.values.map((v) => {
        const old = before.get(v.key) as PlacedValue;
        return sameFields(old, v) ? old : { ...v, x: old.x, y: old.y };
      }),
    };
  }
  const compact = input.values.some((v) => v.height > RECORD_HEIGHT);
  const spacing = { ...SPACING, ...(compact ? { ranksep: COMPACT_RANKSEP } : {}) };
  const keys = edgeKeys(input.edges);
  if (input.values.length > DAGRE_UP_TO && options.largeLayout) {
    const { at, edgePoints, width, height } = options.largeLayout(input, spacing);
    return {
      tooLarge: false,
      values: input.values.map((v) => ({ ...v, ...(at.get(v.key) as Point) })),
      ops: input.ops.map((o) => ({ ...o, ...(at.get(o.key) as Point) })),
      edges: input.edges.map(([from, to], i) => ({ key: keys[i], from, to, points: edgePoints[i] })),
      width: Math.ceil(width),
      height,
      signature,
    };
  }
  const fast = input.values.length > FAST_LAYOUT_FROM;
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ...spacing, ranker: fast ? 'longest-path' : 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const v of input.values) g.setNode(v.key, { width: v.width, height: v.height });
  for (const o of input.ops) g.setNode(o.key, { width: o.width, height: o.height });
  // Given last first, dagre orders an op's inputs top to bottom as the code passed them (a above b).
  for (let i = input.edges.length - 1; i >= 0; i--) {
    const [from, to] = input.edges[i];
    const text = input.edgeText[i];
    // Twice the text's height: dagre runs the edge through the middle, and the text sits above it.
    g.setEdge(from, to, text ? { width: text.length * CHAR_WIDTH + 4, height: 2 * EDGE_LABEL_HEIGHT, labelpos: 'c' } : {}, keys[i]);
  }
  if (fast) dagreLayout(g, { disableOptimalOrderHeuristic: true });
  else dagreLayout(g);
  const at = new Map<string, Point>();
  for (const key of g.nodes()) {
    const n = g.node(key);
    at.set(key, { x: n.x ?? 0, y: n.y ?? 0 });
  }
  const graph = g.graph();
  const multiplicity = new Map<string, number>();
  for (const [from, to] of input.edges) multiplicity.set(`${from}>${to}`, (multiplicity.get(`${from}>${to}`) ?? 0) + 1);
  const index = new Map<string, number>();
  const edges = input.edges.map(([from, to], i): PlacedEdge => {
    const pair = `${from}>${to}`;
    const k = index.get(pair) ?? 0;
    index.set(pair, k + 1);
    const e = g.edge(from, to, keys[i]);
    const points = bow(
      (e.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })),
      k,
      multiplicity.get(pair) ?? 1,
    );
    const text = input.edgeText[i];
    return { key: keys[i], from, to, points, ...(text ? { label: { text, x: e.x ?? 0, y: (e.y ?? 0) - EDGE_LABEL_HEIGHT / 2 } } : {}) };
  });
  orderLeafInputs(trace, at, edges);
  return {
    tooLarge: false,
    values: input.values.map((v) => ({ ...v, ...(at.get(v.key) as Point) })),
    ops: input.ops.map((o) => ({ ...o, ...(at.get(o.key) as Point) })),
    edges,
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    signature,
  };
}

/**
 * Where dagre still drew an op's two leaf inputs bottom to top (b above a),
 * swaps them, and their edges with them: leaves have nothing behind them, so
 * nothing else moves.
 */
function orderLeafInputs(trace: Trace, at: Map<string, Point>, edges: PlacedEdge[]): void {
  const uses = new Map<number, number>();
  for (const n of trace.nodes) for (const c of n.children) uses.set(c, (uses.get(c) ?? 0) + 1);
  const leaf = new Set(trace.nodes.filter((n) => n.children.length === 0 && uses.get(n.id) === 1).map((n) => n.id));
  for (const n of trace.nodes) {
    const [a, b] = n.children;
    if (n.children.length !== 2 || !leaf.has(a) || !leaf.has(b)) continue;
    const pa = at.get(valueKey(a))!;
    const pb = at.get(valueKey(b))!;
    if (pa.x !== pb.x || pa.y < pb.y) continue;
    at.set(valueKey(a), pb);
    at.set(valueKey(b), pa);
    const ea = edges.find((e) => e.from === valueKey(a))!;
    const eb = edges.find((e) => e.from === valueKey(b))!;
    [ea.points, eb.points] = [eb.points, ea.points];
    if (ea.label && eb.label)
      [ea.label, eb.label] = [
        { ...ea.label, x: eb.label.x, y: eb.label.y },
        { ...eb.label, x: ea.label.x, y: ea.label.y },
      ];
  }
}
