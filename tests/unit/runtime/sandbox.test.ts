// The cells' box (docs/sandbox.md): the sandbox frame's document and policy,
// and the guard that puts back built-ins a cell changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_BOOT, SANDBOX_BOOT_HASH, SANDBOX_CSP, SANDBOX_HTML } from '../../../src/runtime/sandbox-document.mjs';
import { IntrinsicsGuard, changedMessage } from '../../../src/runtime/intrinsics.ts';

test("the boot script's hash, which both policies carry, is its sha256", () => {
  assert.equal(SANDBOX_BOOT_HASH, `sha256-${createHash('sha256').update(SANDBOX_BOOT).digest('base64')}`);
  assert.ok(SANDBOX_HTML.includes(`<script>${SANDBOX_BOOT}</script>`));
});

test("the frame's policy allows no network, no code from anywhere, and workers only from blob:", () => {
  const d = Object.fromEntries(
    SANDBOX_CSP.split(';')
      .map((p) => p.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(d['default-src'], ["'none'"]);
  assert.deepEqual(d['connect-src'], ["'none'"]);
  assert.deepEqual(d['script-src'], [`'${SANDBOX_BOOT_HASH}'`, "'unsafe-eval'"]);
  assert.deepEqual(d['worker-src'], ['blob:']);
  assert.ok(!SANDBOX_CSP.includes("'self'"));
});

test('the guard puts back what a cell added, replaced or deleted on built-ins, and names it', () => {
  const guard = new IntrinsicsGuard();
  const map = Array.prototype.map;
  const proto = Object.prototype as Record<string, unknown>;
  proto.check = 'pwned';
  Array.prototype.map = function () {
    return [];
  };
  const max = Math.max;
  delete (Math as { max?: unknown }).max;
  const { changed, stuck } = guard.restore();
  assert.deepEqual(stuck, []);
  assert.deepEqual(changed.sort(), ['Array.prototype.map', 'Math.max', 'Object.prototype.check']);
  assert.equal('check' in {}, false);
  assert.equal(Array.prototype.map, map);
  assert.equal(Math.max, max);
  assert.match(changedMessage(changed, stuck), /put back as they were/);
  assert.deepEqual(guard.restore(), { changed: [], stuck: [] }, 'nothing left to restore, and NaN is not a change');
});

test('a frozen built-in cannot be put back: the message asks for a Restart', () => {
  const target = { Blob: class {} };
  const g2 = new IntrinsicsGuard(target);
  Object.freeze(target.Blob.prototype);
  const { stuck } = g2.restore();
  assert.ok(stuck.includes('Blob.prototype (frozen)'), stuck.join());
  assert.match(changedMessage([], stuck), /press Restart/);
});
