// What one entry of the step log did, in words and numbers: the call, the
// closure's code, and one line of chain rule per grad it touched, e.g.
// `n.grad += (1 - t²) × o.grad → 0 + (1 - 0.7071²) × 1 = 0.5`. A call that
// changed nothing says why. Pure: it reads a log entry and the trace.

import { nameOf, type Trace, type TraceNode } from '../../engine/trace.ts';
import { closureOf, type EngineClosure } from './engine-source.ts';
import { formatExplanationNumber } from '../format.ts';
import { valueNames } from './names.ts';
import type { CodeRef, LogEntry } from './stepper.ts';
import { capturedBy, updateLines, type Captured } from './closure-scope.ts';

export interface Explanation {
  /** The headline: `n._backward()`, `o.grad = 1`, `every grad = 0`. */
  title: string;
  /** The code that ran, with the lines of the closure itself marked (1-based, inclusive). */
  code?: { text: string; origin: string; mark?: [number, number] };
  /** One line per grad, with the numbers. */
  lines: string[];
  /** Why nothing changed, or what to notice. */
  note?: string;
  error?: string;
  /** What the closure captured (`this`, `other`, `out`, `t`), for the closure inspector. */
  captured?: Captured[];
}

const factor = (x: number): string => (x < 0 ? `(${formatExplanationNumber(x)})` : formatExplanationNumber(x));

export interface Local {
  /** The local derivative as the closure writes it, e.g. `w1.data`, `(1 - t²)`. */
  symbol: string;
  /** The same with the numbers in, e.g. `(-3)`, `(1 - 0.7071²)`. */
  numbers: string;
  value: number;
}

/** The local derivative of the engine's op for each input, in the order of its children. */
export function localDerivatives(op: string, out: TraceNode, kids: TraceNode[], name: (n: TraceNode) => string): Local[] | null {
  const d = (n: TraceNode | undefined): number => (typeof n?.data === 'number' ? n.data : NaN);
  const [a, b] = kids;
  const one: Local = { symbol: '1', numbers: '1', value: 1 };
  switch (op) {
    case '+':
      return [one, one];
    case '-':
      return [one, { symbol: '(-1)', numbers: '(-1)', value: -1 }];
    case '*':
      return [
        { symbol: `${name(b)}.data`, numbers: factor(d(b)), value: d(b) },
        { symbol: `${name(a)}.data`, numbers: factor(d(a)), value: d(a) },
      ];
    case '/':
      return [
        { symbol: `(1 / ${name(b)}.data)`, numbers: `(1 / ${factor(d(b))})`, value: 1 / d(b) },
        { symbol: `(-${name(a)}.data / ${name(b)}.data²)`, numbers: `(-${factor(d(a))} / ${factor(d(b))}²)`, value: -d(a) / (d(b) * d(b)) },
      ];
    case 'neg':
      return [{ symbol: '(-1)', numbers: '(-1)', value: -1 }];
    case 'exp':
      return [{ symbol: `${name(out)}.data`, numbers: factor(d(out)), value: d(out) }];
    case 'tanh': {
      const t = d(out);
      return [{ symbol: '(1 - t²)', numbers: `(1 - ${factor(t)}²)`, value: 1 - t * t }];
    }
    case 'ReLU':
      return [{ symbol: `(${name(out)}.data > 0 ? 1 : 0)`, numbers: d(out) > 0 ? '1' : '0', value: d(out) > 0 ? 1 : 0 }];
  }
  const pow = /^\*\*(.+)$/.exec(op);
  if (pow) {
    const k = Number(pow[1]);
    if (Number.isNaN(k)) return null;
    return [
      {
        symbol: `${formatExplanationNumber(k)} × ${name(a)}.data^${formatExplanationNumber(k - 1)}`,
        numbers: `${formatExplanationNumber(k)} × ${factor(d(a))}^${formatExplanationNumber(k - 1)}`,
        value: k * d(a) ** (k - 1),
      },
    ];
  }
  return null;
}

const close = (x: number, y: number): boolean => Object.is(x, y) || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));

export function explain(entry: LogEntry, t: Trace, closures: Record<string, EngineClosure>): Explanation {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const names = valueNames(t);
  const nameById = (id: number): string => names.get(id) ?? nameOf(byId.get(id)?.label, id);
  const name = (n: TraceNode): string => nameById(n.id);
  const fromTo = (lines: string[], changes: LogEntry['changes']): void => {
    for (const c of changes)
      lines.push(`${nameById(c.id)}.grad: ${formatExplanationNumber(c.before)} → ${formatExplanationNumber(c.after)}`);
  };

  if (entry.kind === 'seed') {
    const root = nameById(entry.nodeId);
    return {
      title: `${root}.grad = 1`,
      lines: entry.changes.map((c) => `${nameById(c.id)}.grad: ${formatExplanationNumber(c.before)} → ${formatExplanationNumber(c.after)}`),
      note: `The base case: ${root} changes exactly as fast as itself, so d${root}/d${root} = 1. Every closure multiplies by the grad of its output, and this is the first one.`,
    };
  }
  if (entry.kind === 'zero') {
    return {
      title: 'every grad = 0',
      lines: [],
      note: `${entry.changes.length} ${entry.changes.length === 1 ? 'grad' : 'grads'} set back to 0: a fresh start for the next pass.`,
    };
  }
  if (entry.kind === 'other') {
    const lines: string[] = [];
    fromTo(lines, entry.changes);
    return { title: 'backward(), outside any _backward', lines, note: 'backward() itself changed these grads, between its calls.' };
  }

  const node = byId.get(entry.nodeId);
  const who = nameById(entry.nodeId);
  const title = `${who}._backward()`;
  const lines: string[] = [];
  let note: string | undefined;
  let code: Explanation['code'];
  /** Whether the shown closure adds (+=) rather than sets (=); a reader's own is not read for it. */
  let adds = true;
  const kids = (node?.children ?? []).map((c) => byId.get(c)).filter((k): k is TraceNode => k !== undefined);

  const read = (id: number, field: string): number | null => {
    const v = byId.get(id)?.[field === 'data' ? 'data' : 'grad'];
    return typeof v === 'number' ? v : null;
  };
  let captured: Captured[] | undefined;

  if (entry.engine && node) {
    const closure = closureOf(closures, node.op);
    if (closure) {
      code = { text: closure.code, origin: `${closure.where}, Value.${closure.method}`, mark: closure.closure };
      const body = closure.code.split('\n');
      const [from, to] = closure.closure;
      captured = capturedBy(body.slice(from - 1, to).join('\n'), body.slice(0, from - 1).join('\n'), node, kids, read);
    }
    // Chapters 3-5's closures set (=) what the engine's add onto (+=).
    adds = closure?.accumulates ?? true;
    const locals = localDerivatives(node.op, node, kids, name);
    if (locals && locals.length === kids.length && typeof entry.outGrad === 'number') {
      // Replay the closure's += (or =) in order, so a value used twice (a + a) shows both.
      const running = new Map<number, number | null>();
      kids.forEach((k, i) => running.set(k.id, running.has(k.id) ? running.get(k.id)! : entry.inputGrads[i]));
      kids.forEach((k, i) => {
        const from = running.get(k.id);
        const local = locals[i];
        const term = local.value * entry.outGrad!;
        const to = adds ? (from ?? NaN) + term : term;
        running.set(k.id, to);
        const numbers = `${local.numbers} × ${factor(entry.outGrad!)} = ${formatExplanationNumber(to)}`;
        lines.push(
          adds
            ? `${name(k)}.grad += ${local.symbol} × ${who}.grad → ${formatExplanationNumber(from)} + ${numbers}`
            : `${name(k)}.grad = ${local.symbol} × ${who}.grad → ${numbers}`,
        );
      });
      for (const c of entry.changes) {
        const replayed = running.get(c.id);
        if (replayed === undefined)
          lines.push(`${nameById(c.id)}.grad: ${formatExplanationNumber(c.before)} → ${formatExplanationNumber(c.after)}`);
        else if (typeof c.after === 'number' && typeof replayed === 'number' && !close(replayed, c.after)) {
          lines.push(`(${nameById(c.id)}.grad is ${formatExplanationNumber(c.after)} on the live object)`);
        }
      }
    } else {
      fromTo(lines, entry.changes);
    }
  } else {
    const replayed =
      entry.code && node
        ? updateLines(
            entry.code.text,
            entry.code.context,
            node,
            kids,
            (id) => read(id, 'data'),
            new Map<number, number | null>([[node.id, entry.outGrad], ...kids.map((k, i) => [k.id, entry.inputGrads[i]] as const)]),
            nameById,
          )
        : null;
    if (entry.code) code = { text: entry.code.text, origin: entry.code.origin };
    if (entry.code && node) captured = capturedBy(entry.code.text, entry.code.context, node, kids, read);
    if (replayed) {
      // The closure's own lines with the numbers in; the live objects have the last word.
      lines.push(...replayed.lines);
      for (const c of entry.changes) {
        const r = replayed.after.get(c.id);
        if (r === undefined)
          lines.push(`${nameById(c.id)}.grad: ${formatExplanationNumber(c.before)} → ${formatExplanationNumber(c.after)}`);
        else if (typeof c.after === 'number' && !close(r, c.after))
          lines.push(`(${nameById(c.id)}.grad is ${formatExplanationNumber(c.after)} on the live object)`);
      }
    } else fromTo(lines, entry.changes);
  }

  const cap = captured && captured.length > 0 ? { captured } : {};
  if (entry.error) return { title, ...(code ? { code } : {}), lines, error: entry.error, ...cap };
  if (entry.changes.length === 0) {
    if (kids.length === 0)
      note = `${who} is a leaf: its _backward is the empty function, and there is nothing before it to pass a grad on to.`;
    else if (entry.outGrad === 0) {
      note =
        entry.nodeId === t.root
          ? `${who}.grad is still 0, so every term is 0 × something. The base case is missing: ${who}.grad = 1 first.`
          : `${who}.grad is still 0, so every term is 0 × something. Call the _backward of the value that uses ${who} first, so a grad reaches it.`;
    } else if (!adds)
      note = `This closure sets each grad with =, and they already held these numbers: calling it again changes nothing (with chapter 6's +=, it would add them again).`;
    else
      note = `The call ran but no grad changed: every local derivative here is 0${entry.engine ? '' : ', or the closure does not add into its inputs'}.`;
  }
  return { title, ...(code ? { code } : {}), lines, ...(note ? { note } : {}), ...cap };
}

/** The sentence a screen reader hears: the title, the lines, the note. */
export function spoken(e: Explanation): string {
  return [e.title, ...e.lines, e.note, e.error].filter(Boolean).join('. ');
}

export type { CodeRef };
