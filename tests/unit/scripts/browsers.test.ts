// `npm test` on a fresh machine: what it does when browsers are missing
// (scripts/browsers.mjs). It installs them itself only where it may (Debian or
// Ubuntu, as root or with sudo that asks no password) and otherwise stops
// with the exact command; nothing here runs apt-get.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDebianLike, planBrowsers } from '../../../scripts/browsers.mjs';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nVERSION="24.04 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\n';
const MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const ALL = ['chromium', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'];

test('Debian, Ubuntu and their derivatives are recognised from /etc/os-release; Fedora and no file are not', () => {
  assert.equal(isDebianLike(DEBIAN), true);
  assert.equal(isDebianLike(UBUNTU), true);
  assert.equal(isDebianLike(MINT), true);
  assert.equal(isDebianLike(FEDORA), false);
  assert.equal(isDebianLike(''), false);
  // A name that merely contains "debian" is not Debian.
  assert.equal(isDebianLike('ID=notdebian\n'), false);
});

test('nothing missing: nothing to do, whoever runs it and wherever', () => {
  for (const osRelease of [DEBIAN, FEDORA, '']) {
    assert.deepEqual(planBrowsers({ missing: [], root: false, sudo: false, osRelease }), { action: 'none' });
  }
});

test('as root on Debian: apt-get installs exactly the missing packages, non-interactively, and says what and why', () => {
  const plan = planBrowsers({ missing: ['firefox-esr', 'xvfb'], root: true, sudo: false, osRelease: DEBIAN });
  assert.equal(plan.action, 'install');
  if (plan.action !== 'install') return;
  assert.deepEqual(plan.commands, [
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', 'firefox-esr', 'xvfb'],
  ]);
  assert.equal(plan.sudo, false);
  assert.match(plan.why, /^Installing firefox-esr xvfb: the browser tests/);
  assert.match(plan.why, /firefox-esr: Firefox/);
  assert.match(plan.why, /xvfb: xvfb-run/);
  assert.doesNotMatch(plan.why, /chromium:/);
});

test('with passwordless sudo on Ubuntu: the same commands through sudo -n, which never waits for a password', () => {
  const plan = planBrowsers({ missing: ALL, root: false, sudo: true, osRelease: UBUNTU });
  assert.equal(plan.action, 'install');
  if (plan.action !== 'install') return;
  for (const c of plan.commands) assert.deepEqual(c.slice(0, 4), ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive']);
  assert.deepEqual(plan.commands[1].slice(-ALL.length), ALL);
  assert.match(plan.why, /\(with sudo\)/);
});

test('neither root nor passwordless sudo: it stops at once with the exact command to run', () => {
  const plan = planBrowsers({ missing: ['chromium', 'webkit2gtk-driver'], root: false, sudo: false, osRelease: DEBIAN });
  assert.equal(plan.action, 'stop');
  if (plan.action !== 'stop') return;
  assert.ok(plan.message.includes('sudo apt-get install -y chromium webkit2gtk-driver'), plan.message);
  assert.match(plan.message, /chromium: Chromium/);
});

test('not Debian or Ubuntu: it stops, even as root, naming what is missing and the variables that point at browsers', () => {
  for (const root of [true, false]) {
    const plan = planBrowsers({ missing: ['chromium'], root, sudo: !root, osRelease: FEDORA });
    assert.equal(plan.action, 'stop');
    if (plan.action !== 'stop') return;
    assert.match(plan.message, /not Debian or Ubuntu/);
    assert.match(plan.message, /CHROMIUM_PATH/);
    assert.match(plan.message, /chromium: Chromium/);
  }
  assert.equal(planBrowsers({ missing: ['xvfb'], root: true, sudo: false, osRelease: '' }).action, 'stop');
});

test(".ci/run installs nothing itself: it installs node_modules (npm ci) and runs the README's npm test", () => {
  const script = readFileSync('.ci/run', 'utf8');
  const commands = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !/^(set|cd|export) /.test(l));
  assert.deepEqual(commands, ['npm ci --no-audit --no-fund', 'npm test']);
  assert.ok(readFileSync('README.md', 'utf8').includes('npm test '), "the README's command");
});
