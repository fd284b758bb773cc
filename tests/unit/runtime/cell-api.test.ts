// The cell API (src/runtime/cell-api.ts) against a fake host: what draw sends
// and refuses, timeit's median, and that the declarations the editor serves
// to cells are exactly the API's cell-facing names, with their doc comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Value } from '../../../src/engine/index.ts';
import type { Trace } from '../../../src/engine/trace.ts';
import { bindCellApi, checkNumber, draw, plot, startRun, timeit, assert as cellAssert } from '../../../src/runtime/cell-api.ts';
import type { Plot } from '../../../src/runtime/protocol.ts';
import { cellEnvTypes } from '../../../src/runtime/ts-env.ts';
import { CELL_GLOBALS } from '../../../src/runtime/cell-globals.ts';
import { cellApiDocs, docHtml } from '../../../src/lib/cell-api-docs.ts';

const shown: { root: object; trace: Trace; options: object }[] = [];
const plotted: Plot[] = [];
let clock = 0;
bindCellApi({
  showGraph: (root, trace, options) => shown.push({ root, trace, options }),
  showPlot: (p) => plotted.push(p),
  now: () => clock,
});

test('draw sends the traced graph with its caption and stage, and keeps the live root', () => {
  startRun();
  shown.length = 0;
  const a = new Value(2);
  const b = a.mul(3);
  draw(b, { label: 'b', stage: 'calls' });
  draw(b, 'a caption');
  assert.equal(shown.length, 2);
  assert.equal(shown[0].root, b);
  assert.equal(shown[0].trace.nodes.length, 3);
  assert.deepEqual(shown[0].options, { label: 'b', stage: 'calls' });
  assert.deepEqual(shown[1].options, { label: 'a caption' });
});

test('draw refuses bad options and too many graphs in one run, with sentences', () => {
  startRun();
  const v = new Value(1);
  assert.throws(() => draw(v, { stage: 'everything' as 'calls' }), /draw\(v, \{ stage \}\)/);
  assert.throws(() => draw(v, 42 as unknown as string), /options must be a caption string or \{ label, stage \}, got number/);
  for (let i = 0; i < 20; i++) draw(v);
  assert.throws(() => draw(v), /a run can draw at most 20 graphs/);
  startRun();
  assert.doesNotThrow(() => draw(v), 'a new run, a new budget');
});

test('timeit returns the median time of one call, on the host clock', () => {
  const costs = [5, 1, 3];
  let i = 0;
  assert.equal(
    timeit(() => {
      clock += costs[i++];
    }, 3),
    3,
  );
  assert.throws(() => timeit(() => 0, 0), /runs must be a whole number of at least 1, got 0/);
});

test('assert and checkNumber throw AssertionErrors that say what was wrong', () => {
  assert.throws(() => cellAssert(false, 'nope'), { name: 'AssertionError', message: 'nope' });
  assert.throws(() => checkNumber('x.grad', '6', 6), { name: 'AssertionError', message: /x\.grad should be 6, got "6" \(a string\)/ });
  assert.doesNotThrow(() => checkNumber('x.grad', 6 + 1e-9, 6));
});

test("the editor's cell environment declares exactly the API's cell-facing functions, documented", () => {
  const types = cellEnvTypes(readFileSync(new URL('../../../src/runtime/cell-api.ts', import.meta.url), 'utf8'));
  const declared = [...types.matchAll(/export declare function (\w+)/g)].map((m) => m[1]).sort();
  const helpers = CELL_GLOBALS.filter((g) => !['Value', 'Neuron', 'Layer', 'MLP', 'trace'].includes(g)).sort();
  assert.deepEqual(declared, helpers);
  assert.doesNotMatch(types, /bindCellApi|startRun|CellHost/, 'what cells do not see is left out');
  assert.match(types, /\/\*\*\n \* Draws the computation graph of `v` under the cell/);
});

test("the playground's list is the API's doc comments: every helper, how it is called, and what it does", () => {
  const docs = cellApiDocs(readFileSync(new URL('../../../src/runtime/cell-api.ts', import.meta.url), 'utf8'));
  assert.deepEqual(
    docs.map((d) => d.call),
    [
      'draw(v, options?)',
      'plot(title, lines, options?)',
      'assert(condition, message?)',
      'checkNumber(what, got, want, options?)',
      'timeit(fn, runs?)',
    ],
  );
  assert.match(docs[1].doc, /^Plots lines under the cell, with a table of their numbers beside it/);
  assert.match(docs[4].doc, /^Calls `fn` `runs` times \(5 by default\) and returns the median time/);
  assert.equal(docHtml('a `<b>` c'), 'a <code>&lt;b&gt;</code> c');
});

test('plot sends lines as [x, y] points (plain y values counted 0, 1, 2, …), arrows and the axes; it refuses what it cannot draw, saying why', () => {
  startRun();
  plotted.length = 0;
  plot(
    'drift',
    {
      loss: [8, 8, 8],
      w: [
        [0.5, 1],
        [1.5, 2],
      ],
    },
    {
      x: 'step',
      y: 'value',
      arrows: {
        update: [
          [0, 8],
          [0.1, 8],
        ],
      },
    },
  );
  assert.deepEqual(plotted, [
    {
      title: 'drift',
      x: 'step',
      y: 'value',
      lines: [
        {
          name: 'loss',
          points: [
            [0, 8],
            [1, 8],
            [2, 8],
          ],
        },
        {
          name: 'w',
          points: [
            [0.5, 1],
            [1.5, 2],
          ],
        },
      ],
      arrows: [{ name: 'update', from: [0, 8], to: [0.1, 8] }],
    },
  ]);
  assert.throws(() => plot('', { a: [1] }), { name: 'TypeError', message: /the title must be a string/ });
  assert.throws(() => plot('t', { a: [1, NaN] }), {
    name: 'TypeError',
    message: /"a"\[1\] must be an \[x, y\] pair of finite numbers, got 1,NaN/,
  });
  assert.throws(() => plot('t', { a: 3 as unknown as number[] }), { name: 'TypeError', message: /the line "a" must be an array/ });
  assert.throws(() => plot('t', [] as unknown as Record<string, number[]>), {
    name: 'TypeError',
    message: /lines must be an object of name: values/,
  });
  assert.throws(() => plot('t', { a: [1] }, { arrows: { up: [[0, 0]] as unknown as [[number, number], [number, number]] } }), {
    message: /the arrow "up" must be \[\[x0, y0\], \[x1, y1\]\]/,
  });
  const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i}`, [i]]));
  assert.throws(() => plot('t', nine), { name: 'RangeError', message: /at most 8 lines, got 9/ });
  assert.equal(plotted.length, 1, 'nothing refused was sent');
});
