// The lab's parameters read as a person reads them: each neuron's name, its
// formula with the numbers in it, and per parameter its value, its grad from
// the last step and the update that step made (−rate × grad). No DOM.

import { formatLabNumber } from '../../runtime/format.ts';
import type { FlatNet } from '../training/trainer.ts';

export interface ParamRow {
  /** e.g. "w from x", "w from h1.3", "bias". */
  name: string;
  value: number;
  grad: number | null;
  /** What the last step added to the value; null when unknown. */
  update: number | null;
}

export interface NeuronParams {
  /** h<layer>.<n> for hidden neurons, "score" for the output. */
  name: string;
  formula: string;
  rows: ParamRow[];
}

/** The names of layer l's inputs: x and y in the plane (x1, x2, x3 for the four examples), or the previous layer's neurons. */
export function inputNames(net: FlatNet, l: number): string[] {
  if (l > 0) return net.layers[l - 1].map((_, i) => `h${l}.${i + 1}`);
  const n = (net.layers[0]?.[0]?.length ?? 3) - 1;
  return n === 2 ? ['x', 'y'] : Array.from({ length: n }, (_, i) => `x${i + 1}`);
}

export const neuronName = (net: FlatNet, l: number, j: number): string => (l === net.layers.length - 1 ? 'score' : `h${l + 1}.${j + 1}`);

/** Where neuron (l, j)'s parameters start in model.parameters() order. */
export function offsetOf(net: FlatNet, l: number, j: number): number {
  let at = 0;
  for (let k = 0; k < l; k++) at += net.layers[k].reduce((n, wb) => n + wb.length, 0);
  return at + j * (net.layers[l][0]?.length ?? 0);
}

/** Neuron (l, j): its formula with its numbers, and its parameters. `grads` and `rate` are the last step's. */
export function neuronParams(net: FlatNet, l: number, j: number, grads: ArrayLike<number> | null, rate: number | null): NeuronParams {
  const wb = net.layers[l][j];
  const inputs = inputNames(net, l);
  const n = wb.length - 1;
  const act = net.activations[l];
  // Terms joined by their signs: 0.2·x − 0.1·y + 0.3, not 0.2·x + −0.1·y + 0.3.
  const term = (v: number, name: string, first: boolean) =>
    `${v < 0 ? (first ? '−' : ' − ') : first ? '' : ' + '}${formatLabNumber(Math.abs(v), 3)}${name ? `·${name}` : ''}`;
  const sum = [...inputs.map((name, i) => term(wb[i], name, i === 0)), term(wb[n], '', false)].join('');
  const name = neuronName(net, l, j);
  const start = offsetOf(net, l, j);
  const row = (label: string, i: number): ParamRow => {
    const grad = grads ? grads[start + i] : null;
    return { name: label, value: wb[i], grad, update: grad === null || rate === null ? null : -rate * grad };
  };
  return {
    name,
    formula: `${name} = ${act === 'linear' ? sum : `${act}(${sum})`}`,
    rows: [...inputs.map((input, i) => row(`w from ${input}`, i)), row('bias', n)],
  };
}

/** Every neuron's parameters, in layer order. */
export function allParams(net: FlatNet, grads: ArrayLike<number> | null, rate: number | null): NeuronParams[] {
  return net.layers.flatMap((layer, l) => layer.map((_, j) => neuronParams(net, l, j, grads, rate)));
}
