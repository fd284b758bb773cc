import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../helpers/memory-storage.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { CellStorage } from '../../../src/runtime/storage.ts';
import { chapterProgress, markVisited, readPassed, wasVisited } from '../../../src/runtime/progress.ts';
import { exerciseCells } from '../../../src/lessons/exercises.ts';

/** A storage whose every call throws, as in a browser that blocks it. */
const broken = new Proxy({} as Storage, {
  get() {
    return () => {
      throw new DOMException('blocked', 'SecurityError');
    };
  },
});

test('a visit is remembered per lesson', () => {
  const store = new MemoryStorage();
  assert.equal(wasVisited('derivatives', store), false);
  assert.equal(markVisited('derivatives', store), true);
  assert.equal(wasVisited('derivatives', store), true);
  assert.equal(wasVisited('closures', store), false);
  assert.equal(store.getItem('micrograd:visited:derivatives'), '1');
});

test('passed exercises are read from micrograd:passed:<lesson>, as the cells write them', () => {
  const store = new MemoryStorage();
  const cells = new CellStorage('closures', store);
  cells.markPassed('your-own-closure');
  cells.markPassed('base-case');
  assert.equal(store.getItem('micrograd:passed:closures'), '["base-case","your-own-closure"]');
  assert.deepEqual(readPassed('closures', store), ['base-case', 'your-own-closure']);
  assert.deepEqual(cells.passed(), ['base-case', 'your-own-closure']);
  store.setItem('micrograd:passed:bad', '{not json');
  assert.deepEqual(readPassed('bad', store), []);
  store.setItem('micrograd:passed:odd', '["a",2,null,"d"]');
  assert.deepEqual(readPassed('odd', store), ['a', 'd']);
});

test('progress kept by cell number before cells had ids moves to the ids, once', () => {
  const store = new MemoryStorage();
  store.setItem('micrograd:progress:closures', '[3,7]');
  const ex = [
    { n: 3, id: 'base-case' },
    { n: 5, id: 'middle' },
    { n: 7, id: 'your-own-closure' },
  ];
  const p = chapterProgress('closures', ex, store);
  assert.deepEqual(p.passed, ['base-case', 'your-own-closure']);
  assert.equal(p.done, false);
  assert.equal(store.getItem('micrograd:progress:closures'), null, 'the old key is gone');
  // A second read finds the same, from the new key.
  assert.deepEqual(chapterProgress('closures', ex, store).passed, ['base-case', 'your-own-closure']);
});

test('a chapter is done when every one of its exercises is passed', () => {
  const store = new MemoryStorage();
  const cells = new CellStorage('training', store);
  const ex = [
    { n: 4, id: 'learning-rate' },
    { n: 9, id: 'zero-the-grads' },
  ];
  assert.deepEqual(chapterProgress('training', ex, store), { visited: false, passed: [], done: false });
  cells.markPassed('learning-rate');
  assert.equal(chapterProgress('training', ex, store).done, false);
  cells.markPassed('zero-the-grads');
  assert.equal(chapterProgress('training', ex, store).done, true);
  // A chapter without exercises is never "done", only visited.
  markVisited('more-ops', store);
  assert.deepEqual(chapterProgress('more-ops', [], store), { visited: true, passed: [], done: false });
});

test('missing or throwing storage: nothing breaks, nothing is remembered', () => {
  for (const store of [null, broken]) {
    assert.equal(markVisited('derivatives', store), false);
    assert.equal(wasVisited('derivatives', store), false);
    assert.deepEqual(readPassed('derivatives', store), []);
    assert.deepEqual(chapterProgress('derivatives', [{ n: 1, id: 'a' }], store), { visited: false, passed: [], done: false });
  }
  // No localStorage at all in node: the default store is absent.
  assert.equal(markVisited('derivatives'), false);
  assert.deepEqual(chapterProgress('derivatives', [{ n: 1, id: 'a' }]), { visited: false, passed: [], done: false });
});

test('exercise cells are numbered as the remark plugin numbers cells', () => {
  const body = [
    '# Title',
    '```ts cell',
    'a',
    '```',
    '```python',
    '```',
    '```ts cell exercise',
    '```',
    '```ts cell',
    '```',
    '````md',
    '```ts cell exercise',
    'not a real cell: inside another fence',
    '```',
    '````',
    '  ```ts cell exercise title="Indented, in a JSX block"',
    '  x',
    '  ```',
    '```ts solution',
    '```',
    '~~~js cell error',
    '~~~',
    '```ts',
    '```',
    '```ts cell exercise timeout=20',
    '// Nudge x both ways',
    '```',
    '```ts cell exercise id=named',
    '```',
  ].join('\n');
  assert.deepEqual(exerciseCells(body), [
    { n: 2, id: 'cell' },
    { n: 4, id: 'x' },
    { n: 6, id: 'nudge-x-both-ways' },
    { n: 7, id: 'named' },
  ]);
  assert.deepEqual(exerciseCells(''), []);
  // Widgets that are exercises count, by their ids (chapter 2's grad quiz is its graph's Predict first now, not an exercise).
  assert.deepEqual(exerciseCells('Text\n\n<GradQuiz />\n\n<TopoOrder/>\n<TopoOrderly />'), [{ n: 0, id: 'topo-order' }]);
});

test('each lesson has its exercises where the built page has them', async () => {
  const dir = new URL('../../../content/lessons/', import.meta.url);
  // Cross-check against the real pipeline when its parser is at hand: remark-mdx + the cells plugin.
  let parse: ((text: string) => unknown) | null;
  try {
    const [{ unified }, { default: remarkParse }, { default: remarkMdx }, { default: remarkMath }] = await Promise.all([
      import('unified' as string),
      import('remark-parse' as string),
      import('remark-mdx' as string),
      import('remark-math' as string),
    ]);
    const proc = unified().use(remarkParse).use(remarkMdx).use(remarkMath);
    parse = (text) => proc.parse(text);
  } catch {
    parse = null;
  }
  const { default: remarkCells } = await import('../../../src/remark/cells.mjs');
  let checked = 0;
  type N = { type: string; name?: string; attributes?: { name: string; value: string }[]; children?: N[] };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    const found = exerciseCells(body).filter((e) => e.n > 0);
    assert.ok(found.length >= 1, `${file} has an exercise`);
    if (!parse) continue;
    checked++;
    const tree = parse(body) as N;
    (remarkCells() as unknown as (t: N, f: { path: string }) => void)(tree, { path: `/x/${file}` });
    const expected: { n: number; id: string }[] = [];
    const walk = (n: N) => {
      if (n.type === 'mdxJsxFlowElement' && n.name === 'Cell') {
        const a = Object.fromEntries((n.attributes ?? []).map((x) => [x.name, x.value]));
        if (a.exercise === 'true') expected.push({ n: Number(a.n), id: a.id });
      }
      n.children?.forEach(walk);
    };
    walk(tree);
    assert.deepEqual(found, expected, file);
  }
  if (parse) assert.ok(checked >= 9, 'every lesson cross-checked');
});
