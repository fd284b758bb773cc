// backward() must not recurse: a chain of a million nodes works.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../src/engine/index.ts';

test('backward() through a chain of 1,000,000 nodes: no stack overflow, right gradient', () => {
  const x = new Value(1);
  let y = x;
  const n = 500_000; // two nodes per link (mul, add) plus constants: over a million in all
  for (let i = 0; i < n; i++) y = y.mul(1.0001).add(0.0001);
  y.backward();
  const expected = 1.0001 ** n;
  assert.ok(Math.abs(x.grad - expected) / expected < 1e-6, `dx = ${x.grad}, expected ${expected}`);
});

test('a pure chain of 1,000,000 ops (no constants) also works', () => {
  const x = new Value(0.5);
  let y = x;
  for (let i = 0; i < 1_000_000; i++) y = y.neg();
  y.backward();
  assert.equal(x.grad, 1); // an even number of negations
});
