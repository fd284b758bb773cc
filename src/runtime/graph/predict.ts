// Predict first: before a `_backward` call shows what it did, the reader
// writes the new grad of each input it changes; then the call is shown and
// each answer marked, a wrong one with the chain rule's line for that input
// in the live numbers. Pure: it reads a log entry and the trace.

import { nameOf, type Trace } from '../../engine/trace.ts';
import { explain } from './explain.ts';
import { formatExplanationNumber } from '../format.ts';
import type { EngineClosure } from './engine-source.ts';
import { valueNames } from './names.ts';
import type { LogEntry } from './stepper.ts';
import { askedOf } from './asked.ts';
import { isNear, readAnswer } from './answer.ts';

export { askedOf };
export { PREDICT_TOLERANCE, isNear, readAnswer } from './answer.ts';

export interface Mark {
  id: number;
  name: string;
  /** What the reader wrote, as written. */
  answer: string;
  actual: number | null;
  right: boolean;
  /** For a wrong answer: the chain rule's line for this input, and what was written. */
  rule?: string;
}

/** Marks the reader's answers (by value id) against what the call did. */
export function markAnswers(
  entry: LogEntry,
  trace: Trace,
  answers: ReadonlyMap<number, string>,
  closures: Record<string, EngineClosure>,
): Mark[] {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const names = valueNames(trace);
  const lines = explain(entry, trace, closures).lines;
  // A seed entry is marked only where it was asked (a graph by hand): its rule is the base case.
  return askedOf(entry, true).map((id) => {
    const name = names.get(id) ?? nameOf(byId.get(id)?.label, id);
    const change = entry.changes.filter((c) => c.id === id).at(-1);
    const actual = change?.after ?? null;
    const answer = answers.get(id) ?? '';
    const got = readAnswer(answer);
    const right = isNear(answer, actual);
    if (right) return { id, name, answer, actual, right };
    // An engine line starts with the value's name; a reader's closure line names it after the arrow.
    const own = lines.filter((l) => l.startsWith(`${name}.grad`) || l.includes(`→ ${name}.grad =`));
    const rule =
      entry.kind === 'seed'
        ? `the base case: ${name} moves exactly as fast as itself, so d${name}/d${name} = 1`
        : own.length > 0
          ? own.join('; ')
          : `${name}.grad: ${formatExplanationNumber(change?.before)} → ${formatExplanationNumber(actual)}`;
    const wrote =
      answer.trim() === '' ? 'you wrote nothing' : got === null ? `"${answer.trim()}" is not a number` : `you wrote ${answer.trim()}`;
    return { id, name, answer, actual, right, rule: `${rule}; ${wrote}` };
  });
}
