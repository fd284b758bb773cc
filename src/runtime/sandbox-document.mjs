// The document of the cells' sandbox: an <iframe sandbox="allow-scripts">
// (no allow-same-origin, so its origin is opaque) whose srcdoc is this page.
// Its one script waits for the page to hand over the cell worker's code (a
// Blob) and a MessagePort, starts the worker from a blob: URL (a blob worker
// takes the frame's origin and policy), and passes the port on. It listens to
// nothing else: the worker's own postMessage reaches it and is ignored.
// Why this shape: docs/sandbox.md. The script is inline, so its sha256 is in
// both policies (the page's, which a srcdoc frame inherits, and the frame's
// own); a unit test keeps SANDBOX_BOOT_HASH true.
export const SANDBOX_BOOT = `(() => {
  let started = false;
  addEventListener('message', (e) => {
    const d = e.data;
    if (started || e.source !== parent || !d || d.type !== 'start' || !(d.script instanceof Blob) || !e.ports[0]) return;
    started = true;
    const worker = new Worker(URL.createObjectURL(d.script), { name: 'cells' });
    worker.onerror = (ev) => {
      ev.preventDefault();
      parent.postMessage({ type: 'sandbox-error', message: String(ev.message || '').slice(0, 300) }, '*');
    };
    worker.postMessage({ type: 'boot' }, [e.ports[0]]);
  });
})();`;

export const SANDBOX_BOOT_HASH = 'sha256-hahSfJp9KylDLC72R+r7/QBR1L94Y5JSDIbXufd77t0=';

/**
 * The frame's own policy, on top of the page's: no network of any kind
 * (fetch, WebSocket, WebTransport, EventSource), no code from anywhere
 * (import(), importScripts, data: or blob: scripts), eval for the cells, and
 * workers only from blob: (the one the boot script starts).
 */
export const SANDBOX_CSP = [
  "default-src 'none'",
  `script-src '${SANDBOX_BOOT_HASH}' 'unsafe-eval'`,
  'worker-src blob:',
  'child-src blob:',
  "connect-src 'none'",
  "img-src 'none'",
  "style-src 'none'",
  "font-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

export const SANDBOX_HTML = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"><title>Code runner</title><script>${SANDBOX_BOOT}</script></head><body></body></html>`;
