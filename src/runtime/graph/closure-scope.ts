// What a `_backward` closure captured, and each grad update it makes with the
// numbers plugged in. JavaScript cannot list a closure's variables (no
// reflection reaches them, and the cells' code is not instrumented for it), so
// they are read the way a reader reads them: from the code around the closure.
// The line that made `out` names its inputs in order (`new Value(…, [this, other])`
// or the engine's `result(…, this, that)`), which are the call's node and its
// inputs in the trace; a `const t = Math.tanh(this.data)` before it is
// evaluated with those values. Without that code, micrograd's convention
// stands in: `out` the node, `this`/`self` its first input, `other` its second.
// Pure: it reads code text and trace numbers.

import type { TraceNode } from '../../engine/trace.ts';
import { formatExplanationNumber } from '../format.ts';

/** One name the closure uses: a Value of the graph (its id) or a number. */
export interface Captured {
  name: string;
  id: number | null;
  value: number | null;
}

type Binding = { id: number } | { value: number };
type Env = ReadonlyMap<string, Binding>;
interface Term {
  v: number;
  /** The term as written with numbers in: `(1 - 0.7071²) × 1`. */
  s: string;
}

const TOKEN = /\s*(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|\*\*|[-+*/(),])/y;
const MATH: Record<string, (...x: number[]) => number> = {
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  max: Math.max,
  min: Math.min,
};
const num = (x: number): string => (x < 0 ? `(${formatExplanationNumber(x)})` : formatExplanationNumber(x));

/** Evaluates an arithmetic expression of the closure's names; null for anything else (a call, a ternary). */
export function evaluate(expr: string, env: Env, read: (id: number, field: string) => number | null): Term | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < expr.length && (m = TOKEN.exec(expr))) {
    tokens.push(m[1]);
    at = TOKEN.lastIndex;
  }
  if (expr.slice(at).trim() !== '') return null;
  let i = 0;
  const fail = (): never => {
    throw new Error('not arithmetic');
  };
  const eat = (t: string): boolean => (tokens[i] === t ? (i++, true) : false);
  const primary = (): Term => {
    const t = tokens[i++] ?? fail();
    if (t === '(') {
      const e = add();
      if (!eat(')')) fail();
      return { v: e.v, s: `(${e.s})` };
    }
    if (/^[\d.]/.test(t)) return { v: Number(t), s: formatExplanationNumber(Number(t)) };
    if (t.startsWith('Math.') && eat('(')) {
      const f = MATH[t.slice(5)] ?? fail();
      const args: Term[] = [];
      if (!eat(')')) {
        do args.push(add());
        while (eat(','));
        if (!eat(')')) fail();
      }
      return { v: f(...args.map((a) => a.v)), s: `${t.slice(5)}(${args.map((a) => a.s).join(', ')})` };
    }
    const [name, field, ...more] = t.split('.');
    const b = env.get(name) ?? fail();
    if ('value' in b && field === undefined) return { v: b.value, s: num(b.value) };
    if ('id' in b && (field === 'data' || field === 'grad') && more.length === 0) {
      const v = read(b.id, field) ?? fail();
      return { v, s: num(v) };
    }
    return fail();
  };
  const unary = (): Term => {
    if (eat('-')) {
      const u = unary();
      return { v: -u.v, s: `-${u.s}` };
    }
    if (eat('+')) return unary();
    const base = primary();
    if (!eat('**')) return base;
    const e = unary();
    return { v: base.v ** e.v, s: e.s === '2' ? `${base.s}²` : `${base.s}^${e.s}` };
  };
  const mul = (): Term => {
    let a = unary();
    for (let op = tokens[i]; op === '*' || op === '/'; op = tokens[i]) {
      i++;
      const b = unary();
      a = { v: op === '*' ? a.v * b.v : a.v / b.v, s: `${a.s} ${op === '*' ? '×' : '/'} ${b.s}` };
    }
    return a;
  };
  function add(): Term {
    let a = mul();
    for (let op = tokens[i]; op === '+' || op === '-'; op = tokens[i]) {
      i++;
      const b = mul();
      a = { v: op === '+' ? a.v + b.v : a.v - b.v, s: `${a.s} ${op} ${b.s}` };
    }
    return a;
  }
  try {
    const e = add();
    return i === tokens.length ? e : null;
  } catch {
    return null;
  }
}

/** Splits `a, [b, c], 'd'` at its top-level commas. */
function args(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (depth < 0) return [...out, s.slice(from, i).trim()];
    if (c === ',' && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  return [...out, s.slice(from).trim()];
}

const DECLARES = /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)(?:\s*:\s*[\w$.]+)?\s*=\s*(.+?);?\s*(?:\/\/.*)?$/;

/** The names the closure can see, resolved to the call's node, its inputs, and numbers. */
function scopeOf(context: string | undefined, node: TraceNode, kids: TraceNode[], read: (id: number, f: string) => number | null): Env {
  const env = new Map<string, Binding>();
  const lines = context?.split('\n') ?? [];
  const maker = lines.map((l) => DECLARES.exec(l)).find((d) => d !== null && /^(?:new\s+[\w$]+|result)\(/.test(d[2]));
  if (maker) {
    env.set(maker[1], { id: node.id });
    const call = args(maker[2].slice(maker[2].indexOf('(') + 1));
    // new Value(data, [a, b], op) lists the inputs in an array; the engine's result(data, op, a, b) after the op.
    const list = maker[2].startsWith('result') ? call.slice(2) : args((call.find((a) => a.startsWith('[')) ?? '[]').slice(1, -1));
    list.forEach((name, k) => {
      if (/^(?:this|[A-Za-z_$][\w$]*)$/.test(name) && kids[k]) env.set(name, { id: kids[k].id });
    });
  } else {
    env.set('out', { id: node.id });
    if (kids[0]) for (const n of ['this', 'self']) env.set(n, { id: kids[0].id });
    if (kids[1]) env.set('other', { id: kids[1].id });
  }
  for (const l of lines) {
    const d = DECLARES.exec(l);
    if (!d || env.has(d[1])) continue;
    const e = evaluate(d[2], env, read);
    if (e) env.set(d[1], { value: e.v });
  }
  return env;
}

/** The captured names the closure's code uses, in the order it first uses them. */
export function capturedBy(
  text: string,
  context: string | undefined,
  node: TraceNode,
  kids: TraceNode[],
  read: (id: number, f: string) => number | null,
): Captured[] {
  const env = scopeOf(context, node, kids, read);
  const body = text.replace(/\/\/.*$/gm, '');
  const seen = new Set<string>();
  const out: Captured[] = [];
  for (const m of body.matchAll(/(?<![\w$.])(this|[A-Za-z_$][\w$]*)/g)) {
    const b = env.get(m[1]);
    if (!b || seen.has(m[1])) continue;
    seen.add(m[1]);
    out.push('id' in b ? { name: m[1], id: b.id, value: null } : { name: m[1], id: null, value: b.value });
  }
  return out;
}

const UPDATE = /^\s*(this|[A-Za-z_$][\w$]*)\.grad\s*(\+?=)\s*(.+?);?\s*(?:\/\/.*)?$/;

/**
 * Each `X.grad = …` or `X.grad += …` of the closure, replayed in order with the
 * numbers of the call: `this.grad = (1 - t ** 2) * out.grad → n.grad = (1 - 0.7071²) × 1 = 0.5`.
 * `grads` holds each value's grad when the call began. Null when any line cannot be read.
 */
export function updateLines(
  text: string,
  context: string | undefined,
  node: TraceNode,
  kids: TraceNode[],
  data: (id: number) => number | null,
  grads: Map<number, number | null>,
  nameOf: (id: number) => string,
): { lines: string[]; after: Map<number, number> } | null {
  const running = new Map(grads);
  const read = (id: number, f: string): number | null => (f === 'data' ? data(id) : (running.get(id) ?? null));
  const env = scopeOf(context, node, kids, read);
  const lines: string[] = [];
  const after = new Map<number, number>();
  for (const line of text.split('\n')) {
    const u = UPDATE.exec(line);
    if (!u) continue;
    const target = env.get(u[1]);
    const e = evaluate(u[3], env, read);
    if (!target || !('id' in target) || !e) return null;
    const before = running.get(target.id) ?? null;
    const to = u[2] === '+=' ? (before ?? NaN) + e.v : e.v;
    const code = line.trim().replace(/;?\s*(?:\/\/.*)?$/, '');
    const sum = u[2] === '+=' ? `${formatExplanationNumber(before)} + ${e.s}` : e.s;
    lines.push(`${code} → ${nameOf(target.id)}.grad = ${sum} = ${formatExplanationNumber(to)}`);
    running.set(target.id, to);
    after.set(target.id, to);
  }
  return lines.length > 0 ? { lines, after } : null;
}
