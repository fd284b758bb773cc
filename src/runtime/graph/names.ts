// What a drawing calls each value: its label, or for an unlabelled one the
// expression that made it, built from its inputs' names (`exp(a)`, `a*b`,
// `(a + b)*2`), so a reader sees the code they wrote rather than an internal
// `#25`. Pure: it reads a trace.

import { nameOf, type Trace, type TraceNode } from '../../engine/trace.ts';
import { formatExplanationNumber } from '../format.ts';

/** Longer expressions hide their longest input as `…`: a name is read at a glance. */
export const MAX_NAME = 16;

// Binding strength: a weaker input is put in parentheses (`(a + b)*c`).
const INFIX: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const ATOM = 9;

interface Named {
  text: string;
  strength: number;
}

const wrap = (n: Named, need: number): string => (n.strength < need ? `(${n.text})` : n.text);

/** The expression for `op` over its inputs' names, or null when the op is not one to spell out. */
function spell(op: string, kids: Named[]): Named | null {
  const [a, b] = kids;
  if (kids.length === 2 && op in INFIX) {
    const s = INFIX[op];
    // Right of - and / an equal strength needs parentheses too: a - (b - c).
    const right = op === '-' || op === '/' ? s + 1 : s;
    const sep = s === 1 ? ` ${op} ` : op;
    return { text: `${wrap(a, s)}${sep}${wrap(b, right)}`, strength: s };
  }
  const pow = /^\*\*(.+)$/.exec(op);
  if (pow && kids.length === 1) return { text: `${wrap(a, 4)}**${pow[1]}`, strength: 3 };
  if (op === 'neg' && kids.length === 1) return { text: `-${wrap(a, 4)}`, strength: 4 };
  // exp, tanh, ReLU, and a reader's own word-named op: a call.
  if (/^[A-Za-z_]\w*$/.test(op) && kids.length > 0) return { text: `${op}(${kids.map((k) => k.text).join(', ')})`, strength: ATOM };
  if (kids.length === 2 && op !== '') return { text: `${wrap(a, 5)} ${op} ${wrap(b, 5)}`, strength: 1 };
  return null;
}

/**
 * The name of every value, by id: the label when it has one; an unlabelled
 * leaf, its number (`2` in `a*2`); an unlabelled result, its expression,
 * with any input too long for MAX_NAME shown as `…`; `#id` when nothing is known.
 */
export function valueNames(t: Trace): ReadonlyMap<number, string> {
  // A trace is never changed once made: the panel, the layout and the session share one answer.
  const known = cache.get(t);
  if (known) return known;
  const named = new Map<number, Named>();
  const names = new Map<number, string>();
  const of = (id: number): Named => named.get(id) ?? { text: nameOf('', id), strength: ATOM };
  // Inputs come before the nodes that use them, so one pass sees every input named.
  for (const n of t.nodes) {
    const it = n.label !== '' ? { text: n.label, strength: ATOM } : n.children.length === 0 ? leaf(n) : expression(n, n.children.map(of));
    named.set(n.id, it);
    names.set(n.id, it.text);
  }
  cache.set(t, names);
  return names;
}

const cache = new WeakMap<Trace, ReadonlyMap<number, string>>();

/** A number used as is (`a*2`): negative, it is wrapped where a sign would read oddly (`a*(-3)`). */
function leaf(n: TraceNode): Named {
  if (n.data === null) return { text: nameOf('', n.id), strength: ATOM };
  return { text: formatExplanationNumber(n.data), strength: n.data < 0 ? 1.5 : ATOM };
}

function expression(n: TraceNode, kids: Named[]): Named {
  const full = spell(n.op, kids);
  if (!full) return { text: nameOf('', n.id), strength: ATOM };
  if (full.text.length <= MAX_NAME) return full;
  // Hide the longest inputs first, one at a time, until it fits.
  const hidden = [...kids];
  const order = kids.map((k, i) => i).sort((i, j) => kids[j].text.length - kids[i].text.length);
  for (const i of order) {
    hidden[i] = { text: '…', strength: ATOM };
    const shorter = spell(n.op, hidden)!;
    if (shorter.text.length <= MAX_NAME) return shorter;
  }
  return spell(n.op, hidden)!;
}
