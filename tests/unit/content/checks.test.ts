// Exercise checks as a learner meets them (issue 29): each common mistake gets
// a hint about that mistake, a right answer that rounding moved a little still
// passes, and a wrong guess at an answer the reader must find never shows it.
// Each check runs here as the page runs it: the check fence, TypeScript
// stripped, with the cell globals and the learner's definitions in scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../../src/lessons/parse.ts';
import { Value, MLP, Neuron, topologicalOrder } from '../../../src/engine/index.ts';
import { assert as cellAssert, checkNumber } from '../../../src/runtime/cell-api.ts';

function checkOf(file: string, title: string): string {
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
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

/**
 * Runs a chapter's exercise as the page does: the cells it names (the chapter's own class), then
 * the exercise's starting code changed by `edit`, then its check, in one scope. The check's
 * failure message, or null when it passes.
 */
// Parsed once per file: the order puzzle below runs its exercise 720 times.
const parsed = new Map<string, ReturnType<typeof parseLesson>>();
const lessonOf = (file: string) =>
  parsed.get(file) ??
  parsed.set(file, parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file)).get(file)!;

function runExercise(file: string, title: string, before: string[], edit: (code: string) => string): string | null {
  const lesson = lessonOf(file);
  const cell = lesson.cells.find((c) => c.exercise && c.title === title);
  assert.ok(cell?.check, `${file} has an exercise "${title}" with a check`);
  const setup = before.map((t) => {
    const c = lesson.cells.find((x) => x.title === t);
    assert.ok(c, `${file} has a cell "${t}"`);
    return c.code;
  });
  const code = transform([...setup, edit(cell.code), cell.check].join('\n;\n'), { transforms: ['typescript'] }).code;
  const fn = new Function('assert', 'checkNumber', 'draw', 'console', code) as (...args: unknown[]) => void;
  try {
    fn(cellAssert, checkNumber, () => {}, { log: () => {} });
    return null;
  } catch (e) {
    assert.equal((e as Error).name, 'AssertionError', String(e));
    return (e as Error).message;
  }
}

test("chapter 4's order puzzle: any order with each call after its user's passes; an invalid one names the first call made too early", () => {
  const withOrder = (order: string[]) =>
    runExercise('04-ordered-calls.mdx', 'put the calls in order', ['Value from chapter 3'], (code) => {
      const edited = code.replace(/const order: string\[\] = \[[^\]]*\];/, `const order: string[] = ${JSON.stringify(order)};`);
      assert.notEqual(edited, code, 'the exercise has a line const order: string[] = [...]');
      return edited;
    });
  // Two different valid orders: the long branch first, or the short one first, or interleaved.
  assert.equal(withOrder(['L', 'm', 'd', 'e', 'k', 'q']), null);
  assert.equal(withOrder(['L', 'k', 'q', 'm', 'd', 'e']), null);
  assert.equal(withOrder(['L', 'm', 'k', 'd', 'q', 'e']), null);
  // The starting order: e is called first, before d has given it a grad.
  assert.equal(
    withOrder(['e', 'k', 'L', 'q', 'd', 'm']),
    'e._backward() is called too early: e is used by d, and d._backward() has not run yet, so e.grad is still 0 and e passes 0 on to its inputs',
  );
  // The first early call is named, not a later one: q before k (k is right after L).
  assert.match(
    withOrder(['L', 'q', 'k', 'e', 'm', 'd'])!,
    /^q\._backward\(\) is called too early: q is used by k, and k\._backward\(\) has not run yet/,
  );
  // L anywhere but first.
  assert.match(withOrder(['m', 'L', 'd', 'e', 'k', 'q'])!, /^m\._backward\(\) is called too early: m is used by L/);
  // A label twice, one missing, one unknown.
  assert.match(withOrder(['L', 'm', 'd', 'e', 'k', 'k'])!, /order should name k once, and names it 2 times/);
  assert.match(withOrder(['L', 'm', 'd', 'e', 'k'])!, /order should name q once, and names it not at all/);
  assert.match(withOrder(['L', 'm', 'd', 'e', 'k', 'q', 'q'])!, /order should name q once, and names it 2 times/);
  assert.match(withOrder(['L', 'm', 'd', 'e', 'k', 'x'])!, /"x" is not one of the six labels/);
  // Every order of the six: exactly the ten valid ones pass.
  const perms = (xs: string[]): string[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
  const passing = perms(['L', 'm', 'k', 'd', 'e', 'q']).filter((p) => withOrder(p) === null);
  assert.equal(passing.length, 10);
});

test("chapter 1's and chapter 8's predictions: the right one passes, a wrong one gets a hint for its mistake and never the answer", () => {
  const one = checkOf('01-derivatives.mdx', 'predict the error on x³');
  const centralSlope = (fn: (x: number) => number, x: number, step = 0.0001) => (fn(x + step) - fn(x - step)) / (2 * step);
  const predict = (myPrediction: number, slope = centralSlope) => run(one, { centralSlope: slope, myPrediction });
  assert.equal(predict(0.01), null);
  assert.match(predict(NaN)!, /write your prediction in myPrediction first/);
  assert.match(
    predict(0.01, () => 0)!,
    /finish that one first/,
  );
  for (const guess of [0, 0.61, 0.02, 0.1]) {
    const msg = predict(guess)!;
    assert.match(msg, new RegExp(`^your prediction is not right yet: you have ${guess}\\. Hint: `));
    assert.doesNotMatch(msg.replace(/you have [\d.]+/, ''), /0\.01\b|h²/);
  }
  assert.match(predict(0)!, /a parabola has no error left/);
  assert.match(predict(0.61)!, /one-sided nudge/);

  const eight = checkOf('08-neurons-and-layers.mdx', 'which step moves it most?');
  const pick = (myPick: string, seed = 3) => {
    const unit = new Neuron(3, { seed });
    const inputs = [2.0, 3.0, -1.0];
    const start = unit.forward(inputs);
    start.backward();
    return run(eight, { unit, inputs, start, myPick });
  };
  for (const seed of [1, 2, 3, 4, 5]) assert.equal(pick('w2', seed), null);
  assert.match(pick('')!, /write your pick in myPick first/);
  assert.match(pick('x')!, /"x" is not one of the labels/);
  for (const wrong of ['w1', 'w3', 'b']) {
    const msg = pick(wrong)!;
    assert.match(msg, new RegExp(`^your pick is not right yet: you have ${wrong}\\. Hint: `));
    assert.doesNotMatch(msg, /w2/);
  }
  assert.match(pick('b')!, /is there an input larger than 1/);
});
