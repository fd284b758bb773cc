// GradQuiz's checking (src/widgets/quiz/grad-quiz.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABOVE, QUIZ_NODES, buildL, checkAnswer, engineGrads, hintFor, nudgeSlope } from '../../../../src/widgets/quiz/grad-quiz.ts';

const GRADS = { L: 1, f: 4, d: -2, c: -2, e: -2, a: 6, b: -4 };

test("the expression and its grads are chapter 2's", () => {
  const built = buildL();
  assert.equal(built.e.data, -6);
  assert.equal(built.d.data, 4);
  assert.equal(built.L.data, -8);
  assert.deepEqual(engineGrads(), GRADS);
});

test('every right answer is accepted, in the forms people type', () => {
  for (const node of QUIZ_NODES) assert.equal(checkAnswer(node, String(GRADS[node])).status, 'correct', node);
  assert.equal(checkAnswer('b', '−4').status, 'correct');
  assert.equal(checkAnswer('a', ' 6.0 ').status, 'correct');
  assert.equal(checkAnswer('a', '6.00001').status, 'correct'); // within 1e-4, as Predict first
  assert.equal(checkAnswer('a', '6.001').status, 'wrong');
  assert.equal(checkAnswer('f', '8/2').status, 'correct');
});

test('a wrong answer gets a hint naming the rule and the node above', () => {
  const v = checkAnswer('a', '5');
  assert.equal(v.status, 'wrong');
  assert.match(v.message, /chain rule/);
  assert.match(v.message, /local derivative × the grad arriving from above, here grad of e/);
  assert.match(v.message, /e = a·b is a product/);
  assert.match(checkAnswer('c', '1').message, /d = e \+ c is a sum, so the local derivative ∂d\/∂c is 1/);
  assert.match(checkAnswer('L', '0').message, /dL\/dL = 1/);
  for (const node of QUIZ_NODES) {
    const above = ABOVE[node];
    if (above) assert.ok(hintFor(node).includes(`grad of ${above.node}`), node);
  }
});

test('empty and non-numbers are told apart from wrong answers', () => {
  assert.equal(checkAnswer('a', '').status, 'empty');
  assert.equal(checkAnswer('a', 'six').status, 'invalid');
});

test('nudging each node by 0.001 gives its grad, numerically', () => {
  for (const node of QUIZ_NODES) {
    const { before, slope } = nudgeSlope(node);
    assert.equal(before, -8);
    assert.ok(Math.abs(slope - GRADS[node]) < 1e-6, `${node}: ${slope}`);
  }
  assert.ok(Math.abs(nudgeSlope('a').after - -7.994) < 1e-9);
});
