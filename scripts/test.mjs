// `npm test`: unit tests, type checks, lint, build, browser tests, build-time
// checks; browser tests in Chromium (Playwright) and in Firefox and WebKit
// (tests/engines). Steps run side by side where they can (see the end of this file);
// every step runs even if another failed (except browser tests, which need a build),
// and the last line is `tests: N passed, M failed`.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './chromium.mjs';
import { findMissing, install, machine, planBrowsers } from './browsers.mjs';

process.env.ASTRO_TELEMETRY_DISABLED = '1';

// The browser tests run in the machine's own Chromium, Firefox and WebKitGTK (Playwright's
// download is not used). Missing ones are installed now where npm test may (Debian or Ubuntu,
// as root or with sudo that asks no password); elsewhere it stops before anything is built,
// saying exactly what to run (scripts/browsers.mjs).
const plan = planBrowsers(machine());
if (plan.action === 'install') {
  console.log(plan.why);
  const still = install(plan.commands) ? findMissing() : plan.packages;
  if (still.length > 0) {
    console.error(`Could not install ${still.join(' ')}. Run: sudo apt-get install -y ${still.join(' ')}`);
    process.exit(1);
  }
} else if (plan.action === 'stop') {
  console.error(plan.message);
  process.exit(1);
}
const chromium = findChromium();
process.env.CHROMIUM_PATH = chromium;
mkdirSync('test-results', { recursive: true });

let passed = 0;
let failed = 0;
const problems = [];
const started = Date.now();
const timings = [];

/**
 * Starts a step, its output streamed line by line with a `[title]` prefix (steps run side by
 * side); resolves to whether it exited 0. Its time goes into the closing summary.
 */
function run(title, cmd, args, env = {}, { background = false } = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  // A background step yields the CPU to the others (nice 10 where there is `nice`): unit tests
  // and lint must not slow the builds, which the browser tests wait for.
  const [file, argv] = background && process.platform !== 'win32' ? ['nice', ['-n', '10', cmd, ...args]] : [cmd, args];
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${title}] ${line}`));
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const secs = Math.round((Date.now() - t0) / 1000);
      timings.push(`${title} ${secs} s`);
      console.log(`=== ${title}: ${code === 0 ? 'ok' : `exited with ${code ?? signal}`} in ${secs} s`);
      if (code !== 0) problems.push(`${title} exited with ${code ?? signal}`);
      resolve(code === 0);
    });
  });
}

/** Runs node's test runner on `args` (flags, then files), printing spec output and counting from a TAP copy. */
async function nodeTests(title, args, options = {}, env = {}) {
  const tap = `test-results/${title}.tap`;
  rmSync(tap, { force: true });
  const ok = await run(
    title,
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...args,
    ],
    env,
    options,
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  if (!ok && count('fail') + count('cancelled') === 0) failed += 1; // crashed before reporting
}

/** A step that is not a test suite (type check, build) counts only when it fails. */
async function step(title, cmd, args, env = {}, options = {}) {
  const ok = await run(title, cmd, args, env, options);
  if (!ok) failed += 1;
  return ok;
}

async function browserTests() {
  const report = 'test-results/e2e.json';
  rmSync(report, { force: true });
  const ok = await run('browser', 'npx', ['playwright', 'test']);
  if (existsSync(report)) {
    const { stats } = JSON.parse(readFileSync(report, 'utf8'));
    // A test that passed only on a retry is a flaky test, and a flaky test is a failure.
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
    if (!ok && stats.unexpected === 0) failed += 1;
  } else {
    failed += 1;
  }
}

// What can run side by side does, without starving a step that waits on time: the browser
// tests run alone (their time limits are limits, but a chapter's Run all must not share two
// cores with three other browsers), and Astro's steps never overlap, since a build,
// `astro check` and the build-time checks (which build bad lessons, one of which must fail)
// all write the project's .astro/ and Astro's content cache. So: the builds, with unit tests
// and lint beside them at a lower priority; then the Chromium specs beside `astro check`
// (also at a lower priority: it has no clock); then Firefox and WebKit beside the
// build-time checks.
const builds = (async () =>
  (await step('build', 'npm', ['run', 'build'])) &&
  // The same site under a sub-path and with its address, as GitHub Pages serves a project site
  // (the build-time checks read its sitemap and canonical URLs: tests/build/site-meta.test.mjs).
  (await step('build under /sub/', 'npm', ['run', 'build'], {
    BASE_PATH: '/sub/',
    OUT_DIR: 'dist-sub',
    SITE_URL: 'https://example.org',
  })) &&
  // The site on the fixture lessons the specs of how cells work run on (playwright.config.ts, `mechanics`).
  (await step('build of the fixture lessons', 'npm', ['run', 'build'], {
    LESSONS_DIR: './tests/fixtures/mechanics',
    OUT_DIR: 'dist-mechanics',
  })))();

await Promise.all([
  nodeTests('unit', ['tests/unit/**/*.test.ts'], { background: true }),
  step('lint', 'npm', ['run', 'lint'], {}, { background: true }),
  (async () => {
    const built = await builds;
    if (!built) problems.push('browser tests skipped: the build failed');
    await Promise.all([built && browserTests(), step('check', 'npm', ['run', 'check'], {}, { background: true })]);
    await Promise.all([
      // The same journeys in Firefox and WebKit (tests/engines), one engine after the other.
      built && nodeTests('engines', ['--test-concurrency=1', 'tests/engines/firefox.test.ts', 'tests/engines/webkit.test.ts']),
      nodeTests('build-checks', ['tests/build/*.test.mjs'], {}, built ? { SITE_META_DIR: 'dist-sub', SITE_META_BASE: '/sub/' } : {}),
    ]);
  })(),
]);

console.log(`\nTook ${Math.round((Date.now() - started) / 1000)} s: ${timings.join(', ')}`);
if (problems.length) console.log(`\nProblems:\n- ${problems.join('\n- ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && problems.length === 0 ? 0 : 1);
