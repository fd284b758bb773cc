// The lecture's example graphs, as the site builds them (src/widgets/graph/examples.ts),
// with every Value reachable by its label, so a test reads `x1` or `n` without
// building the graph again by hand.

import type { Value } from '../../../src/engine/index.ts';
import { buildExample, type ExampleName } from '../../../src/widgets/graph/examples.ts';

/** A fresh copy of the example (grads 0) and each of its labelled Values, e.g. lecture('neuron').x1. */
export function lecture(name: ExampleName): Record<string, Value> {
  const byLabel: Record<string, Value> = {};
  const visit = (v: Value): void => {
    if (v.label !== '' && !(v.label in byLabel)) byLabel[v.label] = v;
    for (const child of v._prev) visit(child);
  };
  visit(buildExample(name).root);
  return byLabel;
}
