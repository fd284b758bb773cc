// An author inserts a cell into a published lesson: a reader's edit and passed
// exercise stay on the cell they belong to, because cells are known by their
// id (src/lib/cell-ids.ts), not their place. Two builds of a fixture lesson,
// served one after the other on the same origin, so the reader's storage is
// the same; Chromium through Playwright's library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve-static.mjs';
import { CHROMIUM_FLAGS, TEST_CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lesson-update-'));

function build(version) {
  const out = join(work, version);
  const r = spawnSync('npx', ['astro', 'build'], {
    cwd: root,
    env: {
      ...process.env,
      LESSONS_DIR: `./tests/fixtures/lesson-update/${version}`,
      OUT_DIR: out,
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `the ${version} build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** Serves `dir` on `port` (0: any free one); resolves to the server and its port. */
function serve(dir, port) {
  const server = createStaticServer(dir, '/');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

const close = (server) =>
  new Promise((r) => {
    server.closeAllConnections?.();
    server.close(() => r());
  });

let v1;
let v2;
before(() => {
  v1 = build('v1');
  v2 = build('v2');
});
after(() => rmSync(work, { recursive: true, force: true }));

test('a cell inserted before an edited, passed exercise leaves the edit and the pass on that exercise', { timeout: 600_000 }, async () => {
  const browser = await chromium.launch({
    executablePath: TEST_CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const first = await serve(v1, 0);
    const url = `http://127.0.0.1:${first.port}/lessons/update/`;
    await page.goto(url);
    const exercise = page.locator('.cell-exercise');
    await exercise.locator('pre.astro-code').click();
    const editor = exercise.locator('.cm-content');
    await editor.waitFor();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('// mine\nconst b = 2 * a;');
    await page.getByRole('button', { name: 'Run all' }).click();
    await exercise.getByRole('button', { name: 'Check' }).click();
    await exercise.getByText('Passed', { exact: true }).waitFor({ timeout: 30_000 });
    await close(first.server);

    // The author's new version, at the same address.
    const second = await serve(v2, first.port);
    try {
      await page.reload();
      const cells = page.locator('[data-cell]');
      assert.equal(await cells.count(), 3);
      assert.equal(
        await cells
          .nth(2)
          .getAttribute('class')
          .then((c) => c.includes('cell-exercise')),
        true,
      );
      // The exercise, now cell 3, has the reader's code and its pass.
      assert.equal((await cells.nth(2).locator('pre').innerText()).trim(), '// mine\nconst b = 2 * a;');
      assert.equal(await cells.nth(2).locator('[data-state]').innerText(), 'Passed');
      assert.equal(await cells.nth(2).locator('[data-edited]').isVisible(), true);
      // The inserted cell shows the author's code, untouched.
      assert.match(await cells.nth(1).locator('pre').innerText(), /console\.log\('inserted'\)/);
      assert.equal(await cells.nth(1).locator('[data-edited]').isVisible(), false);
      assert.equal(await cells.nth(0).locator('[data-edited]').isVisible(), false);
    } finally {
      await close(second.server);
    }
  } finally {
    await browser.close();
  }
});
