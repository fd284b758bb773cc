// Numbers the chapters state in prose that no cell prints on "Run all"
// (tests/e2e/chapter-numbers.ts checks the printed ones): if the engine's
// arithmetic changes, these tell the author which sentence to revisit.
// Further down, chapters' cells run as the page runs them (taken from the
// lesson by the parser), with what the prose says of them: micrograd's own
// tests, test_sanity_check and test_more_ops (its test/test_engine.py), on
// chapter 7's class and on the engine, every number within 1e-12 relative of
// micrograd's; chapter 3's this trap, chapter 5's Kahn's algorithm, chapter
// 8's nonlinearity cell and the engine's extras; chapter 10's matrix op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../../src/lessons/parse.ts';
import { assert as cellAssert, checkNumber } from '../../../src/runtime/cell-api.ts';
import { Value, MLP, Neuron, topologicalOrder } from '../../../src/engine/index.ts';
import { mulberry32, uniform } from '../../../src/engine/random.ts';
import { lecture } from '../helpers/lecture.ts';

const xs = [
  [2.0, 3.0, -1.0],
  [3.0, -1.0, 0.5],
  [0.5, 1.0, 1.0],
  [1.0, 1.0, -1.0],
];
const ys = [1.0, -1.0, -1.0, 1.0];

/** Chapter 9's finalLoss: seed 5, `steps` updates at rate `lr`, the loss at the last step. */
function finalLoss(lr: number, steps = 100): number {
  const m = new MLP(3, [4, 4, 1], { seed: 5 });
  let last = Infinity;
  for (let step = 0; step < steps; step++) {
    let loss = new Value(0);
    xs.forEach((x, i) => (loss = loss.add(m.forward(x)[0].sub(ys[i]).pow(2))));
    last = loss.data;
    m.zeroGrad();
    loss.backward();
    for (const p of m.parameters()) p.data -= lr * p.grad;
  }
  return last;
}

test('chapter 9: the first learning rate k / 100 that breaks training is 0.24; some larger ones train fine', () => {
  for (let k = 1; k < 24; k++) assert.ok(finalLoss(k / 100) < 0.1, `lr ${k / 100} still trains`);
  assert.ok(finalLoss(0.24) > 1, 'lr 0.24 breaks');
  assert.ok(finalLoss(0.25) < 0.01 && finalLoss(0.3) < 0.01, '0.25 and 0.3 train fine');
  let broken = 0;
  for (let k = 61; k <= 98; k++) if (finalLoss(k / 100) > 1) broken++;
  assert.ok(broken >= 35, `well past 0.5 nearly every rate breaks (${broken} of 38 from 0.61 to 0.98)`);
});

test('chapter 9: the predictions after 100 steps at 0.1, as the text quotes them', () => {
  const m = new MLP(3, [4, 4, 1], { seed: 5 });
  for (let step = 0; step < 100; step++) {
    let loss = new Value(0);
    xs.forEach((x, i) => (loss = loss.add(m.forward(x)[0].sub(ys[i]).pow(2))));
    m.zeroGrad();
    loss.backward();
    for (const p of m.parameters()) p.data -= 0.1 * p.grad;
  }
  assert.deepEqual(
    xs.map((x) => m.forward(x)[0].data.toFixed(4)),
    ['0.9770', '-0.9848', '-0.9695', '0.9665'],
  );
});

test('chapter 8: one forward pass of MLP(3, [4, 4, 1]) is 126 values: 41 parameters, 12 input leaves, 32 products, 32 sums, 9 tanh', () => {
  const y = new MLP(3, [4, 4, 1]).forward([2.0, 3.0, -1.0])[0];
  const seen = new Set<Value>();
  const stack = [y];
  while (stack.length) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    stack.push(...v._prev);
  }
  const ops = (op: string) => [...seen].filter((v) => v._op === op).length;
  assert.equal(seen.size, 126);
  assert.deepEqual([ops('*'), ops('+'), ops('tanh'), ops('')], [32, 32, 9, 53]);
});

/** The four examples' summed squared error, as chapter 9's lossOf builds it. */
function lossOf(m: MLP): Value {
  let loss = new Value(0);
  xs.forEach((x, i) => (loss = loss.add(m.forward(x)[0].sub(ys[i]).pow(2))));
  return loss;
}

/** Every tanh of `m` on each example: rows of [layer 1..., layer 2..., output]. */
function activations(m: MLP): number[][] {
  return xs.map((x) => {
    const row: number[] = [];
    let h: (Value | number)[] = x;
    for (const layer of m.layers) {
      const out = layer.forward(h);
      row.push(...out.map((v) => v.data));
      h = out;
    }
    return row;
  });
}

test("chapter 9: the forgetful loop's p.grad is the sum of each step's own gradient; the own gradients die while the weights drift 5.29 a step at loss 8", () => {
  const probe = new MLP(3, [4, 4, 1], { seed: 5 });
  const twin = new MLP(3, [4, 4, 1], { seed: 5 });
  const params = probe.parameters();
  const copies = twin.parameters();
  const sums = params.map(() => 0);
  for (let step = 0; step < 100; step++) {
    copies.forEach((c, i) => (c.data = params[i].data));
    twin.zeroGrad();
    lossOf(twin).backward();
    copies.forEach((c, i) => (sums[i] += c.grad));
    const loss = lossOf(probe);
    loss.backward();
    const length = Math.hypot(...params.map((p) => 0.1 * p.grad));
    for (const p of params) p.data -= 0.1 * p.grad;
    params.forEach((p, i) => assert.ok(Math.abs(p.grad - sums[i]) < 1e-12, `step ${step}: p.grad is the running sum`));
    if (step % 5 === 0) assert.equal(params[0].grad.toFixed(4), sums[0].toFixed(4), `step ${step}: the printed columns agree`);
    if (step >= 11) assert.equal(length.toFixed(2), '5.29', `step ${step}: the step length`);
    if (step >= 14) assert.equal(loss.data.toFixed(4), '8.0000', `step ${step}: the loss sits at 8`);
    if (step >= 25)
      assert.ok(
        copies.every((c) => c.grad === 0),
        `step ${step}: every own gradient is exactly 0`,
      );
    else
      assert.ok(
        copies.some((c) => c.grad !== 0),
        `step ${step}: some own gradient is not 0 yet`,
      );
    if (step >= 12) {
      for (const row of activations(probe)) assert.ok(1 - row[8] ** 2 < 0.001, `step ${step}: the output tanh is pinned`);
    }
  }
  // The hidden tanh's end pinned too: the drift pushed them into their flat parts.
  for (const row of activations(probe)) for (const t of row) assert.ok(Math.abs(t) > 0.999);
});

test('chapter 9: at learning rate 0.24 only the output tanh is pinned; the loss creeps from 7.9994 at step 20 to 7.9992 at step 99', () => {
  const m = new MLP(3, [4, 4, 1], { seed: 5 });
  const losses: number[] = [];
  for (let step = 0; step < 100; step++) {
    const loss = lossOf(m);
    losses.push(loss.data);
    if (step >= 20) {
      const rows = activations(m);
      for (const row of rows) assert.ok(row[8] > 0 && 1 - row[8] ** 2 < 0.001, `step ${step}: output pinned near +1`);
    }
    m.zeroGrad();
    loss.backward();
    for (const p of m.parameters()) p.data -= 0.24 * p.grad;
  }
  assert.equal(losses[20].toFixed(4), '7.9994');
  assert.equal(losses[99].toFixed(4), '7.9992');
  for (let s = 21; s < 100; s++) assert.ok(losses[s] < losses[s - 1], `the loss creeps down at step ${s}`);
  // After step 99's update, as finalLoss leaves it: of the 8 hidden neurons, most are pinned (|t| > 0.999) on no more than half the examples.
  const rows = activations(m);
  let mostlyFree = 0;
  for (let n = 0; n < 8; n++) if (rows.filter((row) => Math.abs(row[n]) > 0.999).length <= 2) mostlyFree++;
  assert.ok(mostlyFree >= 5, `most hidden neurons are not pinned (${mostlyFree} of 8)`);
});

test("chapter 7: the neuron's last digits: Math.tanh gives …477, micrograd's exp formula …476, and x1's grad follows", () => {
  const n = 2.0 * -3.0 + 0.0 * 1.0 + 6.8813735870195432;
  const ours = Math.tanh(n);
  const e = Math.exp(2 * n);
  const formula = (e - 1) / (e + 1);
  assert.equal(ours, 0.7071067811865477);
  assert.equal(formula, 0.7071067811865476);
  assert.equal(-3.0 * (1 - ours ** 2), -1.4999999999999993);
  assert.equal(-3.0 * (1 - formula ** 2), -1.4999999999999996);
  // The exact tanh of this double n, in fixed point with 40 decimals, is nearer …476 than …477.
  const S = 10n ** 40n;
  const fixed = (d: number) => (BigInt(d * 2 ** 53) * S) / 2n ** 53n; // exact for 0.5 <= d < 1
  const twoN = 2n * fixed(n);
  let term = S;
  let exp2n = S;
  for (let k = 1n; k < 80n; k++) {
    term = (term * twoN) / (S * k);
    exp2n += term;
  }
  const exact = ((exp2n - S) * S) / (exp2n + S);
  const gap = (d: number) => (fixed(d) > exact ? fixed(d) - exact : exact - fixed(d));
  assert.ok(gap(formula) < gap(ours), 'the correctly rounded tanh(n) is …476');
});

test("chapter 6: on Σ x², every one-sided nudged grad is h = 0.0001 above backward's 2x, the bias and not rounding", () => {
  const inputs = Array.from({ length: 100 }, (_, i) => new Value(Math.sin(i)));
  const sumOfSquares = () => inputs.reduce((t, x) => t.add(x.mul(x)), new Value(0));
  const total = sumOfSquares();
  total.backward();
  const h = 0.0001;
  for (const [i, x] of inputs.entries()) {
    assert.equal(x.grad, 2 * Math.sin(i), `x${i}.grad is 2 sin(${i})`);
    x.data += h;
    const up = sumOfSquares().data;
    x.data -= h;
    const gap = (up - total.data) / h - x.grad;
    assert.ok(Math.abs(gap - h) < 1e-8, `x${i}: off by ${gap}, about h`);
  }
});

test("chapter 2: of the neuron's parameters w1 has the largest grad, n's grad times its input x1 = 2", () => {
  const [x1, x2, w1, w2, b] = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432].map((d) => new Value(d));
  const n = x1.mul(w1).add(x2.mul(w2)).add(b);
  const o = n.tanh();
  o.backward();
  assert.equal(n.grad.toFixed(4), '0.5000');
  assert.deepEqual(
    [w1, b, w2].map((p) => p.grad.toFixed(4)),
    ['1.0000', '0.5000', '0.0000'],
  );
  assert.equal(w1.grad, n.grad * x1.data);
  assert.equal(x1.grad.toFixed(4), '-1.5000');
});

test('chapter 9: at 0.1 the loss is below 0.01 from step 32 on and stays there; at 0.01 and 1.0, the rates the text invites, it is not below 0.01 at step 99', () => {
  const run = (lr: number) => {
    const m = new MLP(3, [4, 4, 1], { seed: 5 });
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const loss = lossOf(m);
      losses.push(loss.data);
      m.zeroGrad();
      loss.backward();
      for (const p of m.parameters()) p.data -= lr * p.grad;
    }
    return losses;
  };
  const good = run(0.1);
  assert.equal(
    good.findIndex((l) => l < 0.01),
    32,
  );
  assert.ok(good.slice(32).every((l) => l < 0.01));
  assert.equal(good[99].toFixed(6), '0.002845');
  assert.ok(run(0.01)[99] >= 0.01);
  assert.ok(run(1.0)[99] >= 0.01);
});

test('chapter 10: the second layer of the 2-16-16-1 network makes 51,200 products and sums a step over 100 points', () => {
  const net = new MLP(2, [16, 16, 1], { activation: 'relu', seed: 1337 });
  const reach = (roots: Value[]) => {
    const seen = new Set<Value>();
    const stack = [...roots];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...v._prev);
    }
    return seen;
  };
  const h1 = net.layers[0].forward([0.3, -0.7]);
  const h2 = net.layers[1].forward(h1);
  const before = reach(h1);
  const made = [...reach(h2)].filter((v) => !before.has(v) && (v._op === '*' || v._op === '+'));
  assert.equal(made.length * 100, 51_200);
});

test("chapter 5: walking the neuron's order forwards gives n its 0.5 and leaves everything below n at 0", () => {
  const [x1, x2, w1, w2, b] = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432].map((d) => new Value(d));
  const x1w1 = x1.mul(w1);
  const x2w2 = x2.mul(w2);
  const sum = x1w1.add(x2w2);
  const n = sum.add(b);
  const o = n.tanh();
  const order = topologicalOrder(o);
  assert.equal(order.length, 10);
  o.grad = 1;
  for (const v of order) v._backward(); // forwards: the wrong way round
  assert.equal(n.grad.toFixed(4), '0.5000');
  for (const v of [sum, b, x1w1, x2w2, x1, w1, x2, w2]) assert.equal(v.grad, 0);
});

test('chapter 1: the central slope is exact on the parabola and off by h² on x³ (0.01 at h = 0.1), where the one-sided nudge is off by 0.61; a tenth of h, a hundredth of the central error', () => {
  const central = (fn: (x: number) => number, x: number, h: number) => (fn(x + h) - fn(x - h)) / (2 * h);
  const right = (fn: (x: number) => number, x: number, h: number) => (fn(x + h) - fn(x)) / h;
  const f = (x: number) => 3 * x ** 2 - 4 * x + 5;
  const cube = (x: number) => x ** 3;
  assert.ok(Math.abs(central(f, 3, 0.1) - 14) < 1e-9, 'the parabola: exact, apart from rounding');
  assert.ok(Math.abs(central(cube, 2, 0.1) - 12 - 0.01) < 1e-9, 'x³ at 2, h = 0.1: off by 0.01');
  assert.ok(Math.abs(right(cube, 2, 0.1) - 12 - 0.61) < 1e-9, 'one-sided: off by 3xh + h² = 0.61');
  const centralRatio = (central(cube, 2, 0.1) - 12) / (central(cube, 2, 0.01) - 12);
  const rightRatio = (right(cube, 2, 0.1) - 12) / (right(cube, 2, 0.01) - 12);
  assert.ok(Math.abs(centralRatio - 100) < 1e-3, `a hundredfold: ${centralRatio}`);
  assert.ok(rightRatio > 9.5 && rightRatio < 10.5, `about tenfold: ${rightRatio}`);
});

test("chapter 4: the order puzzle's graph gives L 1, m 3, k -8, d -6, f 12, e -6, c -6, a 18, g -12, q -8, w -8, u -4, v -32", () => {
  const [a, g, c, f, u, v, w] = [2, -3, 10, -2, 4, 0.5, 1].map((x) => new Value(x));
  const e = a.mul(g);
  const d = e.add(c);
  const m = d.mul(f);
  const q = u.mul(v);
  const k = q.add(w);
  const L = m.mul(k);
  L.backward();
  assert.deepEqual(
    [L, m, k, d, f, e, c, a, g, q, w, u, v].map((x) => x.grad),
    [1, 3, -8, -6, 12, -6, -6, 18, -12, -8, -8, -4, -32],
  );
});

test("chapter 8: stepping one parameter of a neuron on inputs 2, 3, -1 by 0.01 × its grad, w2 raises the output most on every run, about 9/4 of w1's gain and 9 times w3's and b's", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const unit = new Neuron(3, { seed });
    const inputs = [2.0, 3.0, -1.0];
    const start = unit.forward(inputs);
    start.backward();
    const gains = unit.parameters().map((p) => {
      const saved = p.data;
      p.data += 0.01 * p.grad;
      const rise = unit.forward(inputs).data - start.data;
      p.data = saved;
      return rise;
    });
    assert.equal(unit.parameters()[gains.indexOf(Math.max(...gains))].label, 'w2', `seed ${seed}`);
    if (gains[1] > 1e-6) {
      // Away from saturation the ratios are the squared inputs', to within a tenth.
      assert.ok(Math.abs(gains[1] / gains[0] / (9 / 4) - 1) < 0.1, `seed ${seed}: w2/w1 ${gains[1] / gains[0]}`);
      assert.ok(Math.abs(gains[1] / gains[2] / 9 - 1) < 0.1, `seed ${seed}: w2/w3 ${gains[1] / gains[2]}`);
      assert.ok(Math.abs(gains[1] / gains[3] / 9 - 1) < 0.1, `seed ${seed}: w2/b ${gains[1] / gains[3]}`);
    }
  }
});

const WANT = { y: -20, xGrad: 46, g: 24.70408163265306, aGrad: 138.83381924198252, bGrad: 645.5772594752186 };

function close(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: ${got}, micrograd ${want}`);
}

interface Results {
  sanity: { y: number; xGrad: number };
  more: { g: number; aGrad: number; bGrad: number };
  printed: string[];
}

/** Chapter 7's class, its ReLU cell and its capstone, run in one scope; `edit` may change the class. */
function chapterSeven(edit: (classCode: string) => string = (c) => c): Results {
  const file = '07-more-ops.mdx';
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const code = (title: string) => {
    const c = lesson.cells.find((x) => x.title === title);
    assert.ok(c, `${file} has a cell "${title}"`);
    return c.code;
  };
  const source = [
    edit(code('Value with the full set of operations')),
    code('ReLU'),
    code("micrograd's own tests, on our class"),
    'return { sanity: testSanityCheck(), more: testMoreOps() };',
  ].join('\n;\n');
  const printed: string[] = [];
  const fn = new Function('draw', 'console', transform(source, { transforms: ['typescript'] }).code) as (
    ...args: unknown[]
  ) => Omit<Results, 'printed'>;
  const out = fn(() => {}, { log: (...args: unknown[]) => printed.push(args.join(' ')) });
  return { ...out, printed };
}

test("micrograd's test_sanity_check and test_more_ops on chapter 7's class give micrograd's numbers, and its capstone cell says so", () => {
  const { sanity, more, printed } = chapterSeven();
  close(sanity.y, WANT.y, 'y');
  close(sanity.xGrad, WANT.xGrad, 'x.grad');
  close(more.g, WANT.g, 'g');
  close(more.aGrad, WANT.aGrad, 'a.grad');
  close(more.bGrad, WANT.bGrad, 'b.grad');
  assert.ok(printed.includes('test_sanity_check: y -20 agrees, x.grad 46 agrees'), printed.join('\n'));
  assert.ok(
    printed.includes('test_more_ops: g 24.70408163265306 agrees, a.grad 138.83381924198252 agrees, b.grad 645.5772594752186 agrees'),
    printed.join('\n'),
  );
});

test("chapter 7's claim: with = for += in add, micrograd's tests no longer agree, and the cell says DIFFERS", () => {
  const { printed } = chapterSeven((c) => {
    const edited = c.replace('this.grad += 1.0 * out.grad;', 'this.grad = 1.0 * out.grad;');
    assert.notEqual(edited, c, "the class's add has this.grad += 1.0 * out.grad;");
    return edited;
  });
  assert.match(printed.join('\n'), /DIFFERS/);
});

test("chapter 3's this trap: with function () {} the input's grad stays 0 and the output's becomes 0.7864477329659274; with an arrow the input gets it", () => {
  const file = '03-closures.mdx';
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.title === 'The this trap: function () {} instead of an arrow');
  assert.ok(cell, 'chapter 3 has the this-trap cell');
  const printedBy = (code: string) => {
    const printed: string[] = [];
    new Function('console', transform(code, { transforms: ['typescript'] }).code)({
      log: (...args: unknown[]) => printed.push(args.join(' ')),
    });
    return printed;
  };
  assert.deepEqual(printedBy(cell.code), ['0 0.7864477329659274']);
  const arrow = cell.code.replace('out._backward = function () {', 'out._backward = () => {');
  assert.notEqual(arrow, cell.code);
  assert.deepEqual(printedBy(arrow), ['0.7864477329659274 1']);
});

test("chapter 5's Kahn's algorithm: on the neuron the reversed depth-first order, and on shared values every value comes after every value that uses it", () => {
  const file = '05-topological-sort.mdx';
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.title === "Kahn's algorithm: chapter 4's rule, directly");
  assert.ok(cell, "chapter 5 has the Kahn's algorithm cell");
  const { o } = lecture('neuron');
  const printed: string[] = [];
  const source = `${transform(cell.code, { transforms: ['typescript'] }).code}\nreturn backwardOrder;`;
  const backwardOrder = new Function('neuron', 'console', source)({ o }, { log: (...args: unknown[]) => printed.push(args.join(' ')) }) as (
    root: Value,
  ) => Value[];
  assert.deepEqual(printed, ['o → n → b → x1*w1 + x2*w2 → x2*w2 → w2 → x2 → x1*w1 → w1 → x1']);
  // The text: on the neuron, the reversed depth-first order, value for value.
  assert.deepEqual(backwardOrder(o), topologicalOrder(o).reverse());
  // On a graph with shared values (chapter 6's doubling, and a + a), every user comes first, each value once.
  let top = new Value(1);
  for (let i = 0; i < 10; i++) top = top.add(top).mul(top);
  const order = backwardOrder(top);
  assert.equal(new Set(order).size, order.length);
  const at = new Map(order.map((v, i) => [v, i]));
  for (const v of order) for (const child of v._prev) assert.ok(at.get(child)! > at.get(v)!, 'an input after its user');
});

/** A chapter's cell by title, TypeScript stripped. */
function cellCode(file: string, title: string): string {
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.title === title);
  assert.ok(cell, `${file} has a cell "${title}"`);
  return transform(cell.code, { transforms: ['typescript'] }).code;
}

test("chapter 8's nonlinearity cell: without tanh the four steps are equal on every network, with tanh they are not", () => {
  const code = cellCode('08-neurons-and-layers.mdx', 'Why a nonlinearity: without it, a network is a line');
  for (let seed = 1; seed <= 100; seed++) {
    const random = mulberry32(seed);
    const printed: string[] = [];
    new Function('uniform', 'console', code)(() => uniform(random), { log: (s: string) => printed.push(s) });
    const [without, withTanh] = printed.map((line) => line.split(': ')[1].trim().split(' '));
    assert.equal(without.length, 4);
    assert.equal(new Set(without).size, 1, `seed ${seed}: ${without.join(' ')}`);
    assert.ok(new Set(withTanh).size > 1, `seed ${seed}: ${withTanh.join(' ')}`);
  }
});

test("chapter 8's engine extras: ReLU biases start at 0, and the engine's forward names a wrong input count where the chapter's Neuron stops in mul", () => {
  const relu = new Neuron(3, { activation: 'relu', seed: 7 });
  assert.equal(relu.b.data, 0);
  assert.ok(relu.w.every((w) => w.data !== 0));
  assert.notEqual(new Neuron(3, { seed: 7 }).b.data, 0);
  assert.throws(() => new Neuron(3).forward([1, 2]), { message: 'Neuron.forward: expected 3 inputs, got 2' });
  const chapters = cellCode('08-neurons-and-layers.mdx', 'Neuron');
  const Chapter8Neuron = new Function('Value', 'draw', 'console', `${chapters}\nreturn Neuron;`)(Value, () => {}, {
    log: () => {},
  }) as new (nin: number) => { forward(x: number[]): Value };
  assert.throws(() => new Chapter8Neuron(3).forward([1, 2]), { message: /^Value\.mul: expected a Value or a number, got undefined/ });
});

test("chapter 10's matrix op: out = W·x with W.grad += g·xᵀ and x.grad += Wᵀ·g agrees with the scalar engine; its check rejects the starting code and =", () => {
  const file = '10-making-it-fast.mdx';
  const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.exercise && c.title === 'one op for a whole layer');
  assert.ok(cell?.solution && cell.check, 'chapter 10 has the exercise with a solution and a check');
  const run = (code: string): { printed: string[]; failure: string | null } => {
    const printed: string[] = [];
    const source = transform(`${code}\n;\n${cell.check}`, { transforms: ['typescript'] }).code;
    try {
      new Function('Value', 'assert', 'checkNumber', 'console', source)(Value, cellAssert, checkNumber, {
        log: (s: string) => printed.push(s),
      });
      return { printed, failure: null };
    } catch (e) {
      assert.equal((e as Error).name, 'AssertionError', String(e));
      return { printed, failure: (e as Error).message };
    }
  };
  const solved = run(cell.solution);
  assert.equal(solved.failure, null);
  const worst = Number(/largest difference from the scalar engine: (\S+)/.exec(solved.printed[0])![1]);
  assert.ok(worst < 1e-12, `the solution agrees with the scalar engine: ${worst}`);
  assert.match(run(cell.code).failure!, /^the grads differ from the scalar engine's by up to [\d.]+\. Hint: W\.grad\[i\]\[j\] gets/);
  assert.match(run(cell.solution.replaceAll('+=', '=')).failure!, /the grads differ from the scalar engine's/);
  // = in place of += for W alone: right after one call, wrong after two.
  const overwrite = cell.solution.replace('(W.grad[i][j] +=', '(W.grad[i][j] =');
  assert.notEqual(overwrite, cell.solution);
  assert.match(
    run(overwrite).failure!,
    /^W\.grad\[0\]\[0\] after two calls of _backward should be 6, got 3\. Hint: add onto the grads with \+=/,
  );
  // A transposed slip (x.grad from W·g's rows) is caught too.
  const transposed = cell.solution.replace('(x.grad[j][0] += row[j] * g[i][0])', '(x.grad[j][0] += (W.data[j]?.[i] ?? 0) * g[i][0])');
  assert.notEqual(transposed, cell.solution);
  assert.match(run(transposed).failure!, /the grads differ from the scalar engine's/);
});

/** Chapter 9's plotting cells, run as the page runs them, with the chapter's data, loss and rate; what they print and plot. */
function chapterNine(title: string, edit: (code: string) => string = (c) => c): { printed: string[]; plots: unknown[][] } {
  const code = edit(cellCode('09-training.mdx', title));
  const lossOf = (preds: Value[]) => preds.reduce((loss, p, i) => loss.add(p.sub(ys[i]).pow(2)), new Value(0));
  const printed: string[] = [];
  const plots: unknown[][] = [];
  new Function('MLP', 'xs', 'lossOf', 'learningRate', 'plot', 'console', code)(
    MLP,
    xs,
    lossOf,
    0.1,
    (...args: unknown[]) => plots.push(args),
    {
      log: (s: string) => printed.push(s),
    },
  );
  return { printed, plots };
}

test("chapter 9's drift plot: the loss 7.9976 at step 12 and 8.0000 from step 14, while w1, w2, w3 climb about 0.092, 0.176, 0.230 a step from step 4 on", () => {
  const { printed, plots } = chapterNine('The drift, plotted');
  assert.deepEqual(printed, ['step 40: loss 8.0000, the three weights 4.050, 7.555, 8.596']);
  assert.equal(plots.length, 1);
  const [title, lines] = plots[0] as [string, Record<string, number[]>];
  assert.equal(title, 'Without zeroing: the loss stops at 8, the weights keep going');
  const { loss, ...weights } = lines;
  assert.equal(loss.length, 41);
  assert.equal(loss[12].toFixed(4), '7.9976');
  assert.notEqual(loss[13].toFixed(4), '8.0000');
  for (let step = 14; step <= 40; step++) assert.equal(loss[step].toFixed(4), '8.0000', `step ${step}`);
  // "falls and jumps about for a dozen steps": below 1 at some step before 12, and not monotonic
  assert.ok(Math.min(...loss.slice(0, 12)) < 1 && loss[2] > loss[1]);
  const rates = [0.092, 0.176, 0.23];
  Object.values(weights).forEach((w, i) => {
    for (let step = 4; step <= 40; step++) {
      const by = w[step] - w[step - 1];
      assert.ok(Math.abs(by - rates[i]) < 0.001, `w${i + 1} moved ${by} at step ${step}`);
    }
  });
});

test("chapter 9's slice: at step 0 p.grad is the slope, −0.7014, and the update goes downhill by 0.0701; at step 30 the slice is flat at 8, the update still 0.0922; rate scales and turns the first arrow", () => {
  const { printed, plots } = chapterNine("One weight's slice, with the step on it");
  assert.deepEqual(printed, [
    'step 0: p.grad -0.7014, w moves by 0.0701, the loss goes 6.6773 → 6.6287',
    'step 30: p.grad -0.9220, w moves by 0.0922, the loss goes 8.0000 → 8.0000',
  ]);
  const [, lines, options] = plots[0] as [string, Record<string, [number, number][]>, { arrows: Record<string, number[][]> }];
  const at0 = lines['loss along w at step 0'].map((p) => p[1]);
  const at30 = lines['loss along w at step 30'].map((p) => p[1]);
  // "slopes down to the right", and its slope at w is p.grad (a central difference over the middle points)
  for (let i = 1; i < at0.length; i++) assert.ok(at0[i] < at0[i - 1]);
  assert.ok(Math.abs((at0[11] - at0[9]) / 0.05 - -0.7014) < 0.01);
  // "flat at 8": this step's own gradient is 0
  for (const l of at30) assert.equal(l, 8);
  const [from, to] = options.arrows["step 30's update"];
  assert.ok(to[0] - from[0] > 0.07, 'the stuck arrow is longer than the first');
  // rate: the first arrow is rate × 0.7014 long; a negative rate sends it uphill
  const faster = chapterNine("One weight's slice, with the step on it", (c) =>
    c.replace('const rate = learningRate;', 'const rate = 0.3;'),
  );
  assert.match(faster.printed[0], /^step 0: p\.grad -0\.7014, w moves by 0\.2104, /);
  const back = chapterNine("One weight's slice, with the step on it", (c) => c.replace('const rate = learningRate;', 'const rate = -0.1;'));
  assert.match(back.printed[0], /^step 0: p\.grad -0\.7014, w moves by -0\.0701, the loss goes 6\.6773 → 6\.7272$/);
});
