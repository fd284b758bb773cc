// The engine must be the one the chapters teach (scripts/check-taught.mjs,
// run first by `npm run build`): an op no chapter writes, or one whose
// _backward differs from every chapter's, stops the build, named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const check = (env) =>
  spawnSync(process.execPath, ['scripts/check-taught.mjs'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });

test('an engine op taught in no chapter fails the check, naming it; taught ones are not named', () => {
  const result = check({ ENGINE_FILES: 'tests/fixtures/untaught-op/value.ts' });
  assert.equal(result.status, 1, `expected the check to fail:\n${result.stdout}${result.stderr}`);
  assert.match(result.stderr, /value\.ts: Value\.cube \(its _backward as the engine has it\)/);
  assert.match(
    result.stderr,
    /value\.ts: Value\.mul \(its _backward as the engine has it\)/,
    "a closure unlike every chapter's is not taught",
  );
  assert.doesNotMatch(result.stderr, /Value\.add|topologicalOrder/);
});

test("the site's engine passes: every op and method is taught", () => {
  const result = check({});
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /every op and method of value\.ts and nn\.ts is taught/);
});

test('a site whose chapters hold no code fails it for every op', () => {
  const result = check({ LESSONS_DIR: 'tests/fixtures/bad-lesson' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Value\.backward/);
  assert.match(result.stderr, /MLP\.forward/);
});

test('a misspelt fence word stops it with the file, line and word, not a stack trace', () => {
  const result = check({ LESSONS_DIR: 'tests/fixtures/bad-fence' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^check-taught: 01-fence\.mdx:\d+: unknown fence word "exercize"/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('a folder of test lessons with a fixture.json is read, and the engine is checked against the chapters it names', () => {
  const result = check({ LESSONS_DIR: 'tests/fixtures/mechanics' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /tests\/fixtures\/mechanics is a test fixture .*checked against content\/lessons/);
  assert.match(result.stdout, /every op and method of value\.ts and nn\.ts is taught/);
});
