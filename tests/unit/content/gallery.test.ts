// The appendix's gallery of bugs (content/lessons/11-bugs-gallery.mdx), its
// cells run as the page runs them: one scope, top to bottom, each cell's
// printed lines and error kept apart. Every bug's cell shows the symptom the
// page describes (GALLERY, shared with the browser specs), and with its one
// faulty line fixed the same cell's gradient check agrees and nothing fails:
// so each symptom is the bug's, not the check's. Then the exercise, and the
// numbers the prose states that no cell prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
import { parseLesson } from '../../../src/lessons/parse.ts';
import { assert as cellAssert, checkNumber } from '../../../src/runtime/cell-api.ts';
import { Value } from '../../../src/engine/index.ts';
import { GALLERY } from '../../e2e/chapter-numbers.ts';

const file = '11-bugs-gallery.mdx';
const lesson = parseLesson(readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8'), file);

interface Ran {
  printed: string;
  error?: string;
}

/** The gallery's cell with this title. */
function cellOf(title: string) {
  const cell = lesson.cells.find((c) => c.title === title);
  assert.ok(cell, `${file} has a cell "${title}"`);
  return cell;
}

/**
 * Runs `code` (by default the cell's own) in the place of cell `title`, after every cell above it
 * that is not meant to fail (their output is dropped), as "Run all" would; with `withCheck`, the
 * cell's check block runs after it, as the exercise's Check button does.
 */
function run(title: string, code = cellOf(title).code, withCheck = false): Ran {
  const cell = cellOf(title);
  const before = lesson.cells.slice(0, lesson.cells.indexOf(cell)).filter((c) => !c.error);
  const source = [
    ...before.map((c) => `__out.into = null;\n${c.code}`),
    `__out.into = __mine;\n${code}`,
    withCheck && cell.check ? cell.check : '',
  ].join('\n;\n');
  const mine: string[] = [];
  const out = { into: null as string[] | null };
  const console = { log: (...args: unknown[]) => out.into?.push(args.join(' ')) };
  let error: string | undefined;
  try {
    new Function(
      'Value',
      'assert',
      'checkNumber',
      'draw',
      'console',
      '__out',
      '__mine',
      transform(source, { transforms: ['typescript'] }).code,
    )(Value, cellAssert, checkNumber, () => {}, console, out, mine);
  } catch (e) {
    error = `${(e as Error).name}: ${(e as Error).message}`;
  }
  return { printed: mine.join('\n'), error };
}

const squash = (s: string) => s.replace(/[ \t]+/g, ' ');

for (const bug of GALLERY) {
  test(`gallery, ${bug.title}: the cell shows its symptom`, () => {
    const cell = cellOf(bug.title);
    assert.equal(cell.error, bug.error !== undefined, 'a cell that ends in an error is marked error, and only such a cell');
    const { printed, error } = run(bug.title);
    for (const line of bug.shows) assert.ok(squash(printed).includes(squash(line)), `shows "${line}"; printed:\n${printed}`);
    if (bug.error) assert.match(error ?? '(no error)', bug.error);
    else assert.equal(error, undefined);
  });
}

/** Each bug's faulty line and its fix: with the fix, the cell's check agrees and nothing fails. */
const FIXES: Record<string, [string, string][]> = {
  'Bug 1: the base case never set': [['// the bug: this.grad = 1 is missing here', 'this.grad = 1;']],
  'Bug 2: a recursive walk instead of a sort': [['this.grad = 1;\n    this.walk();', 'backprop(this);']],
  'Bug 3: = instead of += in the closures': [
    ['this.grad = out.grad;', 'this.grad += out.grad;'],
    ['other.grad = out.grad;', 'other.grad += out.grad;'],
    ['this.grad = other.data * out.grad;', 'this.grad += other.data * out.grad;'],
    ['other.grad = this.data * out.grad;', 'other.grad += this.data * out.grad;'],
  ],
  'Bug 4: storing the call instead of the function': [['out._backward = backward();', 'out._backward = backward;']],
  "Bug 5: mul's closure uses the wrong input's data": [
    ['this.grad += this.data * out.grad;', 'this.grad += other.data * out.grad;'],
    ['other.grad += other.data * out.grad;', 'other.grad += this.data * out.grad;'],
  ],
  'Bug 6: a closure that forgets out.grad': [
    ['this.grad += other.data;', 'this.grad += other.data * out.grad;'],
    ['other.grad += this.data;', 'other.grad += this.data * out.grad;'],
  ],
  'Bug 8: a recursive sort on a deep chain': [['topoRecursive(chain).length', 'topoOrder(chain).length']],
  'Bug 9: tanh from its formula with exp': [['(e - 1) / (e + 1)', 'Math.tanh(this.data)']],
};

for (const [title, fixes] of Object.entries(FIXES)) {
  test(`gallery, ${title}: with the faulty line fixed, nothing fails and every grad agrees with nudging`, () => {
    const fixed = fixes.reduce((code, [bad, good]) => {
      assert.ok(code.includes(bad), `the cell has "${bad}"`);
      return code.replaceAll(bad, good);
    }, cellOf(title).code);
    const { printed, error } = run(title, fixed);
    assert.equal(error, undefined);
    assert.doesNotMatch(printed, /DIFFER|NaN/);
  });
}

test('gallery, bug 7: with zeroing w reaches 3; without it, w still swings by more than 2 either side of 3 after 2,000 steps', () => {
  const descend = (zero: boolean, steps: number) => {
    const w = new Value(0);
    const seen: number[] = [];
    for (let step = 1; step <= steps; step++) {
      const loss = w.sub(3).pow(2);
      if (zero) w.grad = 0;
      loss.backward();
      w.data -= 0.1 * w.grad;
      seen.push(w.data);
    }
    return seen;
  };
  assert.equal(descend(true, 60).at(-1)!.toFixed(3), '3.000');
  const late = descend(false, 2000).slice(-100);
  assert.ok(Math.max(...late) > 5 && Math.min(...late) < 1, `the swings do not shrink: ${Math.min(...late)} … ${Math.max(...late)}`);
});

test('gallery, bug 9: exp(2x) overflows once 2x passes about 709.8 (x ≈ 355), and a neuron input of 360 is past it', () => {
  assert.ok(Number.isFinite(Math.exp(709.7)) && Math.exp(709.8) === Infinity);
  const t = (x: number) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1);
  assert.equal(t(354), 1);
  assert.ok(Number.isNaN(t(355)) && Number.isNaN(t(0.9 * 400)));
});

test('gallery, bug 4: TypeScript flags the stored call at line 16 of its cell', async () => {
  const { lintsOf } = await import('../helpers/cell-types.ts');
  const at = lesson.cells.indexOf(cellOf('Bug 4: storing the call instead of the function'));
  const codes = lesson.cells.map((c) => c.code);
  const lints = lintsOf(codes, at, []).map((l) => `${codes[at].slice(0, l.from).split('\n').length}: ${l.message}`);
  assert.deepEqual(lints, ["16: Type 'void' is not assignable to type '() => void'."]);
});

test('gallery, the exercise: the starting code fails its check with the hint about tanh, the solution passes', () => {
  const title = 'find the hidden bug';
  const cell = cellOf(title);
  assert.ok(cell.exercise && cell.solution && cell.check, 'an exercise with a solution and a check');
  const given = run(title, cell.code, true);
  assert.match(given.printed, /a: backprop -0\.96\d*, nudging -1\.9221, DIFFER/);
  assert.match(given.printed, /d: backprop -0\.197\d*, nudging -0\.1974, agree/);
  assert.match(given.error ?? '', /is not right yet: .*read tanh’s closure beside mul’s/);
  const solved = run(title, cell.solution, true);
  assert.equal(solved.error, undefined);
  assert.doesNotMatch(solved.printed, /DIFFER/);
});
