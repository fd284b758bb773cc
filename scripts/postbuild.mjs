// Runs after `astro build` (see the build script in package.json), on the
// same OUT_DIR, BASE_PATH and SITE_URL:
//   - the Pagefind search index of the lessons, into <out>/pagefind/;
//   - the service worker <out>/sw.js with the list of files to precache;
//   - robots.txt, naming the sitemap (@astrojs/sitemap writes it when SITE_URL is set);
//   - first of all, the CSP <meta> moved to the top of every page's <head>.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const out = process.env.OUT_DIR || 'dist';
const rawBase = process.env.BASE_PATH || '/';
const base = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;
const site = process.env.SITE_URL || '';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}
const all = files(out).map((f) => relative(out, f).split(sep).join('/'));

// 0. The CSP <meta>, which Astro writes at the end of <head>, goes right after <meta charset>:
// a policy in a <meta> covers only what comes after it.
const CSP_META = /<meta http-equiv="content-security-policy" content="[^"]*">/;
for (const f of all.filter((f) => f.endsWith('.html'))) {
  const path = join(out, f);
  const html = readFileSync(path, 'utf8');
  const meta = CSP_META.exec(html)?.[0];
  const charset = '<meta charset="utf-8">';
  if (!meta || !html.includes(charset)) continue;
  writeFileSync(path, html.replace(meta, '').replace(charset, `${charset}${meta}`));
}

// 1. Search index: only what carries data-pagefind-body (the lesson articles).
const pagefind = spawnSync('pagefind', ['--site', out, '--silent'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (pagefind.status !== 0) {
  console.error('pagefind failed');
  process.exit(1);
}

// 2. Service worker. Pages as their directory URLs; hashed assets the browser uses
// (KaTeX's .woff/.ttf fallbacks are left out: every current browser takes .woff2).
const pages = all.filter((f) => f.endsWith('.html')).map((f) => (f.endsWith('index.html') ? f.slice(0, -'index.html'.length) : f));
const assets = all.filter((f) => f.startsWith('_astro/') && /\.(js|css|woff2|svg|png)$/.test(f));
const precache = [...pages.sort(), ...assets.sort(), 'favicon.svg'];
const hash = createHash('sha256');
for (const f of [...all.filter((f) => f.endsWith('.html')), ...assets].sort()) hash.update(f).update(readFileSync(join(out, f)));
const sw = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8')
  .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 12)))
  .replace('__PRECACHE__', JSON.stringify(precache, null, 2));
writeFileSync(join(out, 'sw.js'), sw);

// 3. robots.txt, pointing at the sitemap @astrojs/sitemap wrote (astro.config.mjs).
const robots = ['User-agent: *', 'Allow: /'];
if (site) robots.push(`Sitemap: ${site.replace(/\/+$/, '')}${base}sitemap-index.xml`);
writeFileSync(join(out, 'robots.txt'), `${robots.join('\n')}\n`);
console.log(`postbuild: search index, sw.js (${precache.length} files to precache), robots.txt in ${out}/`);
