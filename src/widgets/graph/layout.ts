// From a trace to positioned shapes, the picture micrograd's `draw_dot` makes:
// left to right, each value a record `label | data 0.7071 | grad 0.5000`, each
// op a small round node feeding its result. Pure TypeScript (dagre only), so
// node's test runner and the bench import it as is.

import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { nameOf, type Trace, type TraceNode } from '../../engine/trace.ts';
import type { layeredLayout } from './layered.ts';
import type { Box } from './reveal.ts';

/** Above this many values the view shows the table and a message instead of a drawing (a host may allow more). */
export const MAX_DRAWN_VALUES = 500;
/**
 * Above this many values dagre is too slow for a click (over a second at 1,000): a host that
 * allows more passes the layered layout (./layered.ts), which then takes over. It is passed,
 * not imported here, so pages whose graphs stay small do not load it.
 */
export const DAGRE_UP_TO = 500;

// The SVG draws text in a monospace font at this size, so widths can be
// computed here without a DOM (and the server and the browser agree).
export const FONT_SIZE = 13;
export const CHAR_WIDTH = FONT_SIZE * 0.62;
const PAD = 8;
const RECORD_HEIGHT = 30;
const OP_SIZE = 32;
/** The call button's width at the left of a record. */
export const LEAD = 26;
/** How far apart two edges between the same shapes bow (a + a). */
const BOW = 9;

/** 4 decimals, as micrograd's draw_dot; blank when the field is missing. */
export function formatNumber(n: number | null | undefined): string {
  return typeof n === 'number' ? n.toFixed(4) : '';
}

export interface ValueInput {
  kind: 'value';
  key: string;
  id: number;
  /** The label, or `#id` for an unlabelled value: the name every message uses. */
  label: string;
  /** The value has no label of its own (the drawing shows its `#id`, muted). */
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
  /** Width of the call button at the record's left (0 without one). */
  lead: number;
  /** Widths of the three parts of the record after the lead: label, data, grad (0 when not shown). */
  parts: [number, number, number];
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
}

export interface LayoutOptions {
  /** Room for a call button on each value whose _backward is a function. */
  callable?: boolean;
  /** 'label' draws each value as its label alone (a graph about order, not numbers). */
  fields?: 'all' | 'label';
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

/** Whether a shape (its centre, and its size when it has one) meets `box`; nothing meets null. */
export function meets(box: Box | null, s: Point & { width?: number; height?: number }): boolean {
  if (box === null) return false;
  const w = (s.width ?? 0) / 2;
  const h = (s.height ?? 0) / 2;
  return s.x + w >= box.left && s.x - w <= box.right && s.y + h >= box.top && s.y - h <= box.bottom;
}

export const valueKey = (id: number): string => `v${id}`;
export const opKey = (id: number): string => `op${id}`;

function textWidth(text: string, minChars = 1): number {
  return Math.max(minChars, text.length) * CHAR_WIDTH + 2 * PAD;
}

// Room for "grad -0.0000" whatever the number, so a step that changes a grad
// changes no size, and the drawing keeps its positions.
const NUMBER_CHARS = 'grad -0.0000'.length;

function labelled(text: string, n: number | null): string {
  const s = formatNumber(n);
  return s === '' ? text : `${text} ${s}`;
}

/** The nodes and edges to lay out, before positions: what the unit tests look at. */
export function layoutInput(trace: Trace, options: LayoutOptions = {}): LayoutInput {
  const values: ValueInput[] = [];
  const ops: OpInput[] = [];
  const edges: [string, string][] = [];
  for (const node of trace.nodes) {
    values.push(valueInput(node, node.id === trace.root, options));
    const target = node.op !== '' ? opKey(node.id) : valueKey(node.id);
    if (node.op !== '') {
      ops.push({
        kind: 'op',
        key: opKey(node.id),
        resultId: node.id,
        symbol: node.op,
        width: Math.max(OP_SIZE, node.op.length * CHAR_WIDTH + 12),
        height: OP_SIZE,
      });
      edges.push([opKey(node.id), valueKey(node.id)]);
    }
    // One edge per use: a + a has two arrows from a, as the lesson on accumulation needs.
    for (const child of node.children) edges.push([valueKey(child), target]);
  }
  return { values, ops, edges };
}

function valueInput(node: TraceNode, isRoot: boolean, options: LayoutOptions): ValueInput {
  const dataText = labelled('data', node.data);
  const gradText = labelled('grad', node.grad);
  const label = nameOf(node.label, node.id);
  const full = options.fields !== 'label';
  const parts: [number, number, number] = [
    textWidth(label),
    full ? textWidth(dataText, NUMBER_CHARS) : 0,
    full ? textWidth(gradText, NUMBER_CHARS) : 0,
  ];
  const lead = options.callable && node.hasBackward ? LEAD : 0;
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
    width: lead + parts[0] + parts[1] + parts[2],
    height: RECORD_HEIGHT,
    lead,
    parts,
  };
}

/** Whether a placed value shows the same as `v` (sizes are in the signature, so compared there). */
function sameFields(old: PlacedValue, v: ValueInput): boolean {
  for (const k of Object.keys(v) as (keyof ValueInput)[]) if (k !== 'parts' && old[k] !== v[k]) return false;
  return true;
}

function signatureOf(input: LayoutInput): string {
  const parts: string[] = [];
  for (const v of input.values) parts.push(`${v.key}:${v.lead},${v.parts.join(',')}`);
  for (const o of input.ops) parts.push(`${o.key}:${o.width}`);
  for (const [from, to] of input.edges) parts.push(`${from}>${to}`);
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
  const spacing = {
    nodesep: 24,
    ranksep: 36,
    marginx: 8,
    marginy: 22, // room for the "old → new" flash above the top record
  };
  if (input.values.length > DAGRE_UP_TO && options.largeLayout) {
    const keys = edgeKeys(input.edges);
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
  const keys = edgeKeys(input.edges);
  input.edges.forEach(([from, to], i) => g.setEdge(from, to, {}, keys[i]));
  if (fast) dagreLayout(g, { disableOptimalOrderHeuristic: true });
  else dagreLayout(g);
  const at = (key: string): Point => {
    const n = g.node(key);
    return { x: n.x ?? 0, y: n.y ?? 0 };
  };
  const graph = g.graph();
  const multiplicity = new Map<string, number>();
  for (const [from, to] of input.edges) multiplicity.set(`${from}>${to}`, (multiplicity.get(`${from}>${to}`) ?? 0) + 1);
  const index = new Map<string, number>();
  return {
    tooLarge: false,
    values: input.values.map((v) => ({ ...v, ...at(v.key) })),
    ops: input.ops.map((o) => ({ ...o, ...at(o.key) })),
    edges: input.edges.map(([from, to], i) => {
      const pair = `${from}>${to}`;
      const k = index.get(pair) ?? 0;
      index.set(pair, k + 1);
      const points = (g.edge(from, to, keys[i]).points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
      return { key: keys[i], from, to, points: bow(points, k, multiplicity.get(pair) ?? 1) };
    }),
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    signature,
  };
}
