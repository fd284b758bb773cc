// The forward pass, replayed: the values of a drawn graph in the order the
// code made them, each op with how its data came from its inputs, e.g.
// `n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814`. Pure: it reads the trace
// and, per value, where it was made (./origins.ts records that as code runs).

import { nameOf, type Trace, type TraceNode } from '../../engine/trace.ts';
import { short } from './explain.ts';
import { PREDICT_TOLERANCE, readAnswer, type Mark } from './predict.ts';

/** Where a value was made: its place among all values made, and the cell and line that made it. */
export interface Origin {
  n: number;
  cell?: number;
  line?: number;
  /** Made before recording began: stamped when an op first used it, so its place is a guess. */
  used?: true;
}

export interface Forward {
  /** Value ids in the order they were made (a topological order when that is not known). */
  order: number[];
  /** Whether `order` is the order of creation; false: some value's is unknown (first use stands in for it, or the order is topological). */
  known: boolean;
  /** Per value id, the cell and line that made it, when known. */
  sites: Record<number, [cell: number, line: number]>;
}

/** The forward pass of a trace, given where each live value was made. */
export function forwardOf(trace: Trace, originOf: (id: number) => Origin | undefined): Forward {
  const sites: Forward['sites'] = {};
  const born = new Map<number, number>();
  let guessed = false;
  for (const node of trace.nodes) {
    const o = originOf(node.id);
    if (!o) continue;
    born.set(node.id, o.n);
    guessed ||= o.used === true;
    if (o.cell !== undefined && o.line !== undefined) sites[node.id] = [o.cell, o.line];
  }
  const topological = trace.nodes.map((n) => n.id);
  if (born.size < trace.nodes.length) return { order: topological, known: false, sites };
  const order = [...topological].sort((a, b) => born.get(a)! - born.get(b)!);
  // A value made before one of its inputs (a reader's class that rewires _prev): not a forward pass.
  const at = new Map(order.map((id, i) => [id, i]));
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const sound = order.every((id, i) => byId.get(id)!.children.every((c) => at.get(c)! < i));
  return sound ? { order, known: !guessed, sites } : { order: topological, known: false, sites };
}

const factor = (x: number | null): string => (typeof x === 'number' && x < 0 ? `(${short(x)})` : short(x));

/** An op's formula over its inputs' names (or numbers): `a + b`, `tanh(a)`, `a**2`. */
function formula(op: string, args: string[]): string {
  const [a, b] = args;
  if (args.length === 2 && ['+', '-', '*', '/'].includes(op)) return `${a} ${op} ${b}`;
  if (args.length === 1) {
    if (op === 'neg') return `-${a}`;
    if (op.startsWith('**')) return `${a}${op}`;
    if (op === 'ReLU') return `max(0, ${a})`;
    if (/^\w+$/.test(op)) return `${op}(${a})`;
  }
  return `${op || 'op'}(${args.join(', ')})`;
}

export interface Made {
  /** e.g. `n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814`, or `x1 = 2` for a leaf. */
  line: string;
  leaf: boolean;
}

/** How one value's data was computed from its inputs (a leaf's was given). */
export function made(node: TraceNode, trace: Trace): Made {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const who = nameOf(node.label, node.id);
  if (node.children.length === 0) return { line: `${who} = ${short(node.data)}`, leaf: true };
  const kids = node.children.map((c) => byId.get(c));
  const names = kids.map((k, i) => (k ? nameOf(k.label, k.id) : `#${node.children[i]}`));
  // A negative number in brackets only where it would read wrong bare: after an operator, or before `**`.
  const bareFirst = node.children.length > 1 || !(node.op === 'neg' || node.op.startsWith('**'));
  const numbers = kids.map((k, i) => (i === 0 && bareFirst ? short(k?.data) : factor(k?.data ?? null)));
  return { line: `${who} = ${formula(node.op, names)} = ${formula(node.op, numbers)} = ${short(node.data)}`, leaf: false };
}

/** Marks a predicted data against the value's: right to PREDICT_TOLERANCE, a wrong one with its line. */
export function markData(node: TraceNode, trace: Trace, answer: string): Mark {
  const name = nameOf(node.label, node.id);
  const got = readAnswer(answer);
  const right = got !== null && typeof node.data === 'number' && Math.abs(got - node.data) <= PREDICT_TOLERANCE;
  if (right) return { id: node.id, name, answer, actual: node.data, right };
  const wrote =
    answer.trim() === '' ? 'you wrote nothing' : got === null ? `"${answer.trim()}" is not a number` : `you wrote ${answer.trim()}`;
  return { id: node.id, name, answer, actual: node.data, right, rule: `${made(node, trace).line}; ${wrote}` };
}
