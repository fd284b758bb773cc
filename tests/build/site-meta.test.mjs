// With SITE_URL set, the build writes a sitemap (@astrojs/sitemap) and robots.txt and gives every
// page a canonical URL and absolute Open Graph URLs; the postbuild step also
// writes the search index and the service worker (scripts/postbuild.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// `npm test` builds the sub-path site with SITE_URL set (scripts/test.mjs: as a GitHub Pages
// project site is built) and names it in SITE_META_DIR, so this reads that build instead of
// making a fourth; run alone, the test builds one of its own.
const given = process.env.SITE_META_DIR;
const out = given ?? 'test-results/dist-site-meta';
const base = given ? (process.env.SITE_META_BASE ?? '/sub/') : '/micrograd/';
const at = `https://example\\.org${base.replaceAll('/', '\\/')}`;

test('SITE_URL + BASE_PATH: sitemap, robots, canonical, og tags, search index, service worker', () => {
  if (!given) {
    rmSync(out, { recursive: true, force: true });
    const r = spawnSync('npm', ['run', 'build'], {
      env: { ...process.env, SITE_URL: 'https://example.org', BASE_PATH: base, OUT_DIR: out },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  }
  assert.match(readFileSync(`${out}/sitemap-index.xml`, 'utf8'), new RegExp(`<loc>${at}sitemap-0\\.xml</loc>`));
  const sitemap = readFileSync(`${out}/sitemap-0.xml`, 'utf8');
  assert.match(sitemap, new RegExp(`<loc>${at}</loc>`));
  assert.match(sitemap, new RegExp(`<loc>${at}lessons/topological-sort/</loc>`));
  assert.doesNotMatch(sitemap, /404/);
  assert.match(readFileSync(`${out}/robots.txt`, 'utf8'), new RegExp(`Sitemap: ${at}sitemap-index\\.xml`));
  const html = readFileSync(`${out}/lessons/closures/index.html`, 'utf8');
  assert.match(html, new RegExp(`<link rel="canonical" href="${at}lessons/closures/">`));
  assert.match(html, new RegExp(`<meta property="og:image" content="${at}social\\.png">`));
  assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
  assert.match(html, /<meta property="og:title" content="Closures/);
  assert.ok(existsSync(`${out}/pagefind/pagefind-ui.js`));
  const sw = readFileSync(`${out}/sw.js`, 'utf8');
  assert.match(sw, /"lessons\/training\/"/);
  assert.match(sw, /cell\.worker[^"]*\.js"/);
  assert.ok(readFileSync(`${out}/social.png`).length < 200_000);
  if (!given) rmSync(out, { recursive: true, force: true });
});
