// A `predict` cell's comparison (src/widgets/cells/prediction.ts): numbers as
// numbers, names' digits not counted, words when there are no numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLesson } from '../../../../src/lessons/parse.ts';
import { printed } from '../../../../src/widgets/cells/prediction.ts';
import { matches } from '../../../../src/widgets/cells/print-match.ts';

test('numbers match as numbers, in order, to 1e-4; digits inside names are not numbers', () => {
  const out = 'b 0.5000, x1*w1 + x2*w2 0.5000';
  assert.equal(matches('0.5 0.5', out), true);
  assert.equal(matches('b 0.5, x1*w1 + x2*w2 0.5', out), true);
  assert.equal(matches('0.5, −0.5', out), false);
  assert.equal(matches('0.5', out), false, 'one number short');
  assert.equal(matches('1 -1.5', 'o 1.0000, x1 -1.50001'), true);
});

test('without numbers, the words must match', () => {
  assert.equal(matches('true', 'true'), true);
  assert.equal(matches('nothing', 'NaN'), false);
  assert.equal(matches('', ''), false);
});

test('what was printed: console lines and the last value, not notices or errors', () => {
  assert.equal(
    printed([
      { kind: 'log', level: 'log', text: 'a 1' },
      { kind: 'notice', text: 'Stopped' },
      { kind: 'result', text: '2' },
    ]),
    'a 1\n2',
  );
});

test('chapters 2, 3, 4, 6 and 7 each ask for a prediction at a cell that prints a grad, and the cell does not give its answer away', () => {
  for (const file of [
    '02-manual-gradients.mdx',
    '03-closures.mdx',
    '04-ordered-calls.mdx',
    '06-accumulating-gradients.mdx',
    '07-more-ops.mdx',
  ]) {
    const lesson = parseLesson(readFileSync(new URL(`../../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
    const asked = lesson.cells.filter((c) => c.predict);
    assert.ok(asked.length >= 1, `${file} has a predict cell`);
    for (const c of asked) {
      assert.match(c.code, /\.grad\b|showGrads\(/, `${file} cell ${c.n} prints a grad`);
      // A comment with a number after what it prints would be the answer, before the run.
      for (const line of c.code.split('\n').filter((l) => /console\.log|^\w+\.grad\s*(\/\/|$)/.test(l))) {
        assert.doesNotMatch(line, /\/\/.*\d/, `${file} cell ${c.n}: ${line}`);
      }
    }
  }
});
