import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readShare, shareFragment } from '../../../../src/widgets/cells/share.ts';

test('a cell and its code survive the trip through a link fragment, unicode and all', async () => {
  const code = 'const a = new Value(2.0, "a");\n// ∂L/∂a — ünïcode\n' + 'a.backward();\n'.repeat(40);
  const hash = await shareFragment('nudge-both-ways', code);
  assert.match(hash, /^#share=nudge-both-ways\.[A-Za-z0-9_-]+$/, 'only characters a URL fragment keeps as they are');
  assert.ok(hash.length < code.length, 'compressed');
  assert.deepEqual(await readShare(hash), { id: 'nudge-both-ways', code });
});

test('a fragment that is not a share is ignored; a broken share says so', async () => {
  assert.equal(await readShare(''), null);
  assert.equal(await readShare('#cell-3'), null);
  const hash = await shareFragment('a', 'console.log(1)');
  const cut = await readShare(hash.slice(0, -4));
  assert.ok(cut && 'error' in cut && /cut short/.test(cut.error));
  const junk = await readShare('#share=a.@@@');
  assert.ok(junk && 'error' in junk);
});

test('a link is bounded: too long a fragment, or code that inflates past 64 KB, is refused with a sentence', async () => {
  const { MAX_SHARED_CODE, MAX_FRAGMENT, TOO_LONG, SharedCodeTooLong } = await import('../../../../src/widgets/cells/share.ts');
  // Just under the cap travels; one byte more does not make a link at all.
  const fits = 'x'.repeat(MAX_SHARED_CODE);
  assert.deepEqual(await readShare(await shareFragment('a', fits)), { id: 'a', code: fits });
  await assert.rejects(shareFragment('a', `${fits}y`), SharedCodeTooLong);
  // A zip bomb: a small fragment of zeros that would inflate to 50 MB stops at the cap.
  const bomb = new Uint8Array(50 * 1024 * 1024);
  const packed = new Uint8Array(
    await new Response(new Blob([bomb]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
  );
  let b64 = '';
  for (const byte of packed) b64 += String.fromCharCode(byte);
  const hash = `#share=a.${btoa(b64).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
  assert.ok(hash.length < MAX_FRAGMENT, `the bomb's link is ${hash.length} characters`);
  const t0 = performance.now();
  assert.deepEqual(await readShare(hash), { error: TOO_LONG });
  assert.ok(performance.now() - t0 < 2000, 'stops early, not after inflating it all');
  // A fragment longer than any honest link is not even decoded.
  assert.deepEqual(await readShare(`#share=a.${'A'.repeat(MAX_FRAGMENT)}`), { error: TOO_LONG });
});

test("a percent-encoded '=' (as some mail programs write it) still opens the link", async () => {
  const hash = await shareFragment('a', 'console.log(1)');
  assert.deepEqual(await readShare(hash.replace('share=', 'share%3D')), { id: 'a', code: 'console.log(1)' });
  assert.deepEqual(await readShare(hash.replace('share=', 'share%3d')), { id: 'a', code: 'console.log(1)' });
});
