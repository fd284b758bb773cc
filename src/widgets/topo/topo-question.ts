// TopoOrder's question (chapter 5), with Predict first on: before a step that
// appends, which value is appended next? Checked by the site's one check of a
// name (runtime/graph/answer.ts); a wrong answer is marked with the rule that
// decides it, and kept for the review with the walk so far, so /review/ can
// ask it again on its own. Pure.

import { isSameName } from '../../runtime/graph/answer.ts';
import { stateAfter, type TopoEvent } from './topo-events.ts';

export interface AppendQuestion {
  /** The label of the value the next step appends. */
  want: string;
  /** The question on its own, with the walk so far (for the review). */
  question: string;
  /** Why it is that value: the rule, in this graph's names. */
  rule: string;
}

/** The question before event `count`, when that event appends; null when it visits or skips. */
export function appendQuestion(events: readonly TopoEvent[], count: number): AppendQuestion | null {
  const e = events[count];
  if (e?.kind !== 'append') return null;
  const st = stateAfter(events, count);
  const name = e.node.label;
  const inputs = [...new Set(e.node._prev.map((v) => v.label))];
  const stack = [...st.stack].reverse().map((s) => `[${s.node.label}, ${s.childrenDone}]`);
  const order = st.order.map((v) => v.label);
  return {
    want: name,
    question:
      `Chapter 5's walk over the neuron o = tanh(x1·w1 + x2·w2 + b). The order so far: ${order.length ? order.join(', ') : 'empty'}. ` +
      `The stack, top first: ${stack.join(', ')}. The next step appends a value to the order: which one?`,
    rule:
      inputs.length === 0
        ? `${name} is on top of the stack, marked done, and has no inputs to wait for, so it is appended next`
        : `${name} is on top of the stack, marked done: its inputs ${inputs.join(' and ')} are all in the order already, so it is appended next`,
  };
}

export interface AppendMark {
  right: boolean;
  /** For a wrong answer: the rule, and what was written. */
  rule?: string;
}

export function markAppend(q: AppendQuestion, answer: string): AppendMark {
  if (isSameName(answer, q.want)) return { right: true };
  const wrote = answer.trim() === '' ? 'you wrote nothing' : `you wrote ${answer.trim()}`;
  return { right: false, rule: `${q.rule}; ${wrote}` };
}
