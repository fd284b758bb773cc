// A misspelt fence word on a cell must stop the build, naming the file, the
// line and the word (src/remark/cells.mjs). LESSONS_DIR points the lessons
// collection at a fixture with one such lesson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('a misspelt fence word fails the build, naming the file, the line and the word', () => {
  const out = mkdtempSync(join(tmpdir(), 'bad-fence-'));
  try {
    const result = spawnSync('npx', ['astro', 'build'], {
      cwd: root,
      env: { ...process.env, LESSONS_DIR: './tests/fixtures/bad-fence', OUT_DIR: out, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    assert.notEqual(result.status, 0, `expected the build to fail:\n${output}`);
    assert.match(output, /01-fence\.mdx:9: unknown fence word "exercize"/, `the error should name the file, line and word:\n${output}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
