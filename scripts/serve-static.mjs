// A tiny static server for the built site, used by the browser tests.
// Unlike `astro preview` (one instance per project), several can run side by
// side, and it mounts the site under BASE_PATH the way a static host would.
// Usage: node scripts/serve-static.mjs <dir> <port> [basePath] [--gzip]
// --gzip compresses text the way static hosts do (npm run audit: Lighthouse
// times a page's bytes at a phone's network speed, and no host sends them raw).
// Or imported: createStaticServer() (the Firefox and WebKit journeys in
// tests/engines record HTTP errors and add a console probe to each page).

import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

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

/**
 * A server (not yet listening) for the site in `dir` under `basePath`.
 * Options: `onResponse(status, urlPath)` hears every response; `headHtml` is
 * put right after each page's `<head>`; `extra` maps URL paths to
 * [content type, body] served as well; `gzip` compresses text for a client that accepts it.
 * @param {string} dir
 * @param {string} [basePath]
 * @param {{ onResponse?: (status: number, path: string) => void, headHtml?: string, extra?: Record<string, [string, string]>, gzip?: boolean }} [options]
 */
export function createStaticServer(dir, basePath = '/', { onResponse, headHtml, extra = {}, gzip = false } = {}) {
  /** @type {Map<string, Buffer>} */
  const zipped = new Map();
  const root = resolve(dir);
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;

  /** @param {string} urlPath */
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

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {number} status @param {string} path */
  function send(req, res, status, path) {
    const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(path))] ?? 'application/octet-stream';
    if (
      gzip &&
      !headHtml &&
      /^(text\/|application\/(json|xml|manifest)|image\/svg)/.test(type) &&
      /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
    ) {
      let body = zipped.get(path);
      if (!body) zipped.set(path, (body = gzipSync(readFileSync(path))));
      res.writeHead(status, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'accept-encoding' });
      return res.end(body);
    }
    res.writeHead(status, { 'content-type': type });
    if (headHtml && extname(path) === '.html') {
      res.end(readFileSync(path, 'utf8').replace(/<head[^>]*>/, (tag) => tag + headHtml));
    } else {
      createReadStream(path).pipe(res);
    }
  }

  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => onResponse?.(res.statusCode, pathname));
    const more = extra[pathname];
    if (more) {
      res.writeHead(200, { 'content-type': more[0] });
      return res.end(more[1]);
    }
    const inside = pathname === base.slice(0, -1) || pathname.startsWith(base);
    const file = inside ? fileFor(`/${pathname.slice(base.length)}`) : null;
    if (file) return send(req, res, 200, file);
    const notFound = fileFor('/404.html');
    if (notFound) return send(req, res, 404, notFound);
    res.writeHead(404).end('not found');
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2).filter((a) => a !== '--gzip');
  const [dir = 'dist', port = '4322', basePath = process.env.BASE_PATH || '/'] = args;
  createStaticServer(dir, basePath, { gzip: process.argv.includes('--gzip') }).listen(Number(port), '127.0.0.1', () => {
    const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
    console.log(`serving ${resolve(dir)} at http://127.0.0.1:${port}${base}`);
  });
}
