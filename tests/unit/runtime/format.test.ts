import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatArgs,
  formatExplanationNumber,
  formatLabNumber,
  formatNodeNumber,
  formatNudgeNumber,
  formatOutputNumber,
  formatPathNumber,
  formatPlotNumber,
  formatValue,
  isValueLike,
} from '../../../src/runtime/format.ts';
import { Value } from '../../../src/engine/index.ts';
import { OutputBuffer, errorItem } from '../../../src/runtime/output.ts';
import type { OutputItem } from '../../../src/runtime/protocol.ts';

test('a cell prints numbers as JavaScript does, but keeps -0', () => {
  assert.equal(formatOutputNumber(0.1 + 0.2), '0.30000000000000004');
  assert.equal(formatOutputNumber(-0), '-0');
  assert.equal(formatOutputNumber(1e21), '1e+21');
});

test("a graph's records show 4 decimals, as draw_dot; a missing field is blank", () => {
  assert.equal(formatNodeNumber(null), '');
  assert.equal(formatNodeNumber(undefined), '');
  assert.equal(formatNodeNumber(-1.5), '-1.5000');
});

test('an explanation writes numbers short: 4 decimals at most, no trailing zeros', () => {
  assert.equal(formatExplanationNumber(0.5), '0.5');
  assert.equal(formatExplanationNumber(-1.4999999999999996), '-1.5');
  assert.equal(formatExplanationNumber(0.70710678), '0.7071');
  assert.equal(formatExplanationNumber(-0), '0');
  assert.equal(formatExplanationNumber(-0.00001), '0');
  assert.equal(formatExplanationNumber(10), '10');
  assert.equal(formatExplanationNumber(null), '?');
  assert.equal(formatExplanationNumber(NaN), 'NaN');
  assert.equal(formatExplanationNumber(-Infinity), '-Infinity');
  assert.equal(formatExplanationNumber(1e30), '1e+30');
});

test('the labs write fixed decimals with a true minus, and never −0', () => {
  assert.equal(formatLabNumber(-0.5), '−0.5000');
  assert.equal(formatLabNumber(-0.00001), '0.0000');
  assert.equal(formatLabNumber(1.234, 2), '1.23');
  assert.equal(formatLabNumber(12.34, 1), '12.3');
  assert.equal(formatLabNumber(NaN), 'NaN');
});

test('the nudge explorer trims zeros, uses a real minus and never prints −0', () => {
  assert.equal(formatNudgeNumber(-22), '−22');
  assert.equal(formatNudgeNumber(-1e-12), '0');
  assert.equal(formatNudgeNumber(6 * (2 / 3) - 4), '0');
  assert.equal(formatNudgeNumber(3.99970000001, 6), '3.9997');
  assert.equal(formatNudgeNumber(NaN), 'not a number');
});

test('plots show five significant digits; SVG paths a tenth of a pixel', () => {
  assert.equal(formatPlotNumber(3.14159265), '3.1416');
  assert.equal(formatPlotNumber(0.1 + 0.2), '0.3');
  assert.equal(formatPathNumber(12.345), '12.3');
});

test('a Value prints as micrograd does, and so does a hand-built one', () => {
  const v = new Value(2).mul(-3);
  assert.equal(formatValue(v), 'Value(data=-6, grad=0)');
  const mine = { data: 0.5, grad: 1, _prev: new Set(), _backward: () => {} };
  assert.equal(formatValue(mine), 'Value(data=0.5, grad=1)');
  assert.equal(isValueLike({ data: 1, grad: 0 }), false);
});

test('arrays, objects, Maps and Sets are readable a few levels deep', () => {
  assert.equal(formatValue([1, 'a', [2, [3]], { k: true }]), '[1, "a", [2, [3]], { k: true }]');
  assert.equal(formatValue(new Map([['x', new Value(1)]])), 'Map(1) { "x" => Value(data=1, grad=0) }');
  assert.equal(formatValue(new Set([1, 2])), 'Set(2) { 1, 2 }');
  assert.equal(formatValue({ a: { b: { c: { d: { e: 1 } } } } }), '{ a: { b: { c: [Object] } } }');
  assert.equal(formatValue(null), 'null');
  assert.equal(formatValue(-0), '-0');
  assert.equal(formatArgs(['x =', 3, 'and', [1]]), 'x = 3 and [1]');
  class Point {
    x = 1;
  }
  assert.equal(formatValue(new Point()), 'Point { x: 1 }');
});

test('cycles are safe; shared references are not cycles', () => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  assert.equal(formatValue(a), '{ name: "a", self: [Circular] }');
  const shared = [1];
  assert.equal(formatValue([shared, shared]), '[[1], [1]]');
});

test('long results are clipped', () => {
  const big = Array.from({ length: 1000 }, (_, i) => i);
  assert.match(formatValue(big), /, 29, … 970 more\]$/);
  const long = formatValue('x'.repeat(50_000));
  assert.ok(long.length < 10_100);
  assert.match(long, /more characters\)$/);
});

test('console output is capped at 1,000 lines with a note of what was left out', () => {
  const sent: OutputItem[] = [];
  const buf = new OutputBuffer((items) => sent.push(...items));
  let formatted = 0;
  for (let i = 0; i < 100_000; i++) buf.log('log', () => (formatted++, `line ${i}`));
  buf.flush();
  assert.equal(sent.filter((i) => i.kind === 'log').length, 1000);
  assert.equal(formatted, 1000, 'lines past the cap are not even formatted');
  assert.deepEqual(sent.at(-1), { kind: 'notice', text: '… 99000 more lines not shown' });
});

test('console output is capped by size as well', () => {
  const sent: OutputItem[] = [];
  const buf = new OutputBuffer((items) => sent.push(...items));
  for (let i = 0; i < 50; i++) buf.log('log', () => 'y'.repeat(10_000));
  buf.flush();
  const logs = sent.filter((i): i is Extract<OutputItem, { kind: 'log' }> => i.kind === 'log');
  assert.ok(logs.reduce((n, l) => n + l.text.length, 0) <= 100_001);
  assert.match((sent.at(-1) as { text: string }).text, /^… 40 more lines not shown$/);
});

test('formatting never throws: a Proxy whose traps throw, through a result, console.log or an error, is said to be unshowable', () => {
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
  assert.equal(formatValue(hostile), '<a value that cannot be shown: reading it threw Error: trap>');
  assert.match(formatArgs(['seen:', hostile]), /^seen: <a value that cannot be shown/);
  const unreadable = {
    get message(): string {
      throw new Error('gotcha');
    },
  };
  assert.deepEqual(errorItem(unreadable, 3), {
    kind: 'error',
    message: 'Uncaught: the cell threw something that cannot be read (its message or name threw an error itself)',
    cell: 3,
  });
});
