// Named graphs that lessons can show without a cell: `<GraphView example="L" />`.
// Built with the page's own engine, so stepping through them runs real `_backward` closures.
// Each builder takes the class that makes its leaves, so the forward pass can be replayed in their order.

import { Value } from '../../engine/value.ts';

export interface Example {
  /** The figure's caption. */
  title: string;
  root: Value;
}

/** `v`, labelled: the lecture's `e = a*b; e.label = 'e'` as one expression. */
function named(v: Value, label: string): Value {
  v.label = label;
  return v;
}

function L(V: typeof Value): Example {
  const a = new V(2.0, [], '', 'a');
  const b = new V(-3.0, [], '', 'b');
  const c = new V(10.0, [], '', 'c');
  const e = named(a.mul(b), 'e');
  const d = named(e.add(c), 'd');
  const f = new V(-2.0, [], '', 'f');
  const L = named(d.mul(f), 'L');
  return { title: 'L = (a·b + c)·f', root: L };
}

function neuron(V: typeof Value): Example {
  const x1 = new V(2.0, [], '', 'x1');
  const x2 = new V(0.0, [], '', 'x2');
  const w1 = new V(-3.0, [], '', 'w1');
  const w2 = new V(1.0, [], '', 'w2');
  const b = new V(6.8813735870195432, [], '', 'b');
  const x1w1 = named(x1.mul(w1), 'x1*w1');
  const x2w2 = named(x2.mul(w2), 'x2*w2');
  const x1w1x2w2 = named(x1w1.add(x2w2), 'x1*w1 + x2*w2');
  const n = named(x1w1x2w2.add(b), 'n');
  const o = named(n.tanh(), 'o');
  return { title: 'A neuron: o = tanh(x1·w1 + x2·w2 + b)', root: o };
}

// Chapter 6's f = (a·b)·(a + b), squared: a and b each reach L along four paths, which share their first steps.
function squared(V: typeof Value): Example {
  const a = new V(-2.0, [], '', 'a');
  const b = new V(3.0, [], '', 'b');
  const d = named(a.mul(b), 'd');
  const e = named(a.add(b), 'e');
  const f = named(d.mul(e), 'f');
  const L = named(f.mul(f), 'L');
  return { title: 'L = f · f, where f = (a·b)·(a + b)', root: L };
}

const builders = { L, neuron, squared } satisfies Record<string, (V: typeof Value) => Example>;

export type ExampleName = keyof typeof builders;
export const exampleNames = Object.keys(builders) as ExampleName[];

export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(builders, name);
}

/** A fresh copy of a named example (fresh Values, grads at 0); `V` makes its leaves (a tracked Value records where each was made). */
export function buildExample(name: string, V: typeof Value = Value): Example {
  if (!isExampleName(name)) {
    throw new Error(`GraphView: unknown example "${name}"; use one of ${exampleNames.map((n) => `"${n}"`).join(', ')}`);
  }
  return builders[name](V);
}
