// A cell stays in its box: what hostile code (a shared link's, say) tries
// from a cell, and what it must not reach. The box is the sandboxed frame and
// its policy (docs/sandbox.md); each probe here worked before it.
import { test, expect, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import { cell, output, typeInto } from './cell-helpers.ts';
import { gotoSettled } from './settled.ts';

// The `mechanics` project runs this file against the fixture lessons of
// tests/fixtures/mechanics (dist-mechanics/): LESSON's cells are copies of chapter 1's.
const LESSON = 'lessons/cells/';

// With the service worker the site really has: its cache is what hostile code would poison.
test.use({ serviceWorkers: 'allow' });

async function run(page: Page, n: number, code: string): Promise<void> {
  await typeInto(page, n, code);
  await cell(page, n).getByRole('button', { name: 'Run', exact: true }).click();
}

/** A cell helper, pasted into probes: the global's own `name`, taken from its prototypes past any removal by name. */
const ORIGINAL = `
function original(name: string): any {
  let o: any = Object.getPrototypeOf(self);
  while (o) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d.get ? d.get.call(self) : d.value;
    o = Object.getPrototypeOf(o);
  }
  return (self as any)[name];
}
const said: string[] = [];
async function attempt(name: string, f: () => unknown): Promise<void> {
  try {
    await f();
    said.push(name + ': done');
  } catch (e) {
    said.push(name + ': refused');
  }
}
`;

/** A server on another port that counts every request it gets. */
async function counter(): Promise<{ server: Server; url: string; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
    res.end('export const x = 1; self.__loaded = true;');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/`, count: () => n };
}

test('a cell cannot reach the Cache Storage the service worker serves pages from', async ({ page }) => {
  await gotoSettled(page, LESSON);
  await run(
    page,
    1,
    `${ORIGINAL}
await attempt('caches', async () => {
  const store = original('caches');
  const cache = await store.open('micrograd-poison');
  await cache.put(new Request(location.href), new Response('POISONED'));
});
console.log(said.join('\\n'));`,
  );
  await expect(output(page, 1)).toContainText('caches: refused');
  const keys = await page.evaluate(async () => ('caches' in window ? await caches.keys() : []));
  expect(keys).not.toContain('micrograd-poison');
});

test('a cell reaches no network and loads no code, whatever the spelling', async ({ page }) => {
  const { server, url, count } = await counter();
  try {
    await gotoSettled(page, LESSON);
    await run(
      page,
      1,
      `${ORIGINAL}
const u = ${JSON.stringify(url)};
await attempt('fetch', () => original('fetch')(u + 'fetch'));
await attempt('fetch no-cors', () => original('fetch')(u + 'nocors', { mode: 'no-cors' }));
await attempt('XMLHttpRequest', () => new Promise((ok, no) => { const x = new (original('XMLHttpRequest'))(); x.onload = ok; x.onerror = no; x.open('GET', u + 'xhr'); x.send(); }));
await attempt('eval import', () => eval('imp' + 'ort(u + "eval.js")'));
await attempt('Function import', () => new Function('u', 'return imp' + 'ort(u + "function.js")')(u));
await attempt('data: import', () => eval('imp' + 'ort("data:text/javascript,self.__data = 1")'));
await attempt('blob: import', () => eval('imp' + 'ort(URL.createObjectURL(new Blob(["self.__blob = 1"], { type: "text/javascript" })))'));
await attempt('importScripts', () => original('importScripts')(u + 'scripts.js'));
await attempt('WebSocket', () => new Promise((ok, no) => { const w = new (original('WebSocket'))(u.replace('http', 'ws') + 'ws'); w.onopen = ok; w.onerror = no; }));
await attempt('EventSource', () => new Promise((ok, no) => { const s = new (original('EventSource'))(u + 'sse'); s.onopen = ok; s.onerror = no; }));
await attempt('Worker', () => new (original('Worker'))(u + 'worker.js'));
await attempt('sendBeacon', () => { if (!navigator.sendBeacon?.(u + 'beacon', 'x')) throw new Error('no'); });
console.log(said.join('\\n'));
console.log('loaded:', (self as any).__loaded === true, (self as any).__data === 1, (self as any).__blob === 1);`,
    );
    await expect(output(page, 1)).toContainText('loaded: false false false', { timeout: 15_000 });
    const text = (await output(page, 1).textContent()) ?? '';
    for (const name of [
      'fetch',
      'fetch no-cors',
      'XMLHttpRequest',
      'eval import',
      'Function import',
      'data: import',
      'blob: import',
      'importScripts',
      'WebSocket',
      'EventSource',
    ]) {
      expect(text).toContain(`${name}: refused`);
    }
    // Anything on its way would have arrived by now.
    await page.waitForTimeout(500);
    expect(count()).toBe(0);
  } finally {
    server.close();
  }
});

test("a cell cannot reach the origin's storage or other tabs", async ({ page }) => {
  await gotoSettled(page, LESSON);
  await page.evaluate(() => {
    const w = window as unknown as { __heard: unknown[] };
    w.__heard = [];
    new BroadcastChannel('micrograd').onmessage = (e) => w.__heard.push(e.data);
  });
  await run(
    page,
    1,
    `${ORIGINAL}
await attempt('indexedDB', () => new Promise((ok, no) => { const r = original('indexedDB').open('poison'); r.onsuccess = ok; r.onerror = no; }));
await attempt('OPFS', () => navigator.storage.getDirectory().then((d: any) => d.getFileHandle('x', { create: true })));
await attempt('locks', () => navigator.locks.request('micrograd', () => 1));
await attempt('BroadcastChannel', () => new (original('BroadcastChannel'))('micrograd').postMessage('hello from a cell'));
await attempt('WebTransport', () => new (original('WebTransport'))('https://127.0.0.1:9/').ready);
console.log(said.join('\\n'));`,
  );
  const out = output(page, 1);
  for (const name of ['indexedDB', 'OPFS', 'locks', 'WebTransport']) await expect(out).toContainText(`${name}: refused`);
  // A message on a BroadcastChannel reaches other listeners in no order with the run's end, and
  // nothing on the page can say one was not sent: time for one to arrive is the check.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __heard: unknown[] }).__heard)).toEqual([]);
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('poison');
});

test("a cell cannot take the runtime's channel: a wrapped postMessage sees nothing and is put back", async ({ page }) => {
  await gotoSettled(page, LESSON);
  await run(
    page,
    1,
    `const seen: unknown[] = [];
const real = MessagePort.prototype.postMessage;
MessagePort.prototype.postMessage = function (this: MessagePort, m: unknown, t?: any) { seen.push(m); return real.call(this, m, t); };
console.log('wrapped');`,
  );
  await expect(output(page, 1)).toContainText('wrapped');
  await expect(output(page, 1)).toContainText('MessagePort.prototype.postMessage');
  await expect(output(page, 1)).toContainText('put back');
  await run(page, 2, `console.log('seen', seen.length, MessagePort.prototype.postMessage === real)`);
  await expect(output(page, 2)).toContainText('seen 0 true');
});

test("polluting Object.prototype is the cell's error, and the next run works without Restart", async ({ page }) => {
  await gotoSettled(page, LESSON);
  await run(page, 1, `(Object.prototype as any).check = 'console.log("pwned")';\n(Array.prototype as any).map = () => [];\n'done'`);
  await expect(output(page, 1)).toContainText('Object.prototype.check');
  await expect(output(page, 1)).toContainText('Array.prototype.map');
  await run(page, 2, `console.log([1, 2].map((x) => x * 2), 'check' in {})`);
  await expect(output(page, 2)).toHaveText('[2, 4] false');
});

test('an error whose message throws, and a Proxy result, are reported and leave the runtime working', async ({ page }) => {
  await gotoSettled(page, LESSON);
  await run(page, 1, `throw { get message(): string { throw new Error('gotcha'); }, get name(): string { throw new Error('gotcha'); } };`);
  await expect(output(page, 1)).toContainText('cannot be read');
  await run(
    page,
    2,
    `new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } })`,
  );
  await expect(output(page, 2)).toContainText('cannot be shown');
  await run(page, 3, `1 + 1`);
  await expect(output(page, 3)).toHaveText('2');
});

/**
 * A page that stopped painting this long has hung, as a reader sees it: what these tests catch is
 * a 50 MB string or a huge graph laid out in one go (seconds). Not a measure of speed: the gap is
 * 80-100 ms on an idle machine, and once reached 1,150 ms in a full run's two workers on two cores.
 */
const HANG_MS = 3000;

/** The longest gap between animation frames while `during` runs: the page's responsiveness. */
async function longestFrameGap(page: Page, during: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __frames: boolean };
    w.__gap = 0;
    w.__frames = true;
    let last = performance.now();
    const tick = (t: number): void => {
      w.__gap = Math.max(w.__gap, t - last);
      last = t;
      if (w.__frames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __gap: number; __frames: boolean };
    w.__frames = false;
    return w.__gap;
  });
}

test('draw() refuses graphs with too many edges, too many graphs a run, and huge captions; the page keeps painting', async ({ page }) => {
  await gotoSettled(page, 'playground/');
  const gap = await longestFrameGap(page, async () => {
    // Any Value-shaped object draws, so the engine's two-input rule does not stop this one.
    await run(
      page,
      1,
      `const k = { data: 1, grad: 0, _prev: [], _op: '', label: 'k' };\nconst v = { data: 2, grad: 0, _prev: Array(100000).fill(k), _op: '+', label: 'v' };\ndraw(v)`,
    );
    await expect(output(page, 1)).toContainText('100000 edges, more than the 20000 a drawing can show');
    await run(page, 1, `draw(new Value(1), 'c'.repeat(50_000_000))`);
    await expect(output(page, 1)).toContainText('a caption of at most 500 characters');
    await run(
      page,
      1,
      `let x = new Value(0);\nfor (let i = 0; i < 2499; i++) x = x.add(1); // 4,999 values: 0, then each add and its 1\nfor (let i = 0; i < 30; i++) draw(x);`,
    );
    await expect(output(page, 1)).toContainText('at most 20000 can be shown per run');
  });
  expect(gap).toBeLessThan(HANG_MS);
  await expect(output(page, 1).getByRole('table')).toHaveCount(4);
});

test('a 50 MB error message is cut short, and the page keeps painting', async ({ page }) => {
  await gotoSettled(page, 'playground/');
  const gap = await longestFrameGap(page, async () => {
    await run(page, 1, `throw new Error('e'.repeat(50_000_000))`);
    await expect(output(page, 1)).toContainText('Error: eeee');
  });
  expect(gap).toBeLessThan(HANG_MS);
  const text = (await output(page, 1).textContent()) ?? '';
  expect(text.length).toBeLessThan(3000);
});

/** A `#share=` fragment for cell `id`, made as the site makes them (deflate-raw, base64url). */
function fragment(id: string, code: string | Buffer): string {
  return `#share=${id}.${deflateRawSync(typeof code === 'string' ? Buffer.from(code) : code).toString('base64url')}`;
}

test.describe('shared links', () => {
  test('a zip bomb link is refused with a sentence, the tab lives, and the link leaves the address bar', async ({ page }) => {
    await gotoSettled(page, 'playground/');
    const id = (await cell(page, 1).getAttribute('data-cell-id'))!;
    const bomb = fragment(id, Buffer.alloc(400 * 1024 * 1024));
    await page.goto(`playground/${bomb}`);
    await expect(cell(page, 1)).toContainText('more code than a cell holds');
    await expect(page).toHaveURL(/\/playground\/$/);
    await page.reload();
    await expect(cell(page, 1)).not.toContainText('more code than a cell holds');
  });

  test("opening a link while the cell's editor is open shows the link's code there: Run runs what the reader sees", async ({ page }) => {
    await gotoSettled(page, 'playground/');
    const id = (await cell(page, 1).getAttribute('data-cell-id'))!;
    // The editor is open on the lesson's code, not edited.
    await cell(page, 1).locator('pre').click();
    await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
    // Only the fragment changes (a page that opened this tab can do this): no reload.
    await page.evaluate((h) => (location.hash = h), fragment(id, 'console.log("from the link")'));
    await expect(cell(page, 1).locator('.cm-content')).toHaveText('console.log("from the link")');
    await expect(cell(page, 1)).toContainText('It has not run');
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 1)).toHaveText('from the link');
    await expect(page).toHaveURL(/\/playground\/$/);
    // With an edit of their own open, "Use the shared code" puts it in the editor too.
    await typeInto(page, 1, 'console.log("mine")');
    await page.evaluate((h) => (location.hash = h), fragment(id, 'console.log("from the second link")'));
    await cell(page, 1).getByRole('button', { name: 'Use the shared code' }).click();
    await expect(cell(page, 1).locator('.cm-content')).toHaveText('console.log("from the second link")');
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 1)).toHaveText('from the second link');
  });

  test("shared code runs only by its own cell's Run: a later cell's Run and Run all stop at it and say why", async ({ page }) => {
    await gotoSettled(page, LESSON);
    const id = (await cell(page, 1).getAttribute('data-cell-id'))!;
    await page.goto(`${LESSON}${fragment(id, 'console.log("shared ran")')}`);
    await expect(cell(page, 1)).toContainText('It has not run');
    await cell(page, 2).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 2)).toContainText('Not run: cell 1 holds code from a shared link');
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect(output(page, 2)).toContainText('Not run: cell 1 holds code from a shared link');
    await expect(output(page, 1)).not.toContainText('shared ran');
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 1)).toHaveText('shared ran');
    await cell(page, 2).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 2)).not.toContainText('Not run');
  });

  test('bidi and invisible characters in shared code are drawn visibly and warned about', async ({ page }) => {
    await gotoSettled(page, 'playground/');
    const id = (await cell(page, 1).getAttribute('data-cell-id'))!;
    const trojan =
      'const accessLevel = "user";\nif (accessLevel != "user\u202e \u2066// Check if admin\u2069 \u2066") {\n  console.log("You are an admin.");\n}';
    await page.goto(`playground/${fragment(id, trojan)}`);
    const c = cell(page, 1);
    await expect(c).toContainText('Careful: it contains 4 invisible or text-direction characters');
    await expect(c.locator('pre .hidden-char')).toHaveText(['⟨U+202E⟩', '⟨U+2066⟩', '⟨U+2069⟩', '⟨U+2066⟩']);
    // In the editor they are marked too.
    await c.locator('pre').click();
    await expect(c.locator('.cm-specialChar')).toHaveCount(4);
  });

  test('"Use the shared code" keeps the reader\'s own version one click away', async ({ page }) => {
    await gotoSettled(page, 'playground/');
    const id = (await cell(page, 1).getAttribute('data-cell-id'))!;
    await typeInto(page, 1, 'console.log("my own version")');
    await page.goto(`playground/${fragment(id, 'console.log("shared version")')}`);
    const c = cell(page, 1);
    await c.getByRole('button', { name: 'Use the shared code' }).click();
    await expect(c.locator('pre, .cm-content').first()).toContainText('shared version');
    await c.getByRole('button', { name: 'Back to my version' }).click();
    await expect(c.locator('pre, .cm-content').first()).toContainText('my own version');
    await page.reload();
    await expect(c.locator('pre, .cm-content').first()).toContainText('my own version');
  });
});

test('a timer that keeps printing after its cell returned: capped once, the cell shows as running, and Stop ends it', async ({ page }) => {
  await gotoSettled(page, 'playground/');
  // 5 KB a line: past the 100 KB cap within a few dozen ticks, however slow the machine.
  await run(page, 1, `setInterval(() => console.log('tick'.repeat(1250)), 0);\n'started'`);
  const c = cell(page, 1);
  await expect(output(page, 1)).toContainText('more lines not shown');
  await expect(output(page, 1)).toContainText('Still running: timers this cell set keep firing');
  const stop = c.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeVisible();
  // The timer keeps firing (the cell is still running, so the page is never quiet): a second of
  // further ticks is what must not add a second notice.
  await page.waitForTimeout(1000);
  expect(
    await output(page, 1)
      .getByText(/more lines? not shown/)
      .count(),
  ).toBe(1);
  await stop.click();
  await expect(stop).toBeHidden();
  await expect(output(page, 1)).not.toContainText('Still running');
  // The worker lives on: what the page defined is still there.
  await run(page, 1, `1 + 1`);
  await expect(output(page, 1)).toHaveText('2');
});

test("a step whose _backward loops is stopped at the drawing cell's limit, blamed on that cell, and the next run works", async ({
  page,
}) => {
  await gotoSettled(page, 'playground/');
  await run(
    page,
    1,
    `const a = new Value(1, [], '', 'a');\nconst o = a.mul(2);\no.label = 'o';\no._backward = () => { for (;;) {} };\ndraw(o);`,
  );
  const figure = cell(page, 1).locator('figure.graph-view');
  await figure.getByRole('button', { name: 'call o._backward()' }).click();
  await expect(output(page, 1)).toContainText("a _backward call on this cell's graph did not return", { timeout: 15_000 });
  await run(page, 1, `console.log('alive')`);
  await expect(output(page, 1)).toHaveText('alive');
});

test("another site cannot frame a page: the framed page hides itself; the CSP is the head's first rule", async ({ page, baseURL }) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>Not the site</title><iframe src="${baseURL}${LESSON}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('h1')).toBeAttached();
    // Either the page took the whole window, or it hid itself inside the frame.
    await expect
      .poll(async () =>
        page.url().startsWith(baseURL!) ? 'took the window' : await frame.locator('html').evaluate((h) => getComputedStyle(h).display),
      )
      .toMatch(/^(took the window|none)$/);
  } finally {
    server.close();
  }
  await gotoSettled(page, LESSON);
  const first = await page.evaluate(() => [...document.head.children].slice(0, 2).map((e) => e.outerHTML.slice(0, 60)));
  expect(first[0]).toBe('<meta charset="utf-8">');
  expect(first[1]).toMatch(/^<meta http-equiv="content-security-policy"/);
  // Nothing of the runtime hangs on window for a script to pick up.
  await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output(page, 1)).not.toBeEmpty();
  expect(await page.evaluate(() => '__notebook' in window)).toBe(false);
});
