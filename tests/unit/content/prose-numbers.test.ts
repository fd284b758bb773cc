// What the chapters say their cells print, held against the cells run as "Run all"
// runs them (tests/unit/helpers/run-lesson.ts): every `// 20`-style comment after a
// console.log, every "Expected output" block, and the numbers sentences of the prose
// quote that lessons-claims.test.ts and the browser's chapter-numbers.ts do not.
// Chapter 10 is left to those two: its cells time things, seconds of work here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, type LessonRun } from '../helpers/run-lesson.ts';

const CHAPTERS = [
  '01-derivatives.mdx',
  '02-manual-gradients.mdx',
  '03-closures.mdx',
  '04-ordered-calls.mdx',
  '05-topological-sort.mdx',
  '06-accumulating-gradients.mdx',
  '07-more-ops.mdx',
  '08-neurons-and-layers.mdx',
  '09-training.mdx',
  '11-bugs-gallery.mdx',
];

const runs = new Map<string, LessonRun>();
/** Each chapter is run once and shared by the tests below. */
function ran(file: string): LessonRun {
  if (!runs.has(file)) runs.set(file, runLesson(file));
  return runs.get(file)!;
}

/** The cell whose code has this text (its title, or a line of it), as it ran. */
function cell(file: string, text: string) {
  const { lesson, cells } = ran(file);
  const i = lesson.cells.findIndex((c) => c.title === text || c.code.includes(text));
  assert.ok(i >= 0, `${file} has a cell with "${text}"`);
  return cells[i];
}

const numbers = (line: string) => line.split(' ').map(Number);

for (const file of CHAPTERS) {
  test(`${file}: every comment that says what a line prints is what it prints`, () => {
    const { lesson, cells } = ran(file);
    let claims = 0;
    for (const [i, c] of lesson.cells.entries()) {
      const code = c.exercise && c.solution ? c.solution : c.code;
      const lines = code.split('\n');
      for (const [j, line] of lines.entries()) {
        // console.log(…); // 20    showGrads(…); // o 1.0000, n 0.5000    a3.grad // 4: the old 2 plus a new 2
        const m = /^(\s*)(console\.log\(|showGrads\(|[\w.]+\s*\/\/)(.*?)\/\/ (.+)$/.exec(line);
        if (!m || m[4].includes('[!code')) continue;
        const isLog = m[2] === 'console.log(';
        const isResult = !m[2].endsWith('(');
        const said = isLog || isResult ? m[4].split(': ')[0] : m[4];
        if (isLog && !/^(-?\d|true|false)/.test(said)) continue; // "should be tiny", "x1's grad: …"
        claims++;
        const run = cells[i];
        const where = `${file}, cell ${c.n}, line ${j + 1} says ${JSON.stringify(said)}`;
        if (isResult) {
          assert.equal(j, lines.length - 1, `${where}: a result comment is on the cell's last line`);
          assert.equal(run.result, said, where);
        } else if (!run.printed.includes(said)) {
          // A line in a loop lists what each turn prints: "-3 44, -2 25, …".
          const each = said.split(', ');
          assert.ok(each.length > 1 && each.every((s) => run.printed.includes(s)), `${where}; printed:\n${run.printed.join('\n')}`);
        }
      }
    }
    if (!['09-training.mdx', '11-bugs-gallery.mdx'].includes(file)) assert.ok(claims > 0, `${file} has comments of what lines print`);
  });

  test(`${file}: every "Expected output" block is what the cell above it prints`, () => {
    const { lesson, cells } = ran(file);
    for (const block of lesson.blocks.filter((b) => b.lang === 'text' && b.meta.output)) {
      const at = block.node.position!.start.line;
      const i = lesson.cells.findLastIndex((c) => c.node.position!.start.line < at);
      const run = cells[i];
      const shown = block.code.split('\n').filter((l) => l.trim() !== '…');
      const where = `${file}: the output block at line ${at}, under cell ${run.n}`;
      if (run.error) {
        // Each browser words an error its own way: the block lists them, and ours is among them.
        assert.ok(
          shown.some((l) => l.startsWith(run.error!)),
          `${where}: ${run.error}`,
        );
        continue;
      }
      let from = 0;
      for (const line of shown) {
        const k = run.printed.indexOf(line, from);
        assert.ok(k >= 0, `${where} shows ${JSON.stringify(line)}, in this order; printed:\n${run.printed.join('\n')}`);
        from = k + 1;
      }
    }
  });
}

test('chapter 1: the nudged slopes are off by 0.0003 at all three points, and h = 1e-15 gives 10.66, h = 1e-16 a flat 0', () => {
  const { more } = ran('01-derivatives.mdx');
  const off = more('[3, -3, 2 / 3].map((x) => slope(f, x) - exactSlope(x))').result!.split(',').map(Number);
  for (const o of off) assert.ok(Math.abs(o - 0.0003) < 1e-8, `off by ${o}`);
  assert.equal(more('slope(f, 3, 1e-15).toFixed(2)').result, '10.66');
  assert.equal(more('slope(f, 3, 1e-16)').result, '0');
});

test("chapter 2: the neuron's o² is 0.5000000000000002, not exactly a half", () => {
  assert.equal(ran('02-manual-gradients.mdx').more('o.data ** 2').result, '0.5000000000000002');
});

test('chapter 3: tanh(0.5) is about 0.4621, 1 − t² about 0.7864, u receives about 3.932; the nudged 1 − t² agrees to six decimals', () => {
  const file = '03-closures.mdx';
  const [t, grad] = numbers(cell(file, 'th._backward();').printed[0]);
  assert.equal(t.toFixed(4), '0.4621');
  assert.equal((1 - t ** 2).toFixed(4), '0.7864');
  assert.equal(grad.toFixed(3), '3.932');
  const rows = cell(file, '1 − t², checked by nudging').printed.map((l) => l.split(' '));
  assert.equal(rows.length, 5);
  for (const [x, nudged, formula] of rows) assert.equal(nudged, formula, `x = ${x}`);
  assert.equal(ran(file).more('((3.0001 ** 2 - 9) / 0.0001).toFixed(4)').result, '6.0001', "the exercise's hint");
});

test("chapter 4: of the 720 orders of the puzzle's six calls, the check passes exactly 10, and each gives a 18 and v −32", () => {
  const file = '04-ordered-calls.mdx';
  const whole = ran(file);
  const puzzle = whole.lesson.cells.find((c) => c.title === 'put the calls in order')!;
  const { more } = runLesson(file, { until: puzzle.n - 1 });
  const line = /const order: string\[\] = \[.*\];/;
  assert.match(puzzle.solution!, line);
  const orders: string[][] = [];
  const permute = (done: string[], left: string[]): void => {
    if (left.length === 0) orders.push(done);
    left.forEach((l, i) =>
      permute(
        [...done, l],
        left.filter((_, j) => j !== i),
      ),
    );
  };
  permute([], ['e', 'd', 'm', 'q', 'k', 'L']);
  assert.equal(orders.length, 720);
  let passed = 0;
  for (const order of orders) {
    const shown = more(puzzle.solution!.replace(line, `const order: string[] = ${JSON.stringify(order)};`));
    const checked = more(puzzle.check!);
    if (checked.error) {
      assert.match(checked.error, /is called too early/, order.join(' '));
      continue;
    }
    passed++;
    assert.match(shown.printed[0], /, a 18\.0000, g -12\.0000, q -8\.0000, w -8\.0000, u -4\.0000, v -32\.0000$/, order.join(' '));
  }
  assert.equal(passed, 10);
});

test('chapter 5: a backward pass through 100,000 tanh of 0 leaves the leaf a grad of exactly 1', () => {
  assert.equal(cell('05-topological-sort.mdx', 'chain = chain.tanh();').result, '1');
});

test('chapter 6: with = in the closures, the two-paths example prints 3 -2 1 -6 1', () => {
  assert.deepEqual(cell('06-accumulating-gradients.mdx', 'Two paths from each leaf').printed, ['3 -2 1 -6 1']);
});

test('chapter 7: tanh against its formula, 0.4999999999999998 and 0.5; the gradient checker finds rounding noise only, below 1e-9, and a checker that measures nothing reports the grads', () => {
  const file = '07-more-ops.mdx';
  assert.deepEqual(cell(file, 'const viaTanh = nn.tanh();').printed[1], '0.4999999999999998 0.5');
  const checked = cell(file, 'Checking the new operations').printed;
  assert.equal(checked.length, 7);
  for (const line of checked) assert.ok(Number(line.split(/ +/).at(-1)) < 1e-9, line);
  // With the exercise's starting code the measured slope is 0, so each line reports its largest grad.
  const unsolved = runLesson(file, { code: (c) => (c.title === 'a gradient checker' ? c.code : undefined) });
  const lines = unsolved.cells.find((c) => c.title === 'Checking the new operations')!.printed;
  const grads = unsolved.more(`
    const largest = (inputs: Value[], build: () => Value) => {
      for (const x of inputs) x.grad = 0;
      build().backward();
      return Math.max(...inputs.map((x) => Math.abs(x.grad)));
    };
    [largest([m1], () => m1.exp()), largest([m1, m2], () => m2.pow(3).mul(m1)), largest([m1, m2], () => m1.div(m2))].join(' ')
  `).result!;
  assert.deepEqual(
    lines.slice(0, 3).map((l) => Number(l.split(/ +/).at(-1))),
    numbers(grads),
  );
});

test("chapter 8: checking the network's 41 parameters takes 83 forward passes", () => {
  const { more } = ran('08-neurons-and-layers.mdx');
  const counted = more(`
    let passes = 0;
    gradCheck(checked.parameters(), () => (passes++, checked.forward([2.0, 3.0, -1.0])[0]));
    passes
  `);
  assert.equal(counted.result, '83');
});

test('chapter 9: one step of gradient descent at 0.1 lowers the loss (6.677 to 3.292)', () => {
  const file = '09-training.mdx';
  const before = Number(cell(file, 'The loss').printed[0]);
  const after = Number(cell(file, 'One step of gradient descent').printed[0]);
  assert.equal(before.toFixed(3), '6.677');
  assert.equal(after.toFixed(3), '3.292');
});

test("chapter 10: the bench's two-moons workload is 68,814 values a step through the engine", async () => {
  const { topologicalOrder } = await import('../../../src/engine/index.ts');
  const { buildEngineWorkload, engineLoss } = await import('../../../bench/engine-workload.ts');
  assert.equal(topologicalOrder(engineLoss(buildEngineWorkload())).length, 68_814);
});
