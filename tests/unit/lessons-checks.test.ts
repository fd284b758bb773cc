// Exercise checks as a learner meets them (issue 29): each common mistake gets
// a hint about that mistake, a right answer that rounding moved a little still
// passes, and a wrong guess at an answer the reader must find never shows it.
// Each check runs here as the page runs it: the check fence, TypeScript
// stripped, with the cell globals and the learner's definitions in scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../src/lessons/parse.ts';
import { Value, MLP, topologicalOrder } from '../../src/engine/index.ts';
import { assert as cellAssert, checkNumber } from '../../src/runtime/cell-api.ts';

function checkOf(file: string, title: string): string {
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.exercise && c.title === title);
  assert.ok(cell?.check, `${file} has an exercise "${title}" with a check`);
  return transform(cell.check, { transforms: ['typescript'] }).code;
}

/** The check's failure message, or null when it passes. */
function run(check: string, scope: Record<string, unknown>): string | null {
  const names = ['Value', 'MLP', 'assert', 'checkNumber', ...Object.keys(scope)];
  const fn = new Function(...names, check) as (...args: unknown[]) => void;
  try {
    fn(Value, MLP, cellAssert, checkNumber, ...Object.values(scope));
    return null;
  } catch (e) {
    assert.equal((e as Error).name, 'AssertionError', String(e));
    return (e as Error).message;
  }
}

type Build = () => Value;
/** A gradCheck whose measurement of x's slope is `measure`, the rest as the exercise gives it. */
const gradCheckWith =
  (measure: (x: Value, build: Build, step: number) => number) =>
  (inputs: Value[], build: Build, step = 1e-5): number => {
    for (const x of inputs) x.grad = 0;
    build().backward();
    let worst = 0;
    for (const x of inputs) worst = Math.max(worst, Math.abs(measure(x, build, step) - x.grad));
    return worst;
  };

test("chapter 7's gradCheck: a correct checker that rounding leaves at 0.6999999999999998 passes; each mistake gets its own hint", () => {
  const check = checkOf('07-more-ops.mdx', 'a gradient checker');
  const undoByArithmetic = gradCheckWith((x, build, step) => {
    x.data += step;
    const up = build().data;
    x.data -= 2 * step;
    const down = build().data;
    x.data += step;
    return (up - down) / (2 * step);
  });
  // The arithmetic really does leave u a hair off 0.7.
  const u = new Value(0.7);
  undoByArithmetic([u], () => u.exp());
  assert.notEqual(u.data, 0.7);
  assert.equal(run(check, { gradCheck: undoByArithmetic }), null);

  const saved = gradCheckWith((x, build, step) => {
    const start = x.data;
    x.data = start + step;
    const up = build().data;
    x.data = start - step;
    const down = build().data;
    x.data = start;
    return (up - down) / (2 * step);
  });
  assert.equal(run(check, { gradCheck: saved }), null);

  const notPutBack = gradCheckWith((x, build, step) => {
    const start = x.data;
    x.data = start + step;
    const up = build().data;
    x.data = start - step;
    return (up - build().data) / (2 * step);
  });
  assert.match(
    run(check, { gradCheck: notPutBack })!,
    /^after gradCheck, u\.data is 0\.69999\d*, 1 step below the 0\.7 it started at\. Hint: .*set x\.data back/,
  );

  const nothingMeasured = gradCheckWith(() => 0); // the starting code
  assert.match(run(check, { gradCheck: nothingMeasured })!, /should be 0, got 0\.71\d*\. Hint: gradCheck called build\(\) only once/);

  const oneSided = gradCheckWith((x, build, step) => {
    const start = x.data;
    const here = build().data;
    x.data = start + step;
    const up = build().data;
    x.data = start;
    return (up - here) / step;
  });
  assert.match(run(check, { gradCheck: oneSided })!, /Hint: that is small, but more than rounding: it is what a one-sided nudge gives/);

  const noTwo = gradCheckWith((x, build, step) => {
    const start = x.data;
    x.data = start + step;
    const up = build().data;
    x.data = start - step;
    const down = build().data;
    x.data = start;
    return (up - down) / step;
  });
  assert.match(run(check, { gradCheck: noTwo })!, /Hint: the mismatch is as large as the grads themselves: .*2 · step/);
});

test("chapter 5's and chapter 6's predictions and chapter 9's breaksAt: a wrong answer gets a hint, never the answer", () => {
  const doubled = (n: number) => {
    let v = new Value(1.0);
    for (let i = 0; i < n; i++) v = v.add(v);
    return v;
  };
  const order = checkOf('05-topological-sort.mdx', 'how long is the order?');
  const topoSort = topologicalOrder;
  const five = (myPrediction: number) => run(order, { doubled: doubled(10), topoSort, myPrediction });
  assert.equal(five(11), null);
  for (const guess of [1024, 10, 2048, 21]) {
    const msg = five(guess)!;
    assert.match(msg, new RegExp(`^your prediction is not right yet: you have ${guess}\\. Hint: `));
    assert.doesNotMatch(msg, /\b11\b/);
  }
  assert.match(five(10)!, /did you count base/);
  assert.match(five(1024)!, /not the ways of reaching them/);

  const grad = checkOf('06-accumulating-gradients.mdx', 'predict the grad');
  const start = new Value(1.0);
  let top = start;
  for (let i = 0; i < 10; i++) top = top.add(top);
  top.backward();
  const six = (myPrediction: number) => run(grad, { start, myPrediction });
  assert.equal(six(1024), null);
  for (const guess of [1, 20, 11, 512, 2048]) {
    const msg = six(guess)!;
    assert.match(msg, /^your prediction is not right yet: you have \d+\. Hint: /);
    assert.doesNotMatch(msg, /1024|1,024/);
  }
  assert.match(six(20)!, /each add doubles the grad/);

  // Chapter 9: finalLoss stands in for the trained networks (the loss is above 1 from 0.24).
  const breaks = checkOf('09-training.mdx', 'find where training breaks');
  const finalLoss = (lr: number) => (lr >= 0.24 - 1e-12 ? 7.99 : 0.003);
  const nine = (breaksAt: number) => run(breaks, { finalLoss, breaksAt });
  assert.equal(nine(0.24), null);
  for (const guess of [0.5, 0.1, 0.3]) {
    const msg = nine(guess)!;
    assert.match(msg, new RegExp(`^breaksAt is not right yet: you have ${guess}\\. Hint: `));
    assert.doesNotMatch(msg, /0\.24/);
  }
  assert.match(nine(0.1)!, /Keep searching upwards/);
  assert.match(nine(0.5)!, /a smaller one already does/);
});
