// Checks every internal link, asset and #anchor in a built site, the way a
// browser would resolve them under the site's base path. Returns a list of
// problems ("page: href -> why"); empty means every link lands.
// Usage: node scripts/check-links.mjs <dir> [basePath]

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'parse5';

const ORIGIN = 'http://site.test';
const LINK_ATTRS = { a: 'href', link: 'href', script: 'src', img: 'src', source: 'src', iframe: 'src' };

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

function walk(node, visit) {
  visit(node);
  for (const child of node.childNodes ?? []) walk(child, visit);
  if (node.content) walk(node.content, visit); // <template>
}

function attr(node, name) {
  return node.attrs?.find((a) => a.name === name)?.value;
}

/** The page's URL path under the base: dist/lessons/x/index.html -> /base/lessons/x/ */
function pageUrl(dir, file, base) {
  const rel = relative(dir, file).split(sep).join('/');
  return base + rel.replace(/(^|\/)index\.html$/, '$1');
}

export function checkLinks(dir, basePath = '/') {
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  const pages = new Map(); // url path -> { ids, links }
  for (const file of htmlFiles(dir)) {
    const doc = parse(readFileSync(file, 'utf8'));
    const ids = new Set();
    const links = [];
    walk(doc, (node) => {
      const id = attr(node, 'id');
      if (id) ids.add(id);
      if (node.tagName === 'a' && attr(node, 'name')) ids.add(attr(node, 'name'));
      const key = LINK_ATTRS[node.tagName];
      const value = key && attr(node, key);
      if (value) links.push(value);
      if (node.tagName === 'img' && attr(node, 'srcset')) {
        for (const part of attr(node, 'srcset').split(',')) links.push(part.trim().split(/\s+/)[0]);
      }
    });
    pages.set(pageUrl(dir, file, base), { file, ids, links });
  }

  const problems = [];
  const resolveFile = (path) => {
    if (!path.startsWith(base)) return null;
    const rel = decodeURIComponent(path.slice(base.length));
    const full = join(dir, rel);
    if (existsSync(full) && statSync(full).isDirectory()) {
      return existsSync(join(full, 'index.html')) ? join(full, 'index.html') : null;
    }
    return existsSync(full) ? full : null;
  };

  for (const [url, page] of pages) {
    for (const href of page.links) {
      if (/^(mailto:|tel:|javascript:|data:)/.test(href)) continue;
      const target = new URL(href, ORIGIN + url);
      if (target.origin !== ORIGIN) continue; // external: not ours to check here
      const where = `${url}: ${href}`;
      const file = resolveFile(target.pathname);
      if (!file) {
        problems.push(`${where} -> no such file (${target.pathname})`);
        continue;
      }
      if (target.hash.length > 1 && file.endsWith('.html')) {
        const targetPage = [...pages.values()].find((p) => p.file === file);
        const id = decodeURIComponent(target.hash.slice(1));
        if (targetPage && !targetPage.ids.has(id)) problems.push(`${where} -> no element with id "${id}"`);
      }
    }
  }
  return { pages: pages.size, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', base = '/'] = process.argv.slice(2);
  const { pages, problems } = checkLinks(dir, base);
  console.log(`${pages} pages checked under ${base}: ${problems.length} broken links`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(problems.length ? 1 : 0);
}
