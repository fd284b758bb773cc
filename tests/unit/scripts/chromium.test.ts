// `npm test`, the build tests, the bench and the audit all launch the Chromium
// that scripts/chromium.mjs finds; a wrong pick would break every browser test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHROMIUM_CANDIDATES,
  CHROMIUM_FLAGS,
  HEADLESS_SHELL_CANDIDATES,
  TEST_CHROMIUM_PATH,
  findChromium,
  headlessShellMissing,
} from '../../../scripts/chromium.mjs';

test('the first candidate that exists wins, in the order given', () => {
  const present = new Set(['/usr/bin/google-chrome', '/snap/bin/chromium']);
  const found = findChromium(['/usr/bin/chromium', '/usr/bin/google-chrome', '/snap/bin/chromium'], (p) => present.has(p));
  assert.equal(found, '/usr/bin/google-chrome');
});

test('with none present there is no Chromium, so npm test stops and says how to install one', () => {
  assert.equal(
    findChromium(['/usr/bin/chromium'], () => false),
    undefined,
  );
});

test('$CHROMIUM_PATH is looked at before the usual installs, and an unset one is skipped', () => {
  const paths = CHROMIUM_CANDIDATES;
  assert.ok(paths.every((p) => typeof p === 'string' && p.length > 0));
  assert.ok(paths.includes('/usr/bin/chromium'));
  if (process.env.CHROMIUM_PATH) assert.equal(paths[0], process.env.CHROMIUM_PATH);
});

test('every launch runs without a sandbox and without calling out to update or sync', () => {
  for (const flag of ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync']) {
    assert.ok(CHROMIUM_FLAGS.includes(flag), flag);
  }
});

test("the tests run in Chromium's headless shell where Debian's Chromium has one; it is missing only beside Debian's Chromium", () => {
  assert.ok(HEADLESS_SHELL_CANDIDATES.includes('/usr/bin/chromium-headless-shell'));
  const debian = new Set(['/usr/bin/chromium']);
  assert.equal(
    headlessShellMissing((p) => debian.has(p)),
    true,
  );
  assert.equal(
    headlessShellMissing((p) => debian.has(p) || p === '/usr/bin/chromium-headless-shell'),
    false,
  );
  // Chrome, or a Chromium from elsewhere: no Debian package to add, the tests use that browser.
  assert.equal(
    headlessShellMissing((p) => p === '/usr/bin/google-chrome'),
    false,
  );
  assert.ok([...HEADLESS_SHELL_CANDIDATES, ...CHROMIUM_CANDIDATES, '/usr/bin/chromium'].includes(TEST_CHROMIUM_PATH));
});
