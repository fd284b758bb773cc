// The audit's server sends text compressed, as a static host does (npm run audit times the bytes
// at a phone's speed); the tests' server, without the option, sends them as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { createStaticServer } from '../../../scripts/serve-static.mjs';

const dir = mkdtempSync(join(tmpdir(), 'serve-'));
const page = `<!doctype html><title>t</title>${'<p>text</p>'.repeat(200)}`;
writeFileSync(join(dir, 'index.html'), page);

function get(port: number): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request({ port, host: '127.0.0.1', path: '/', headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done({ encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }));
    });
    req.on('error', fail);
    req.end();
  });
}

for (const gzip of [true, false]) {
  test(`with gzip ${gzip ? 'on' : 'off'}, a page comes ${gzip ? 'compressed' : 'as it is'} and reads the same`, async () => {
    const server = createStaticServer(dir, '/', { gzip });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { encoding, body } = await get((server.address() as AddressInfo).port);
      assert.equal(encoding, gzip ? 'gzip' : undefined);
      assert.equal((gzip ? gunzipSync(body) : body).toString(), page);
      if (gzip) assert.ok(body.length < page.length / 4);
    } finally {
      server.close();
    }
  });
}
