import { test } from 'node:test';
import assert from 'node:assert/strict';
import remarkCells from '../../../src/remark/cells.mjs';
import { parseMeta } from '../../../src/lessons/parse.ts';

type Node = {
  type: string;
  lang?: string;
  meta?: string | null;
  value?: string;
  name?: string;
  attributes?: { name: string; value: string }[];
  children?: Node[];
};

const code = (lang: string, meta: string | null, value: string): Node => ({ type: 'code', lang, meta, value });
const para = (text: string): Node => ({ type: 'paragraph', children: [{ type: 'text', value: text }] });
const attrs = (n: Node) => Object.fromEntries((n.attributes ?? []).map((a) => [a.name, a.value]));

function transform(children: Node[], path = '/x/01-a.mdx'): Node[] {
  const tree: Node = { type: 'root', children };
  (remarkCells() as unknown as (t: Node, f: { path: string }) => void)(tree, { path });
  return tree.children!;
}

test('meta words and key="value" pairs', () => {
  assert.deepEqual(parseMeta('cell exercise title="Set the base case" timeout=10'), {
    cell: true,
    exercise: true,
    title: 'Set the base case',
    timeout: '10',
  });
});

test('ts cell blocks become numbered Cell elements; other blocks stay', () => {
  const out = transform([
    code('ts', 'cell', 'const a = 1;\n'),
    para('prose'),
    code('text', null, 'output'),
    code('ts', null, 'not a cell'),
    code('ts', 'cell title="Two" timeout=5 error', 'b'),
  ]);
  assert.equal(out[0].type, 'mdxJsxFlowElement');
  assert.equal(out[0].name, 'Cell');
  assert.deepEqual(attrs(out[0]), { n: '1', code: 'const a = 1;', id: 'const-a-1' });
  assert.equal(out[2].type, 'code');
  assert.equal(out[3].type, 'code');
  assert.deepEqual(attrs(out[4]), { n: '2', code: 'b', title: 'Two', error: 'true', timeout: '5', id: 'b' });
});

test('solution and check blocks attach to the exercise before them and disappear', () => {
  const out = transform([
    code('ts', 'cell exercise', 'start'),
    para('If you are stuck:'),
    code('ts', 'solution', 'answer'),
    code('ts', 'check', "assert(x, 'm')"),
    code('ts', 'cell', 'next'),
  ]);
  assert.equal(out.length, 3);
  assert.deepEqual(attrs(out[0]), { n: '1', code: 'start', exercise: 'true', solution: 'answer', check: "assert(x, 'm')", id: 'start' });
  assert.deepEqual(attrs(out[2]), { n: '2', code: 'next', id: 'next' });
});

test('a solution without an exercise is an authoring error', () => {
  assert.throws(() => transform([code('ts', 'solution', 'x')]), /must follow a ```ts cell exercise block/);
});

test('plain Markdown files are left alone', () => {
  const out = transform([code('ts', 'cell', 'x')], '/x/readme.md');
  assert.equal(out[0].type, 'code');
});

test('a misspelt <GraphView stage> fails the build, naming the file, the line and the stages', () => {
  const bad: Node & { position: { start: { line: number } } } = {
    type: 'mdxJsxFlowElement',
    name: 'GraphView',
    attributes: [
      { name: 'example', value: 'L' },
      { name: 'stage', value: 'cals' },
    ],
    children: [],
    position: { start: { line: 42 } },
  };
  assert.throws(
    () => transform([bad], '/x/02-b.mdx'),
    /\/x\/02-b\.mdx:42: <GraphView stage="cals">: unknown graph stage; use one of "data", "hand", "calls", "ordered", "backward"/,
  );
  const good = { ...bad, attributes: [{ name: 'stage', value: 'calls' }] };
  assert.doesNotThrow(() => transform([good]));
});

test('a misspelt fence word or a bad value fails the build, naming the file, the line and the word', () => {
  const at = (meta: string) => ({ ...code('ts', meta, 'x'), position: { start: { line: 7 } } });
  assert.throws(
    () => transform([at('cell exercize')], '/x/03-c.mdx'),
    /\/x\/03-c\.mdx:7: unknown fence word "exercize"; the words are cell, exercise/,
  );
  assert.throws(() => transform([at('cell timeout=abc')]), /:7: timeout=abc: the time limit is a number of seconds/);
  assert.throws(() => transform([at('cell timeout=90')]), /timeout=90/);
  assert.throws(() => transform([at('cell title')]), /"title" needs a value/);
  assert.throws(() => transform([at('exercise')]), /"exercise" belongs on a ```ts cell block/);
  assert.throws(() => transform([at('cell=yes')]), /"cell" takes no value/);
  assert.throws(() => transform([at('cell id=Not_An_Id')]), /:7: id=Not_An_Id: a cell id is lowercase letters/);
  assert.throws(
    () => transform([at('cell id=same'), at('cell id=same')], '/x/03-c.mdx'),
    /\/x\/03-c\.mdx:7: id=same is used by another cell/,
  );
  assert.doesNotThrow(() => transform([at('cell exercise timeout=20 title="Fine" id=fine')]));
  assert.doesNotThrow(() => transform([at('')]));
});
