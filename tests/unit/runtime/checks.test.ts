// The wording of a wrong answer in an exercise check (src/runtime/checks.ts):
// the value and its type, and a hint for the slips a learner makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeGot, wrongNumber } from '../../../src/runtime/checks.ts';
import { Value } from '../../../src/engine/index.ts';

test('a right answer passes, exactly or within the tolerance', () => {
  assert.equal(wrongNumber('x.grad', 6, 6), null);
  assert.equal(wrongNumber('x.grad', 6.0000000001, 6), null);
  assert.equal(wrongNumber('slope', 14.01, 14, { near: 0.1 }), null);
  assert.notEqual(wrongNumber('slope', 14.01, 14), null);
});

test('a string that looks like the number fails, and says it is a string', () => {
  const msg = wrongNumber('x.grad', '6', 6);
  assert.ok(msg?.startsWith('x.grad should be 6, got "6" (a string)'), msg ?? '');
  assert.match(msg!, /drop the quotes/);
});

test('NaN and undefined get a hint about misspelt names', () => {
  const o = { grad: 2 } as Record<string, number>;
  const nan = wrongNumber('x.grad', 2 * o.gradd, 6);
  assert.match(nan!, /got NaN\. Hint: .*misspelt name/);
  const undef = wrongNumber('x.grad', o.gradd, 6);
  assert.match(undef!, /got undefined\. Hint: .*misspelt name/);
});

test("a wrong number shows the number and the author's hint; other values say what they are", () => {
  assert.equal(
    wrongNumber('x.grad', 3, 6, { hint: 'multiply by out.grad too' }),
    'x.grad should be 6, got 3. Hint: multiply by out.grad too',
  );
  assert.equal(wrongNumber('x.grad', 3, 6), 'x.grad should be 6, got 3');
  assert.match(wrongNumber('y', new Value(6), 6)!, /got a Value \(data=6, grad=0\)\. Hint: .*\.data or its \.grad/);
  assert.match(
    wrongNumber('y', () => 6, 6)!,
    /got a function\. Hint: .*call it/,
  );
  assert.equal(describeGot(true), 'true (a boolean)');
  assert.equal(describeGot(null), 'null');
  assert.equal(describeGot([1, 2]), 'an array of 2');
  assert.equal(describeGot(Infinity), 'Infinity');
});

test('a secret answer is never shown: a wrong guess gets what it had and the hint, a right one passes', () => {
  const msg = wrongNumber('breaksAt', 0.5, 0.24, { near: 1e-9, hint: 'a smaller rate already breaks', secret: true });
  assert.equal(msg, 'breaksAt is not right yet: you have 0.5. Hint: a smaller rate already breaks');
  assert.doesNotMatch(msg!, /0\.24/);
  assert.equal(wrongNumber('breaksAt', 0.24, 0.24, { secret: true }), null);
  // A slip still gets its own hint, and still no answer.
  const text = wrongNumber('your prediction', '11', 11, { secret: true });
  assert.equal(text, 'your prediction is not right yet: you have "11" (a string). Hint: that is text, not a number: drop the quotes.');
  assert.equal(wrongNumber('your prediction', 1024, 11, { secret: true }), 'your prediction is not right yet: you have 1024');
});
