// The browsers `npm test` needs, and what to do when some are missing. The
// README promises that `npm test` on a fresh machine sets itself up, so on
// Debian or Ubuntu, where it may (as root, or with sudo that asks no
// password), it installs the system's packages itself; anywhere else it stops
// before anything is built, with the exact command to run. `planBrowsers` is
// the decision and is pure (tests/unit/scripts/browsers.test.ts); `findMissing`,
// `machine` and `install` are the parts that look at and change the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findChromium, headlessShellMissing } from './chromium.mjs';

/** Each Debian package the browser tests need, with what it gives them. */
export const BROWSER_PACKAGES = {
  chromium: 'Chromium, for the Playwright tests (tests/e2e)',
  'chromium-headless-shell': "Chromium's headless shell, which the Playwright tests run in (lighter than the full browser)",
  'firefox-esr': 'Firefox, for tests/engines/firefox.test.ts',
  'webkit2gtk-driver': "WebKitWebDriver and WebKitGTK's MiniBrowser, for tests/engines/webkit.test.ts",
  xvfb: 'xvfb-run, the display WebKitWebDriver needs',
};

/**
 * Is this /etc/os-release text Debian's or a derivative's (Ubuntu, …), where apt-get installs the packages by these names?
 * @param {string} osRelease
 */
export function isDebianLike(osRelease) {
  const field = (name) =>
    (osRelease.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1] ?? '')
      .trim()
      .replace(/^["']|["']$/g, '')
      .toLowerCase()
      .split(/\s+/);
  return [...field('ID'), ...field('ID_LIKE')].some((id) => id === 'debian' || id === 'ubuntu');
}

/**
 * @typedef {{ action: 'none' }
 *   | { action: 'install'; packages: string[]; sudo: boolean; commands: string[][]; why: string }
 *   | { action: 'stop'; packages: string[]; message: string }} BrowserPlan
 */

/**
 * What `npm test` does about missing browsers.
 * @param {{ missing: string[]; root: boolean; sudo: boolean; osRelease: string }} machine
 *   missing: Debian package names of what is not there (keys of BROWSER_PACKAGES);
 *   root: running as uid 0; sudo: `sudo -n true` succeeds (no password asked);
 *   osRelease: the text of /etc/os-release ('' when there is none).
 * @returns {BrowserPlan}
 */
export function planBrowsers({ missing, root, sudo, osRelease }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = [...missing];
  const list = packages.join(' ');
  const needs = packages.map((p) => `  ${p}: ${BROWSER_PACKAGES[p] ?? 'needed by the browser tests'}`).join('\n');
  const stop = (why) => ({ action: 'stop', packages, message: `The browser tests need, and this machine lacks:\n${needs}\n${why}` });
  if (!isDebianLike(osRelease)) {
    return stop(
      'This is not Debian or Ubuntu, so npm test cannot install them itself. Install Chromium or Chrome (or set CHROMIUM_PATH to it), ' +
        'Firefox (FIREFOX_PATH), and WebKitGTK with its WebKitWebDriver and xvfb-run; on Debian or Ubuntu that is:\n' +
        `  sudo apt-get install -y ${list}`,
    );
  }
  if (!root && !sudo) {
    return stop(
      'npm test installs them itself as root or with sudo that asks no password; here neither works. Run:\n' +
        `  sudo apt-get update && sudo apt-get install -y ${list}\n` +
        'then npm test again.',
    );
  }
  const as = root ? [] : ['sudo', '-n'];
  // sudo may reset the environment, so apt-get's non-interactive setting goes through env.
  const apt = [...as, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
  return {
    action: 'install',
    packages,
    sudo: !root,
    commands: [
      [...apt, 'update', '-qq'],
      [...apt, 'install', '-y', '-qq', ...packages],
    ],
    why: `Installing ${list}${root ? '' : ' (with sudo)'}: the browser tests run in the system's browsers, and this machine lacks:\n${needs}`,
  };
}

/** Whether `name` is an executable file on $PATH. */
function onPath(name, path = process.env.PATH ?? '') {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** The packages of BROWSER_PACKAGES whose programs are not on this machine (as the tests look for them). */
export function findMissing() {
  const missing = [];
  if (!findChromium()) missing.push('chromium', 'chromium-headless-shell');
  else if (headlessShellMissing()) missing.push('chromium-headless-shell');
  if (!existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr')) missing.push('firefox-esr');
  if (!onPath('WebKitWebDriver')) missing.push('webkit2gtk-driver');
  if (!onPath('xvfb-run')) missing.push('xvfb');
  return missing;
}

/** The facts planBrowsers decides on, read from this machine. */
export function machine(missing = findMissing()) {
  const root = process.getuid?.() === 0;
  // Asked only when it matters: `sudo -n` fails at once instead of prompting.
  const sudo = !root && missing.length > 0 && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  let osRelease = '';
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8');
  } catch {
    /* not Linux, or no os-release: not Debian */
  }
  return { missing, root, sudo, osRelease };
}

/**
 * Runs an install plan's commands, in order. Returns whether all succeeded.
 * @param {string[][]} commands
 */
export function install(commands) {
  for (const [cmd, ...args] of commands) {
    console.log(`$ ${[cmd, ...args].join(' ')}`);
    if (spawnSync(cmd, args, { stdio: 'inherit' }).status !== 0) return false;
  }
  return true;
}
