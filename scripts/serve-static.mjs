// A tiny static server for the built site, used by the browser tests.
// Unlike `astro preview` (one instance per project), several can run side by
// side, and it mounts the site under BASE_PATH the way a static host would.
// Usage: node scripts/serve-static.mjs <dir> <port> [basePath]

import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const [dir = 'dist', port = '4322', basePath = process.env.BASE_PATH || '/'] = process.argv.slice(2);
const root = resolve(dir);
const base = basePath.endsWith('/') ? basePath : `${basePath}/`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

function fileFor(urlPath) {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let path = join(root, rel);
  if (!path.startsWith(root)) return null;
  try {
    if (statSync(path).isDirectory()) path = join(path, 'index.html');
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

function send(res, status, path) {
  res.writeHead(status, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
}

createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const inside = pathname === base.slice(0, -1) || pathname.startsWith(base);
  const file = inside ? fileFor(`/${pathname.slice(base.length)}`) : null;
  if (file) return send(res, 200, file);
  const notFound = fileFor('/404.html');
  if (notFound) return send(res, 404, notFound);
  res.writeHead(404).end('not found');
}).listen(Number(port), '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}${base}`);
});
