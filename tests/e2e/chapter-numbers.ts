// The numbers DESIGN.md ("The chapters") lists for each chapter, checked
// against the cells' output texts after "Run all" (index 0 is cell 1).
// Plain node:assert, so the Chromium specs (Playwright) and the Firefox and
// WebKit journeys (tests/engines, node's test runner) share one copy.
import assert from 'node:assert/strict';
import type { CHAPTERS } from './chapters.ts';

type Slug = (typeof CHAPTERS)[number];

const has = (all: string, part: string, what?: string) =>
  assert.ok(all.includes(part), `${what ?? 'the outputs'} should contain ${JSON.stringify(part)}`);

export const NUMBERS: Record<Slug, (out: string[]) => void> = {
  derivatives: (out) => {
    assert.equal(out[0], '20'); // f(3)
    const all = out.join('\n');
    has(all, '14.000300000063248'); // slope at 3, h = 0.0001
    has(all, '14 -22 0'); // at 3, -3 and 2/3
    assert.match(all, /-3\.0000000000\d*\n2\.0000000000\d*\n0\.99999999999\d*/); // d = a*b + c: slopes -3, 2, 1
  },
  'manual-gradients': (out) => {
    const all = out.join('\n');
    has(all, '-6 4 -8'); // e, d, L
    has(all, '1 4 -2 -2 -2 6 -4'); // the grads by hand: L f d c e a b
    has(all, '-7.286496'); // one step up
    has(all, '0.8813735870195432 0.7071067811865477'); // the neuron: n, o
  },
  closures: (out) => {
    const all = out.join('\n');
    has(all, '-15 10'); // mul swaps the other's data in
    has(all, '_backward is not a function'); // the famous slip
    has(all, '2 0.070651 0.070651'); // 1 - t² derived, checked by nudging at x = 2
    // The this trap: a function () {} closure writes the output's grad (1 - tanh(0.5)²), not the input's.
    // Digits past the 13th are left out: engines' tanh may differ in the last one.
    assert.match(all, /(^|\n)0 0\.7864477329659\d*(\n|$)/);
  },
  'ordered-calls': (out) => {
    const all = out.join('\n');
    has(all, 'o 1.0000, n 0.5000'); // the base case, then o._backward()
    has(all, 'x2 0.5000, w2 0.0000, x1 -1.5000, w1 1.0000'); // the ordered calls
    // The wrong order: zeros flow.
    has(all, 'o 1.0000, n 0.5000, x1*w1 0.0000, x2*w2 0.0000, x2 0.0000, w2 0.0000, x1 0.0000, w1 0.0000');
  },
  'topological-sort': (out) => {
    const all = out.join('\n');
    has(all, 'x1 → w1 → x1*w1 → x2 → w2 → x2*w2 → x1*w1 + x2*w2 → b → n → o');
    has(all, 'x2 0.5000, w2 0.0000, x1 -1.5000, w1 1.0000');
    // Kahn's algorithm: chapter 4's rule, directly (on the neuron, the reversed depth-first order).
    has(all, 'o → n → b → x1*w1 + x2*w2 → x2*w2 → w2 → x2 → x1*w1 → w1 → x1');
    // The bug hunt at the end: b = a + a with a = 3 gives b.data 6 and, with =, a.grad 1.
    assert.ok(
      out.some((o) => o === '6 1' || o.startsWith('6 1\n')),
      'the bug hunt cell shows "6 1"',
    );
    // The recursive sort on a deep chain runs out of stack: V8 and JavaScriptCore throw
    // "RangeError: Maximum call stack size exceeded", SpiderMonkey "InternalError: too much recursion".
    assert.match(all, /RangeError: Maximum call stack size exceeded|InternalError: too much recursion/);
  },
  'accumulating-gradients': (out) => {
    // b = a + a with a = 3: b.data 6 and a.grad 1 with the bug; a.grad 2 after the fix.
    const bug = out.findIndex((o) => o.startsWith('6 1\n') || o === '6 1');
    assert.ok(bug >= 0, 'the bug cell shows "6 1"');
    assert.ok(
      out.slice(bug + 1).some((o) => /^2(\n|$)/.test(o)),
      'a.grad 2 after the fix',
    );
    const all = out.join('\n');
    has(all, '-3 -8 1 -6 1'); // a, b, d, e, f
    // Why reverse mode: 1,024 paths summed with 11 calls; one backward pass against a forward pass per input.
    has(all, '1024 1024 11');
    has(all, 'backward: 1 forward pass, then 301 _backward calls');
    has(all, 'nudging: 101 forward passes of 301 values each');
    assert.match(all, /1\.3139731974375781 1\.31407\d*/); // the grad of x7 = 2 sin 7, then its nudged estimate
    // Forward mode: a Dual pass per input gives f's -3 (a) and -8 (b); 100 passes against one backward, the same numbers.
    has(all, '-6 -3 -8');
    has(all, 'forward mode: 100 passes, one derivative each\nreverse mode: 1 forward and 1 backward pass, all 100 grads\ntrue');
  },
  'more-ops': (out) => {
    const all = out.join('\n');
    assert.match(all, /5\.8284\d* 0\.7071\d*/); // e and o of tanh rebuilt from exp
    has(all, 'x1 -1.5000, w1 1.0000, x2 0.5000, w2 0.0000'); // same grads as the tanh op
    has(all, '355 NaN 1'); // the formula overflows, Math.tanh does not
    has(all, '7.38905609893065 7.38905609893065'); // Value(2.0).exp() and its grad
    has(all, '2 0'); // relu passes the grad where the input is positive, blocks it where negative
    has(all, '6.881373405456543 0.7071066904050358'); // float32, as torch.Tensor stores the bias
    has(all, '-1.5000003851533106'); // x1's grad in float32, as in the lecture
    // micrograd's own tests on the chapter's class: every number agrees with micrograd's to 1e-12 relative.
    has(all, 'test_sanity_check: y -20 agrees, x.grad 46 agrees');
    // Chromium prints micrograd's digits exactly; other engines' pow may differ in a last digit, which 'agrees' allows.
    assert.match(all, /test_more_ops: g 24\.704081632653\d* agrees, a\.grad 138\.83381924198\d* agrees, b\.grad 645\.5772594752\d* agrees/);
    assert.doesNotMatch(all, /DIFFERS/);
  },
  'neurons-and-layers': (out) => {
    const all = out.join('\n');
    has(all, '41'); // MLP(3, [4, 4, 1]).parameters().length
    has(all, '126'); // the values of one forward pass, all drawn
    has(all, 'every grad agrees with nudging'); // chapter 7's checker on the whole network
    // Why a nonlinearity: without tanh the four steps between outputs are one number (a line).
    const line = /without tanh, the steps: (\S+) (\S+) (\S+) (\S+)/.exec(all);
    assert.ok(line, 'the nonlinearity cell prints the steps without tanh');
    assert.equal(new Set(line.slice(1)).size, 1, `equal steps without tanh: ${line[0]}`);
    assert.match(all, /with tanh, the steps: +\S+ \S+ \S+ \S+/);
    assert.match(all, /\n0(\n|$)/, 'zeroGrad() leaves no parameter with a grad');
  },
  training: (out) => {
    const all = out.join('\n');
    // The loop: the loss falls below 0.01 within 100 steps.
    const losses = (text: string) =>
      [...text.matchAll(/step (\d+): loss ([\d.]+)/g)].map((m) => ({ step: Number(m[1]), loss: Number(m[2]) }));
    const trained = out.find((o) => /loss below 0\.01 from step \d+/.test(o));
    assert.ok(trained !== undefined, 'the training loop cell');
    const run = losses(trained);
    assert.ok(run.length > 5, 'the loop prints more than 5 losses');
    assert.ok(run[0].loss > 1, 'the first loss is above 1');
    assert.ok(
      run.every((r) => r.step < 100),
      'every step is below 100',
    );
    assert.ok(
      run.some((r) => r.loss < 0.01),
      'the loss gets below 0.01',
    );
    assert.ok(Number(/loss below 0\.01 from step (\d+)/.exec(trained)![1]) < 100, 'below 0.01 before step 100');
    // Forgetting to zero the grads: the loss gets stuck at 8 and never gets near 0.01.
    const forgetful = out.find((o) => o !== trained && /step 99: loss/.test(o));
    assert.ok(forgetful !== undefined, 'the forgot-to-zero cell');
    const bad = losses(forgetful);
    assert.equal(bad.at(-1)!.loss, 8);
    assert.ok(
      bad.slice(2).every((r) => r.loss >= 1),
      'the forgetful loss stays at or above 1',
    );
    has(forgetful, '["1.0000", "1.0000", "1.0000", "1.0000"]', 'the forgot-to-zero cell'); // every prediction saturated
    has(all, '6.677270'); // the same start for both
    // The forgetful loop's p.grad is the running sum of each step's own gradient (computed on a
    // zeroed copy); the own gradient dies, the loss sits at 8, and the weights keep moving 5.29 a step.
    const rows = [
      ...all.matchAll(
        /step (\d+): loss ([\d.]+) \| w: own gradient (\S+), sum of own (-?[\d.]+), p\.grad (-?[\d.]+) \| all 41: largest own gradient (\S+), step length ([\d.]+)/g,
      ),
    ];
    assert.deepEqual(
      rows.map((m) => Number(m[1])),
      [0, 5, 10, 15, 20, 25, 30],
      'the running-sum cell prints every fifth step',
    );
    for (const m of rows) assert.equal(m[4], m[5], `step ${m[1]}: p.grad equals the sum of the own gradients`);
    for (const m of rows.slice(3)) {
      assert.equal(m[2], '8.0000', `step ${m[1]}: the loss sits at 8`);
      assert.equal(m[7], '5.29', `step ${m[1]}: the weights still move`);
    }
    assert.ok(Math.abs(Number(rows[0][3])) > 0.1, 'the first own gradient is sizeable');
    for (const m of rows.slice(5)) assert.equal(Number(m[6]), 0, `step ${m[1]}: every own gradient is 0`);
    // One NaN in the data: every parameter is NaN after one step, and so is every answer.
    has(all, 'NaN 41 of 41 parameters are NaN');
    has(all, '[NaN, NaN, NaN, NaN]');
  },
  'making-it-fast': (out) => {
    const all = out.join('\n');
    has(all, 'values in one step: 68140'); // chapter 7's engine: composed sub
    has(all, 'values in one step: 67940'); // fused sub: two values fewer per point
    // Every change keeps the loss and all 337 grads identical to chapter 7's engine.
    assert.equal(all.match(/the grads: identical: the loss and all 337 grads/g)?.length, 3, 'after each of the three changes');
    assert.doesNotMatch(all, /DIFFERENT/);
    // Each change is timed beside what it replaces, in one cell; then chapter 7's engine beside the final one.
    assert.match(all, /a step with the Set \d+\.\d ms, with pass marks \d+\.\d ms/);
    assert.match(all, /the sort alone: with the Set \d+\.\d ms, with pass marks \d+\.\d ms/);
    assert.match(all, /a step with composed ops \d+\.\d ms, with fused ops \d+\.\d ms/);
    assert.match(all, /a step with children in arrays \d+\.\d ms, in two fields \d+\.\d ms/);
    assert.match(all, /from \d+\.\d ms to \d+\.\d ms: \d+\.\d times faster/);
    // One graph per point gives the same grads, up to the order of the additions.
    const diff = /largest difference between the grads: (\S+)/.exec(all);
    assert.ok(diff && Number(diff[1]) < 1e-12, `per-point grads match the one graph's: ${diff?.[1]}`);
    assert.match(all, /one graph \d+\.\d ms, one per point \d+\.\d ms/);
  },
  'bugs-gallery': (out) => {
    const all = squash(out.join('\n'));
    for (const bug of GALLERY) {
      for (const line of bug.shows) has(all, squash(line), bug.title);
      if (bug.error) assert.match(all, bug.error, bug.title);
    }
  },
};

const squash = (s: string) => s.replace(/[ \t]+/g, ' ');

/**
 * The appendix's gallery of bugs: each bug's cell, by title, and what it shows when run (spaces
 * squashed): the symptom a learner meets, and the gradient check's verdict where there is one.
 * `error` is the error the cell ends in. Shared by the unit test that runs the cells in Node.
 */
export const GALLERY: { title: string; shows: string[]; error?: RegExp }[] = [
  {
    title: 'Bug 1: the base case never set',
    shows: ['a: backprop 0, nudging -3, DIFFER', 'b: backprop 0, nudging 2, DIFFER', 'c: backprop 0, nudging 1, DIFFER'],
  },
  {
    title: 'Bug 2: a recursive walk instead of a sort',
    shows: ['a: backprop -3, nudging -3, agree', 'c: backprop 1, nudging 1, agree', 'a: backprop 8, nudging 4, DIFFER'],
  },
  { title: 'Bug 3: = instead of += in the closures', shows: ['a: backprop -3, nudging -2, DIFFER', 'b: backprop 2, nudging 2, agree'] },
  {
    title: 'Bug 4: storing the call instead of the function',
    shows: ['forward pass fine: -1'],
    error: /_backward is not a function/,
  },
  {
    title: "Bug 5: mul's closure uses the wrong input's data",
    shows: ['a: backprop 2, nudging -3, DIFFER', 'b: backprop -3, nudging 2, DIFFER', 'a: backprop 4, nudging 4, agree'],
  },
  {
    title: 'Bug 6: a closure that forgets out.grad',
    shows: ['a: backprop -3, nudging -30, DIFFER', 'b: backprop 2, nudging 20, DIFFER', 'c: backprop -6, nudging -6, agree'],
  },
  {
    title: 'Bug 7: no zeroing between steps',
    shows: ['zeroing: 2.678 2.965 2.996 3.000 3.000 3.000', 'no zeroing: 2.928 6.029 1.856 0.430 5.176 4.696'],
  },
  {
    title: 'Bug 8: a recursive sort on a deep chain',
    shows: ['the sort with a stack of its own: 100002 values'],
    // V8 and JavaScriptCore say RangeError, SpiderMonkey InternalError.
    error: /RangeError: Maximum call stack size exceeded|InternalError: too much recursion/,
  },
  {
    title: 'Bug 9: tanh from its formula with exp',
    shows: ['x = 100: o.data 1, w.grad 0, Math.tanh gives 1', 'x = 400: o.data NaN, w.grad NaN, Math.tanh gives 1'],
  },
];

/** What chapter 2's exercise draws once solved: the neuron's grads by hand (graph node label → grad text). */
export const SOLVED_GRADS: Partial<Record<Slug, Record<string, string>>> = {
  'manual-gradients': { o: '1.0000', n: '0.5000', x2: '0.5000', w2: '0.0000', x1: '-1.5000', w1: '1.0000' },
};

/**
 * Widgets that are a chapter's exercises (src/widgets/progress.ts) and how a
 * reader finishes them, for the specs of every engine: TopoOrder's steps
 * (Next step until it is done, then Reverse).
 */
export const WIDGET_SOLUTIONS = {
  'topo-order': { title: 'Topological order, step by step', steps: 'Next step', finish: 'Reverse' },
} as const;
