// How one value of the forward pass got its data, e.g.
// `n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814`, and the marking of a
// predicted data. Pure; loaded with the step panel, like the explanations.

import { nameOf, type Trace, type TraceNode } from '../../engine/trace.ts';
import { formatExplanationNumber } from '../format.ts';
import { PREDICT_TOLERANCE, readAnswer, type Mark } from './predict.ts';

const factor = (x: number | null): string =>
  typeof x === 'number' && x < 0 ? `(${formatExplanationNumber(x)})` : formatExplanationNumber(x);

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
  if (node.children.length === 0) return { line: `${who} = ${formatExplanationNumber(node.data)}`, leaf: true };
  const kids = node.children.map((c) => byId.get(c));
  const names = kids.map((k, i) => (k ? nameOf(k.label, k.id) : `#${node.children[i]}`));
  // A negative number in brackets only where it would read wrong bare: after an operator, or before `**`.
  const bareFirst = node.children.length > 1 || !(node.op === 'neg' || node.op.startsWith('**'));
  const numbers = kids.map((k, i) => (i === 0 && bareFirst ? formatExplanationNumber(k?.data) : factor(k?.data ?? null)));
  return {
    line: `${who} = ${formula(node.op, names)} = ${formula(node.op, numbers)} = ${formatExplanationNumber(node.data)}`,
    leaf: false,
  };
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
