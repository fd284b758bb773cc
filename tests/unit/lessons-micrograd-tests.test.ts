// micrograd's own tests, test_sanity_check and test_more_ops (its test/test_engine.py), on
// chapter 7's class as the page runs it and on the engine (issue 29, build item 5): every
// number within 1e-12 relative of micrograd's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../src/lessons/parse.ts';
import { Value } from '../../src/engine/index.ts';

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
