// The review's schedule (src/runtime/review.ts) and its storage
// (src/runtime/review-store.ts): due a day after a miss, then 3 days, then 7,
// then learned; a wrong answer starts over; oldest-due first; an item whose
// lesson no longer has it is dropped; what is read is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../helpers/memory-storage.ts';
import { DAY, answered, dueFirst, isDue, miss, readItem, stillTaught, type ReviewQuestion } from '../../../src/runtime/review.ts';
import { countDue, forget, loadReview, recordAnswer, recordMiss } from '../../../src/runtime/review-store.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const q = (id: string, source = 'cell:a'): ReviewQuestion => ({ id, source, question: `q ${id}`, check: { kind: 'number', want: 0.5 } });

test('a miss is due one day later, not before', () => {
  const item = miss(q('x'), T0);
  assert.equal(item.due, T0 + DAY);
  assert.equal(item.step, 0);
  assert.equal(isDue(item, T0 + DAY - 1), false);
  assert.equal(isDue(item, T0 + DAY), true);
});

test('right answers when due move it on: 3 days, then 7, then it is learned and dropped', () => {
  let item = miss(q('x'), T0);
  const t1 = T0 + DAY;
  item = answered(item, true, t1)!;
  assert.deepEqual([item.step, item.due], [1, t1 + 3 * DAY]);
  const t2 = item.due;
  item = answered(item, true, t2)!;
  assert.deepEqual([item.step, item.due], [2, t2 + 7 * DAY]);
  assert.equal(answered(item, true, item.due), null);
});

test('a wrong answer starts over: due a day later, back at the first step', () => {
  let item = miss(q('x'), T0);
  item = answered(item, true, T0 + DAY)!;
  const t = T0 + 4 * DAY;
  const again = answered(item, false, t)!;
  assert.deepEqual([again.step, again.due, again.missed], [0, t + DAY, t]);
});

test('a right answer before it is due changes nothing', () => {
  const item = miss(q('x'), T0);
  assert.equal(answered(item, true, T0 + 1000), item);
});

test('due items come oldest-due first; items not due are left out', () => {
  const a = miss(q('a'), T0 + 2 * DAY);
  const b = miss(q('b'), T0);
  const c = miss(q('c'), T0 + DAY);
  const notYet = miss(q('d'), T0 + 5 * DAY);
  assert.deepEqual(
    dueFirst([a, notYet, c, b], T0 + 4 * DAY).map((i) => i.id),
    ['b', 'c', 'a'],
  );
});

test('an item whose lesson no longer has its source is set apart as gone', () => {
  const items = [miss(q('a', 'cell:kept'), T0), miss(q('b', 'cell:removed'), T0), miss(q('c', 'widget:GradQuiz'), T0)];
  const { kept, gone } = stillTaught(items, (s) => s !== 'cell:removed');
  assert.deepEqual(
    kept.map((i) => i.id),
    ['a', 'c'],
  );
  assert.deepEqual(
    gone.map((i) => i.id),
    ['b'],
  );
});

test('stored items are checked, not trusted', () => {
  const good = miss({ ...q('a'), code: 'console.log(1)', check: { kind: 'printed', want: '1' } }, T0);
  assert.deepEqual(readItem(JSON.parse(JSON.stringify(good))), good);
  assert.equal(readItem({ ...good, step: 3 }), null);
  assert.equal(readItem({ ...good, due: 'soon' }), null);
  assert.equal(readItem({ ...good, check: { kind: 'number', want: '1' } }), null);
  assert.equal(readItem({ ...good, check: { kind: 'eval', want: 'x' } }), null);
  assert.equal(readItem(null), null);
});

test('the store keeps misses per lesson, counts what is due, and moves an answered item on', () => {
  const store = new MemoryStorage();
  recordMiss('backprop-by-hand', q('a'), T0, store);
  recordMiss('closures', q('b'), T0 + DAY, store);
  assert.deepEqual([...countDue(T0 + DAY, store)], [['backprop-by-hand', 1]]);
  assert.deepEqual([...countDue(T0 + 2 * DAY, store)].sort(), [
    ['backprop-by-hand', 1],
    ['closures', 1],
  ]);
  // A right answer to something never missed keeps nothing.
  assert.equal(recordAnswer('closures', 'never', true, T0, store), null);
  assert.equal(loadReview('closures', store).size, 1);
  const moved = recordAnswer('backprop-by-hand', 'a', true, T0 + DAY, store);
  assert.equal(moved?.due, T0 + 4 * DAY);
  assert.deepEqual([...countDue(T0 + 2 * DAY, store)], [['closures', 1]]);
  // A miss of a kept item starts it over.
  recordMiss('backprop-by-hand', q('a'), T0 + 2 * DAY, store);
  assert.equal(loadReview('backprop-by-hand', store).get('a')?.step, 0);
  forget('closures', ['b'], store);
  assert.equal(store.getItem('micrograd:review:closures'), null);
});

test('a broken or blocked storage reads as nothing kept', () => {
  const store = new MemoryStorage();
  store.setItem('micrograd:review:x', '{not json');
  assert.equal(loadReview('x', store).size, 0);
  assert.equal(countDue(T0, null).size, 0);
  recordMiss('x', q('a'), T0, null); // does not throw
});

test("the old grad quiz's items are read under the L graph's ids, still asked the same; anything else of it is left to be dropped", () => {
  const store = new MemoryStorage();
  const old = (node: string) => ({ ...miss(q(`widget:GradQuiz/${node}`, 'widget:GradQuiz'), T0), check: { kind: 'number', want: -2 } });
  store.setItem(
    'micrograd:review:manual-gradients',
    JSON.stringify({ e: old('e'), L: old('L'), zz: old('zz'), 'cell:a/x': miss(q('cell:a/x'), T0) }),
  );
  const items = loadReview('manual-gradients', store);
  assert.deepEqual([...items.keys()].sort(), [
    'cell:a/x',
    'widget:GradQuiz/zz',
    'widget:GraphView:L/L.grad',
    'widget:GraphView:L/d._backward/e',
  ]);
  const e = items.get('widget:GraphView:L/d._backward/e')!;
  assert.equal(e.source, 'widget:GraphView:L');
  assert.equal(e.question, 'q widget:GradQuiz/e');
  assert.deepEqual(e.check, { kind: 'number', want: -2 });
  assert.equal(e.due, T0 + DAY);
  // The unknown one keeps its old source, which no lesson has: the review page sets it apart as gone.
  const { gone } = stillTaught([...items.values()], (s) => s !== 'widget:GradQuiz');
  assert.deepEqual(
    gone.map((i) => i.id),
    ['widget:GradQuiz/zz'],
  );
  // An answer moves the mapped item on under its new id, and the old key is gone from storage.
  recordAnswer('manual-gradients', 'widget:GraphView:L/d._backward/e', true, T0 + DAY, store);
  const saved = JSON.parse(store.getItem('micrograd:review:manual-gradients')!) as Record<string, { step: number }>;
  assert.equal(saved['widget:GraphView:L/d._backward/e'].step, 1);
  assert.equal(saved.e, undefined);
});

test("a value's name is checked as TopoOrder checks it, and kept as such", () => {
  const item = readItem({ ...miss(q('t'), T0), check: { kind: 'name', want: 'x1*w1' } });
  assert.deepEqual(item?.check, { kind: 'name', want: 'x1*w1' });
  assert.equal(readItem({ ...miss(q('t'), T0), check: { kind: 'name', want: 3 } }), null);
});
