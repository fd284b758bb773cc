import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, exactSlope, f, nudgeD, nudgedSlope, parseNumber, toPx, toPy, PLOT } from '../../../../src/widgets/nudge/nudge.ts';
import { formatNudgeNumber } from '../../../../src/runtime/format.ts';

test('f and its slopes match chapter 1', () => {
  assert.equal(f(3), 20);
  assert.equal(formatNudgeNumber(nudgedSlope(3, 0.0001)), '14.0003');
  assert.deepEqual(
    CASES.map((c) => formatNudgeNumber(exactSlope(c.x))),
    ['14', '−22', '0'],
  );
  for (const c of CASES) assert.ok(Math.abs(nudgedSlope(c.x, 1e-6) - c.slope) < 1e-4);
  // The nudge overshoots by exactly 3h (up to rounding).
  assert.ok(Math.abs(nudgedSlope(1, 0.5) - exactSlope(1) - 1.5) < 1e-9);
});

test('parseNumber reads what people type', () => {
  assert.equal(parseNumber('−4'), -4);
  assert.equal(parseNumber(' 6 '), 6);
  assert.equal(parseNumber('2/3'), 2 / 3);
  assert.equal(parseNumber('1e-4'), 1e-4);
  assert.ok(Number.isNaN(parseNumber('')));
  assert.ok(Number.isNaN(parseNumber('six')));
  assert.ok(Number.isNaN(parseNumber('1/0x')));
});

test('d = a·b + c nudged one input at a time gives −3, 2, 1', () => {
  const slopes = (['a', 'b', 'c'] as const).map((k) => nudgeD(k, 0.0001));
  assert.equal(slopes[0].before, 4);
  assert.equal(formatNudgeNumber(slopes[0].after, 6), '3.9997');
  assert.deepEqual(
    slopes.map((s) => formatNudgeNumber(s.slope)),
    ['−3', '2', '1'],
  );
});

test('the plot maps its corners to the padded frame', () => {
  assert.equal(toPx(PLOT.xMin), PLOT.pad);
  assert.equal(toPx(PLOT.xMax), PLOT.width - PLOT.pad);
  assert.equal(toPy(PLOT.yMin), PLOT.height - PLOT.pad);
  assert.equal(toPy(PLOT.yMax), PLOT.pad);
});
