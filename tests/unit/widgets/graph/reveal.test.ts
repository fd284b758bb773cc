import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrollToReveal, union } from '../../../../src/widgets/graph/reveal.ts';

const view = { left: 0, top: 0, width: 700, height: 200 };
const box = (left: number, right: number, top = 20, bottom = 50) => ({ left, top, right, bottom });

test('a value already in view does not move the graph', () => {
  assert.deepEqual(scrollToReveal(view, box(100, 300), box(100, 300)), { left: 0, top: 0 });
});

test('a value off to the right scrolls just far enough, with a margin', () => {
  // The output L sits at 1076..1326 of a 1326-wide graph in a 700-wide view.
  assert.deepEqual(scrollToReveal(view, box(1076, 1326), box(1076, 1326)), { left: 1326 + 12 - 700, top: 0 });
});

test('a value off to the left scrolls back, never past 0', () => {
  const scrolled = { ...view, left: 600 };
  assert.deepEqual(scrollToReveal(scrolled, box(250, 400), box(250, 400)), { left: 238, top: 0 });
  assert.deepEqual(scrollToReveal(scrolled, box(5, 100), box(5, 100)), { left: 0, top: 0 });
});

test('a node and the inputs it changed come into view together when they fit', () => {
  const want = union([box(800, 1050), box(500, 750, 100, 130)])!;
  assert.deepEqual(want, { left: 500, top: 20, right: 1050, bottom: 130 });
  assert.deepEqual(scrollToReveal(view, want, box(800, 1050)), { left: 1050 + 12 - 700, top: 0 });
});

test('when they do not fit, the node being worked on wins', () => {
  const want = union([box(1200, 1450), box(100, 350)])!;
  assert.deepEqual(scrollToReveal(view, want, box(1200, 1450)), { left: 1450 + 12 - 700, top: 0 });
});

test('vertically too', () => {
  assert.deepEqual(scrollToReveal(view, box(0, 100, 400, 440), box(0, 100, 400, 440)), { left: 0, top: 440 + 12 - 200 });
});

test('union of nothing is nothing', () => {
  assert.equal(union([]), null);
});
