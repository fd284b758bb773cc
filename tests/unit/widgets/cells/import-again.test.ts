import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedUrl, importAgain } from '../../../../src/widgets/cells/import-again.ts';

const chromiumFailure = new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:4322/_astro/editor.Bnw_W46k.js');

test('a module that loads is returned, and nothing is imported again', async () => {
  const asked: string[] = [];
  const mod = await importAgain(
    async () => ({ ok: 1 }),
    async (u) => asked.push(u),
  );
  assert.deepEqual(mod, { ok: 1 });
  assert.deepEqual(asked, []);
});

test('a failed import is retried once, at the address its error names, under a new query each time', async () => {
  const asked: string[] = [];
  const importUrl = async (u: string) => {
    asked.push(u);
    return { again: u };
  };
  const fail = () => Promise.reject(chromiumFailure);
  await importAgain(fail, importUrl);
  await importAgain(fail, importUrl);
  assert.equal(asked.length, 2);
  for (const u of asked) assert.match(u, /^http:\/\/127\.0\.0\.1:4322\/_astro\/editor\.Bnw_W46k\.js\?retry=\d+$/);
  assert.notEqual(asked[0], asked[1]);
});

test('an error naming no file is the error, and a failing retry fails', async () => {
  const boom = new Error('boom');
  await assert.rejects(
    importAgain(
      () => Promise.reject(boom),
      async () => ({}),
    ),
    boom,
  );
  await assert.rejects(
    importAgain(
      () => Promise.reject(chromiumFailure),
      () => Promise.reject(new Error('still offline')),
    ),
    /still offline/,
  );
});

test("the file is read from Chromium's and Firefox's messages", () => {
  assert.equal(failedUrl(chromiumFailure), 'http://127.0.0.1:4322/_astro/editor.Bnw_W46k.js');
  assert.equal(
    failedUrl(new TypeError('error loading dynamically imported module: http://localhost/sub/_astro/x.mjs')),
    'http://localhost/sub/_astro/x.mjs',
  );
  assert.equal(failedUrl(new TypeError('Importing a module script failed.')), null);
});
