import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, TEST_CHROMIUM_PATH } from './scripts/chromium.mjs';

// Node's types are not installed; read the environment through a typed globalThis.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
// E2E_PORT and OUT_DIR let two builds be tested side by side (e.g. a sub-path build).
const PORT = Number(env.E2E_PORT ?? 4322);
const OUT = env.OUT_DIR ?? 'dist';
const BASE_URL = `http://127.0.0.1:${PORT}/`;
// The same site built with BASE_PATH=/sub/ (npm test builds it into dist-sub/), served under /sub/.
const SUB_PORT = PORT + 100;
const SUB_URL = `http://127.0.0.1:${SUB_PORT}/sub/`;
// The site built on the fixture lessons of tests/fixtures/mechanics (npm test builds it into
// dist-mechanics/ with LESSONS_DIR): the specs of how cells work run there, not on the chapters.
const MECHANICS_PORT = PORT + 200;
const MECHANICS_URL = `http://127.0.0.1:${MECHANICS_PORT}/`;
const MECHANICS_SPECS = /\/(cells|hostile)\.spec\.ts$/;

const browser = {
  browserName: 'chromium' as const,
  launchOptions: {
    // Playwright cannot download its own browser here; use the machine's (its headless shell
    // where there is one, as Playwright itself would: scripts/chromium.mjs).
    executablePath: TEST_CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  },
};

export default defineConfig({
  testDir: 'tests/e2e',
  // Tests run against the built site: run `npm run build` first.
  // Plain static servers over the builds (astro preview allows one instance per project).
  webServer: [
    {
      command: `node scripts/serve-static.mjs ${OUT} ${PORT}`,
      url: BASE_URL,
      reuseExistingServer: !env.CI,
      timeout: 60_000,
    },
    {
      command: `node scripts/serve-static.mjs ${env.SUB_OUT_DIR ?? 'dist-sub'} ${SUB_PORT} /sub/`,
      port: SUB_PORT,
      reuseExistingServer: !env.CI,
      timeout: 60_000,
    },
    {
      command: `node scripts/serve-static.mjs ${env.MECHANICS_OUT_DIR ?? 'dist-mechanics'} ${MECHANICS_PORT}`,
      url: MECHANICS_URL,
      reuseExistingServer: !env.CI,
      timeout: 60_000,
    },
  ],
  // No service worker unless a spec asks for one: in a fresh context it precaches the
  // whole site (about 6 MB) on every first visit, some 1.4 s of browser CPU per test
  // spent for nothing. The specs about offline, the service worker's cache and
  // a page's requests (quality, quality-offline, hostile, site, one in
  // typescript) turn it back on with test.use({ serviceWorkers: 'allow' }).
  use: { baseURL: BASE_URL, serviceWorkers: 'block' },
  // Limits that catch a hang, not measures: two workers share two cores with the
  // browsers, and an axe scan of a page full of cells took 34 s there once (the
  // default limit is 30 s). Speed is measured by the benches, which print figures.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!env.CI,
  outputDir: `test-results/artifacts-${PORT}`,
  reporter: [['list'], ['json', { outputFile: env.E2E_REPORT ?? 'test-results/e2e.json' }]],
  projects: [
    { name: 'chromium', use: browser, testIgnore: [/subpath\.spec\.ts$/, MECHANICS_SPECS] },
    // Deployed under a sub-path, as on GitHub Pages: the same checks must hold.
    { name: 'subpath', use: { ...browser, baseURL: SUB_URL }, testMatch: /subpath\.spec\.ts$/ },
    // How cells work, on small fixture lessons: an edit to a chapter cannot break these.
    { name: 'mechanics', use: { ...browser, baseURL: MECHANICS_URL }, testMatch: MECHANICS_SPECS },
  ],
});
