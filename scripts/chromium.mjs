// The machine's own Chromium, and the flags every launch of it here uses: the
// test suite, the build tests, the site bench and the audit share this one place.
import { existsSync } from 'node:fs';

/** Where a Chromium is looked for, first match wins: `$CHROMIUM_PATH`, then the usual installs. */
export const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
].filter((p) => typeof p === 'string' && p !== '');

/**
 * The first candidate that exists, or undefined when the machine has none.
 * @param {string[]} [candidates]
 * @param {(path: string) => boolean} [exists]
 */
export function findChromium(candidates = CHROMIUM_CANDIDATES, exists = existsSync) {
  return candidates.find((p) => exists(p));
}

/** The path to launch: the one found, else Debian's (so a launch error names a real path). */
export const CHROMIUM_PATH = findChromium() ?? '/usr/bin/chromium';

/**
 * Chromium's headless shell (Debian's chromium-headless-shell, the same engine and version
 * without the full browser's window layers): Playwright runs its headless tests in one by
 * default. Per test it costs less CPU here (a lesson's load 0.29 s against 0.39 s, with the
 * editor open 1.77 s against 2.02 s), mostly in the browser process. `$CHROMIUM_HEADLESS_SHELL`
 * comes first.
 */
export const HEADLESS_SHELL_CANDIDATES = [
  process.env.CHROMIUM_HEADLESS_SHELL,
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
].filter((p) => typeof p === 'string' && p !== '');

/** What the Playwright tests launch: the headless shell where there is one, else the Chromium found. */
export const TEST_CHROMIUM_PATH = findChromium(HEADLESS_SHELL_CANDIDATES) ?? CHROMIUM_PATH;

/**
 * Whether the headless shell is missing where its package exists: Debian's own Chromium is
 * installed (the shell comes from the same source package) and no shell is found.
 * @param {(path: string) => boolean} [exists]
 */
export function headlessShellMissing(exists = existsSync) {
  const chromium = findChromium(CHROMIUM_CANDIDATES, exists);
  return chromium === '/usr/bin/chromium' && findChromium(HEADLESS_SHELL_CANDIDATES, exists) === undefined;
}

// No sandbox inside containers; the networking flags stop Chromium from calling
// hosts this closed network refuses (updates, sync, field trials).
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
