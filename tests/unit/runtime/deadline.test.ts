// Time limits with a hand-moved clock: a run's limit counts from when its code
// began, compiling has a grace, a late timer lets the answer in first, and a
// step's limit waits while a cell runs ahead of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deadline, LATE_MS } from '../../../src/runtime/deadline.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

function deadline(clock: FakeClock, extra: Partial<ConstructorParameters<typeof Deadline>[0]> = {}) {
  const fired: number[] = [];
  const d = new Deadline({ limitMs: 1000, clock, onExpire: () => fired.push(clock.now()), ...extra });
  return { d, fired };
}

test('a plain limit fires once, at its time', () => {
  const clock = new FakeClock();
  const { fired } = deadline(clock);
  clock.advance(999);
  assert.deepEqual(fired, []);
  clock.advance(5000);
  assert.deepEqual(fired, [1000]);
});

test('cancelled, it never fires', () => {
  const clock = new FakeClock();
  const { d, fired } = deadline(clock);
  clock.advance(500);
  d.cancel();
  clock.advance(5000);
  assert.deepEqual(fired, []);
  assert.equal(clock.pending, 0);
});

test('with a compile grace, the limit counts from begin(), not from sending', () => {
  const clock = new FakeClock();
  const { d, fired } = deadline(clock, { graceMs: 10_000 });
  clock.advance(3000); // compiling
  d.begin();
  clock.advance(999);
  assert.deepEqual(fired, []);
  clock.advance(1);
  assert.deepEqual(fired, [4000]);
});

test('a run that never begins is stopped once the grace is spent, counting from sending', () => {
  const clock = new FakeClock();
  const { fired } = deadline(clock, { graceMs: 10_000 });
  clock.advance(60_000);
  assert.equal(fired.length, 1);
  assert.ok(fired[0] > 10_000 && fired[0] <= 11_000, `fired at ${fired[0]}`);
});

test('a timer that fires late (the page was busy) waits a moment more for the answer', () => {
  const clock = new FakeClock();
  const { d, fired } = deadline(clock);
  clock.stall(3000); // the timer fires 2 s late
  assert.deepEqual(fired, [], 'not at once');
  d.cancel(); // the answer that was queued behind it arrives
  clock.advance(LATE_MS * 2);
  assert.deepEqual(fired, []);

  const other = deadline(clock);
  clock.stall(3000);
  clock.advance(LATE_MS);
  assert.equal(other.fired.length, 1, 'with no answer, it fires after the short wait');
});

test('holdWhile starts the limit again while it holds', () => {
  const clock = new FakeClock();
  let busy = true;
  const { fired } = deadline(clock, { holdWhile: () => busy });
  clock.advance(2500);
  assert.deepEqual(fired, []);
  busy = false;
  clock.advance(1000);
  assert.deepEqual(fired, [3000]);
});
