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
