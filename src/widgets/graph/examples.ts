// Named graphs that lessons can show without a cell: `<GraphView example="L" />`.
// Built with the page's own engine, so stepping through them runs real `_backward` closures.

import { Value } from '../../engine/value.ts';

export interface Example {
  /** The figure's caption. */
  title: string;
  root: Value;
}

function L(): Example {
  const a = new Value(2.0, [], '', 'a');
  const b = new Value(-3.0, [], '', 'b');
  const c = new Value(10.0, [], '', 'c');
  const e = a.mul(b);
  e.label = 'e';
  const d = e.add(c);
  d.label = 'd';
  const f = new Value(-2.0, [], '', 'f');
  const L = d.mul(f);
  L.label = 'L';
  return { title: 'L = (a·b + c)·f', root: L };
}

function neuron(): Example {
  const x1 = new Value(2.0, [], '', 'x1');
  const x2 = new Value(0.0, [], '', 'x2');
  const w1 = new Value(-3.0, [], '', 'w1');
  const w2 = new Value(1.0, [], '', 'w2');
  const b = new Value(6.8813735870195432, [], '', 'b');
  const x1w1 = x1.mul(w1);
  x1w1.label = 'x1*w1';
  const x2w2 = x2.mul(w2);
  x2w2.label = 'x2*w2';
  const x1w1x2w2 = x1w1.add(x2w2);
  x1w1x2w2.label = 'x1*w1 + x2*w2';
  const n = x1w1x2w2.add(b);
  n.label = 'n';
  const o = n.tanh();
  o.label = 'o';
  return { title: 'A neuron: o = tanh(x1·w1 + x2·w2 + b)', root: o };
}

const builders = { L, neuron } satisfies Record<string, () => Example>;

export type ExampleName = keyof typeof builders;
export const exampleNames = Object.keys(builders) as ExampleName[];

export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(builders, name);
}

/** A fresh copy of a named example (fresh Values, grads at 0). */
export function buildExample(name: string): Example {
  if (!isExampleName(name)) {
    throw new Error(`GraphView: unknown example "${name}"; use one of ${exampleNames.map((n) => `"${n}"`).join(', ')}`);
  }
  return builders[name]();
}
