// The GitHub workflows cannot run here; at least they must parse and keep
// the shape that makes them work (Pages permissions, the sub-path build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { steps: Step[]; needs?: string; env?: Record<string, string> };
type Workflow = { on: unknown; permissions?: Record<string, string>; jobs: Record<string, Job> };

const load = (name: string): Workflow => parse(readFileSync(`.github/workflows/${name}`, 'utf8'), { strict: true });

test('deploy.yml builds under the repository name and publishes dist/ to Pages', () => {
  const wf = load('deploy.yml');
  assert.equal(wf.permissions?.pages, 'write');
  assert.equal(wf.permissions?.['id-token'], 'write');
  const build = wf.jobs.build.steps;
  const buildStep = build.find((s) => s.run === 'npm run build');
  assert.ok(buildStep, 'a build step');
  assert.match(buildStep.env?.BASE_PATH ?? '', /repository\.name/);
  const upload = build.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
  assert.equal(upload?.with?.path, 'dist');
  assert.equal(wf.jobs.deploy.needs, 'build');
  assert.ok(wf.jobs.deploy.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
});

test('ci.yml installs with npm ci and runs npm test on Node 22', () => {
  const wf = load('ci.yml');
  const steps = wf.jobs.test.steps;
  assert.ok(steps.some((s) => s.run === 'npm ci'));
  assert.ok(steps.some((s) => s.run === 'npm test'));
  const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.equal(setup?.with?.['node-version'], 22);
  assert.ok(wf.jobs.test.env?.CHROMIUM_PATH, 'the browser tests need a Chromium path');
});
