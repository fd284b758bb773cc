// The built site (dist/) served on a free port for the Firefox and WebKit
// journeys, by the same server the Chromium specs use, noting HTTP errors and
// putting ./console-probe.js first in every page.
import { readFileSync, existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createStaticServer } from '../../scripts/serve-static.mjs';

const PROBE = '/__engines/console-probe.js';

export interface Site {
  /** The site's root, e.g. http://127.0.0.1:40123/ */
  readonly url: string;
  /** HTTP errors served since the last call, then forgotten. */
  takeHttpErrors(): string[];
  /** Stops serving at once (connections dropped), as when the reader's network goes. */
  close(): Promise<void>;
}

export async function startSite(dir = process.env.OUT_DIR ?? 'dist'): Promise<Site> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`no build in ${dir}/: run \`npm run build\` first`);
  const errors: string[] = [];
  const server = createStaticServer(dir, '/', {
    onResponse: (status, path) => {
      if (status >= 400) errors.push(`HTTP ${status}: ${path}`);
    },
    headHtml: `<script src="${PROBE}"></script>`,
    extra: {
      [PROBE]: ['text/javascript; charset=utf-8', readFileSync(new URL('./console-probe.js', import.meta.url), 'utf8')],
      // Where a WebKit session is checked to see the site as a first visit does (./webkit.ts).
      '/__engines/blank.html': ['text/html; charset=utf-8', '<!doctype html><title>blank</title><link rel="icon" href="data:,">'],
    },
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Port 0: the system picks a free one, so nothing else on the machine clashes.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    takeHttpErrors: () => errors.splice(0),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
