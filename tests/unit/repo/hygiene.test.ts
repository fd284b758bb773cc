// What git tracks: never installed packages, build output or test results. A
// symlink named node_modules once slipped in through a worktree (the ignore
// rule matched only directories) and replaced the real folder on checkout.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

test('git tracks no node_modules, dist, dist-* or test results', (t) => {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n');
  } catch {
    t.skip('not a git checkout');
    return;
  }
  const bad = files.filter((f) => /^(node_modules|dist|dist-[^/]*|test-results|playwright-report|\.astro)(\/|$)/.test(f));
  assert.deepEqual(bad, []);
});
