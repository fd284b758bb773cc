// scripts/vite-preload.mjs: Vite's preload helper loses its crossOrigin = '' (Firefox
// reports a crossorigin modulepreload of an already loaded chunk as a failed load;
// tests/engines/lab-journey.ts sees it in the browser), and the build stops if the helper changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameOriginModulePreload } from '../../../scripts/vite-preload.mjs';

const renderChunk = (code: string) => (sameOriginModulePreload().renderChunk as (code: string) => { code: string } | null)(code);

test('the preload helper keeps everything but its crossOrigin', () => {
  const helper = `const rel = link.relList.supports('modulepreload') ? 'modulepreload' : 'preload';\nlink.rel = rel;\nlink.crossOrigin = "";\nlink.href = dep;`;
  const out = renderChunk(helper)!.code;
  assert.doesNotMatch(out, /crossOrigin/);
  assert.match(out, /link\.rel = rel;\s*link\.href = dep;/);
  assert.equal(renderChunk('export const a = 1;'), null, 'other chunks are left alone');
  assert.throws(() => renderChunk(`link.relList.supports('modulepreload')`), /no longer sets crossOrigin/);
});
