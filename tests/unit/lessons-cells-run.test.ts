// Chapters' cells run as the page runs them (taken from the lesson by the parser) and what
// their prose says about them: micrograd's own tests, test_sanity_check and test_more_ops (its
// test/test_engine.py), on chapter 7's class and on the engine, every number within 1e-12
// relative of micrograd's (issue 29, build item 5); chapter 3's this trap, chapter 5's Kahn's
// algorithm, chapter 8's nonlinearity cell and the engine's extras (item 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../src/lessons/parse.ts';
import { assert as cellAssert, checkNumber } from '../../src/runtime/cell-api.ts';
import { Value, Neuron, topologicalOrder } from '../../src/engine/index.ts';
import { mulberry32, uniform } from '../../src/engine/random.ts';

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
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
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

test("micrograd's test_sanity_check and test_more_ops on the engine give micrograd's numbers", () => {
  const x = new Value(-4.0);
  const z = x.mul(2).add(2).add(x);
  const q = z.relu().add(z.mul(x));
  const h = z.mul(z).relu();
  const y = h.add(q).add(q.mul(x));
  y.backward();
  close(y.data, WANT.y, 'y');
  close(x.grad, WANT.xGrad, 'x.grad');

  const a = new Value(-4.0);
  const b = new Value(2.0);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(c.add(1).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(d.mul(3).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2.0);
  g = g.add(f.pow(-1).mul(10));
  g.backward();
  close(g.data, WANT.g, 'g');
  close(a.grad, WANT.aGrad, 'a.grad');
  close(b.grad, WANT.bGrad, 'b.grad');
});

test("chapter 3's this trap: with function () {} the input's grad stays 0 and the output's becomes 0.7864477329659274; with an arrow the input gets it", () => {
  const file = '03-closures.mdx';
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
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
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
  const cell = lesson.cells.find((c) => c.title === "Kahn's algorithm: chapter 4's rule, directly");
  assert.ok(cell, "chapter 5 has the Kahn's algorithm cell");
  const leaf = (x: number, label: string) => new Value(x, [], '', label);
  const [x1, x2, w1, w2, b] = [leaf(2, 'x1'), leaf(0, 'x2'), leaf(-3, 'w1'), leaf(1, 'w2'), leaf(6.881373587019543, 'b')];
  const x1w1 = x1.mul(w1);
  x1w1.label = 'x1*w1';
  const x2w2 = x2.mul(w2);
  x2w2.label = 'x2*w2';
  const sum = x1w1.add(x2w2);
  sum.label = 'x1*w1 + x2*w2';
  const n = sum.add(b);
  n.label = 'n';
  const o = n.tanh();
  o.label = 'o';
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
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
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
  const lesson = parseLesson(readFileSync(new URL(`../../content/lessons/${file}`, import.meta.url), 'utf8'), file);
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
