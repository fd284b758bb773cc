// Chapter 6's forward mode (issue 29, build item 3): the Dual class's cell, run
// as the page runs it (the code the lesson parser takes from the chapter), prints
// the grads backward() gave, agrees with the engine on a neuron, and the count
// cell says n passes forwards against one backwards, with the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../../src/lessons/parse.ts';
import { lecture } from '../helpers/lecture.ts';

const file = '06-accumulating-gradients.mdx';
const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);

function code(title: string): string {
  const cell = lesson.cells.find((c) => c.title === title);
  assert.ok(cell, `${file} has a cell "${title}"`);
  return transform(cell.code, { transforms: ['typescript'] }).code;
}

interface DualLike {
  val: number;
  dot: number;
  add(o: DualLike): DualLike;
  mul(o: DualLike): DualLike;
  tanh(): DualLike;
}
type DualClass = new (val: number, dot?: number) => DualLike;

/** Runs the Dual cell; returns what it printed and its class. */
function dualCell(): { printed: string[]; Dual: DualClass } {
  const printed: string[] = [];
  const Dual = new Function('console', `${code('Forward mode: a number that carries its derivative')}\nreturn Dual;`)({
    log: (...args: unknown[]) => printed.push(args.join(' ')),
  }) as DualClass;
  return { printed, Dual };
}

test("chapter 6's Dual cell: one pass per input gives f's -3 for a and -8 for b, the grads backward() gave", () => {
  assert.deepEqual(dualCell().printed, ['-6 -3 -8']);
});

test("chapter 6's Dual class: one forward-mode pass per input gives the engine's grads on the neuron", () => {
  const { Dual } = dualCell();
  const at = { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 };
  const names = Object.keys(at) as (keyof typeof at)[];
  const { o, ...leaves } = lecture('neuron');
  o.backward();
  for (const chosen of names) {
    const v = Object.fromEntries(names.map((n) => [n, new Dual(at[n], n === chosen ? 1 : 0)])) as Record<keyof typeof at, DualLike>;
    const out = v.x1.mul(v.w1).add(v.x2.mul(v.w2)).add(v.b).tanh();
    assert.ok(Math.abs(out.val - o.data) < 1e-15, 'the same o');
    const want = leaves[chosen].grad;
    assert.ok(Math.abs(out.dot - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${chosen}: dot ${out.dot}, grad ${want}`);
  }
});

test("chapter 6's count cell: 100 passes forwards, one backwards, the same 100 numbers exactly, on the chapter's own class", () => {
  // The chapter's accumulating class with chapter 5's topoSort, as the page has them when the cell runs.
  const topoSort = new Function(`${code('Value from chapter 5')}\nreturn topoSort;`)();
  const Value = new Function('topoSort', `${code('Value, accumulating')}\nreturn Value;`)(topoSort);
  const { Dual } = dualCell();
  const printed: string[] = [];
  new Function('Value', 'Dual', 'console', code('100 inputs: 100 passes forwards, one pass backwards'))(Value, Dual, {
    log: (...args: unknown[]) => printed.push(args.join(' ')),
  });
  assert.deepEqual(printed, [
    'forward mode: 100 passes, one derivative each',
    'reverse mode: 1 forward and 1 backward pass, all 100 grads',
    'true',
  ]);
});
