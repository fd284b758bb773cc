// The checking behind GradQuiz (chapter 2): L = (a·b + c)·f built with the
// engine, the true grads from its backward(), each answer checked to Predict first's tolerance
// with a hint naming the chain rule, and the numerical slope dL/dnode from
// rebuilding the expression with one node nudged. Pure TypeScript.

import { Value } from '../../engine/value.ts';
import { fmt } from '../nudge/nudge.ts';
import { PREDICT_TOLERANCE, isNear, readAnswer } from '../../runtime/graph/answer.ts';

export type QuizNode = 'L' | 'f' | 'd' | 'c' | 'e' | 'a' | 'b';

/** The order a reader works in: from the output back to the leaves. */
export const QUIZ_NODES: QuizNode[] = ['L', 'f', 'd', 'c', 'e', 'a', 'b'];

/** Predict first's tolerance: one check of a number, here, on the graphs and in the review. */
export const TOLERANCE = PREDICT_TOLERANCE;
export const NUDGE_H = 0.001;

/** Where each node is used: the node above it, the op there, and the other input of that op. */
export const ABOVE: Record<QuizNode, { node: QuizNode; op: '*' | '+'; other: QuizNode; formula: string } | null> = {
  L: null,
  f: { node: 'L', op: '*', other: 'd', formula: 'L = d·f' },
  d: { node: 'L', op: '*', other: 'f', formula: 'L = d·f' },
  c: { node: 'd', op: '+', other: 'e', formula: 'd = e + c' },
  e: { node: 'd', op: '+', other: 'c', formula: 'd = e + c' },
  a: { node: 'e', op: '*', other: 'b', formula: 'e = a·b' },
  b: { node: 'e', op: '*', other: 'a', formula: 'e = a·b' },
};

export type Built = Record<QuizNode, Value>;

/**
 * Builds the expression, optionally with one node's value raised by h right
 * after it is computed (so everything above it sees the nudged value).
 */
export function buildL(nudge?: { node: QuizNode; h: number }): Built {
  const bump = (v: Value, name: QuizNode): Value => {
    if (nudge?.node === name) v.data += nudge.h;
    return v;
  };
  const leaf = (x: number, name: QuizNode) => bump(new Value(x, [], '', name), name);
  const a = leaf(2.0, 'a');
  const b = leaf(-3.0, 'b');
  const c = leaf(10.0, 'c');
  const e = a.mul(b);
  e.label = 'e';
  bump(e, 'e');
  const d = e.add(c);
  d.label = 'd';
  bump(d, 'd');
  const f = leaf(-2.0, 'f');
  const L = d.mul(f);
  L.label = 'L';
  bump(L, 'L');
  return { a, b, c, e, d, f, L };
}

/** The grads the engine's backward() finds: L 1, f 4, d −2, c −2, e −2, a 6, b −4. */
export function engineGrads(): Record<QuizNode, number> {
  const built = buildL();
  built.L.backward();
  return Object.fromEntries(QUIZ_NODES.map((n) => [n, built[n].grad])) as Record<QuizNode, number>;
}

/** The numerical slope dL/dnode: (L with the node nudged by h − L) / h. */
export function nudgeSlope(node: QuizNode, h = NUDGE_H): { before: number; after: number; slope: number } {
  const before = buildL().L.data;
  const after = buildL({ node, h }).L.data;
  return { before, after, slope: (after - before) / h };
}

export type Verdict =
  | { status: 'empty'; message: string }
  | { status: 'invalid'; message: string }
  | { status: 'correct'; value: number; message: string }
  | { status: 'wrong'; value: number; message: string };

const expected = engineGrads();

/** The hint for a node: the chain rule, with the node above named and the local derivative described. */
export function hintFor(node: QuizNode): string {
  const above = ABOVE[node];
  if (!above) return 'L is the output itself: nudge L by h and L moves by exactly h, so dL/dL = 1.';
  const local =
    above.op === '*'
      ? `${above.formula} is a product, so the local derivative ∂${above.node}/∂${node} is the other factor, ${above.other}.`
      : `${above.formula} is a sum, so the local derivative ∂${above.node}/∂${node} is 1.`;
  return `Use the chain rule: grad of ${node} = local derivative × the grad arriving from above, here grad of ${above.node}. ${local}`;
}

/** The question for `node`, on its own (for the review). */
export const questionOf = (node: QuizNode): string =>
  `L = (a·b + c)·f, with a = 2, b = −3, c = 10 and f = −2. What is the grad of ${node}, how much L moves per unit nudge of ${node}?`;

export const expectedGrad = (node: QuizNode): number => expected[node];

/** Checks what the reader typed as the grad of `node` against the engine, as Predict first checks (runtime/graph/answer.ts). */
export function checkAnswer(node: QuizNode, text: string): Verdict {
  if (text.trim() === '') return { status: 'empty', message: `Type a number for the grad of ${node}.` };
  const value = readAnswer(text);
  if (value === null) {
    return { status: 'invalid', message: `“${text.trim()}” is not a number; type something like 4, −2 or 0.5.` };
  }
  if (isNear(text, expected[node])) {
    return { status: 'correct', value, message: `Correct: the grad of ${node} is ${fmt(expected[node])}.` };
  }
  return { status: 'wrong', value, message: `Not ${fmt(value, 6)}. ${hintFor(node)}` };
}
