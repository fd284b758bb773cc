// A lesson with a bad frontmatter must stop the build with a message that
// names the file and the field. `astro sync` runs the same schema validation
// as `astro build` (it is build's first step) in about 2 s, and writes nothing
// when validation fails. LESSONS_DIR points the lessons collection at a fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('a lesson with a bad frontmatter fails the build, naming the file and the field', () => {
  // npx puts node_modules/.bin first on PATH, so astro runs on the project's Node 22.
  const result = spawnSync('npx', ['astro', 'sync'], {
    cwd: root,
    env: {
      ...process.env,
      LESSONS_DIR: './tests/fixtures/bad-lesson',
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;

  assert.notEqual(result.status, 0, `expected a non-zero exit, got ${result.status}:\n${output}`);
  assert.match(output, /01-bad\.mdx/, `the error should name the file:\n${output}`);
  assert.match(output, /\btitle\b/, `the error should name the field "title":\n${output}`);
  assert.match(output, /\bdescription\b/, `the error should name the missing "description":\n${output}`);
  assert.match(output, /cells\.hide/, `the error should name "cells.hide":\n${output}`);
  assert.match(output, /"Value"/, `the error should list the names that can be hidden:\n${output}`);
  assert.match(output, /graph\.stage/, `the error should name "graph.stage":\n${output}`);
  assert.match(output, /"ordered"/, `the error should list the graph stages:\n${output}`);
});
