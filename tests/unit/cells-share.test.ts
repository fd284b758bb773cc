import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readShare, shareFragment } from '../../src/widgets/cells/share.ts';

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
