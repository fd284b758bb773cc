// The page's handle on a cell worker that runs inside a sandbox: a hidden
// <iframe sandbox="allow-scripts"> with an opaque origin and a policy of its
// own (./sandbox-document.mjs), which starts the worker from a blob: URL. To
// the notebook it is just a Worker: messages go over a MessageChannel whose
// far end the frame hands to the worker, and terminate() removes the frame,
// which ends its worker. Why a frame: docs/sandbox.md.

import type { WorkerLike } from './worker-channel.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { SANDBOX_HTML } from './sandbox-document.mjs';

/** The worker's code, fetched once per page from the site (the service worker serves it offline). */
const scripts = new Map<string, Promise<Blob>>();

function workerScript(url: string): Promise<Blob> {
  let blob = scripts.get(url);
  if (!blob) {
    blob = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`the code runner could not be loaded (HTTP ${r.status})`);
        return r.arrayBuffer();
      })
      .then((code) => new Blob([code], { type: 'text/javascript' }));
    blob.catch(() => scripts.delete(url));
    scripts.set(url, blob);
  }
  return blob;
}

export function sandboxedWorker(scriptUrl: string): WorkerLike {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.title = 'Code runner';
  frame.hidden = true;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.srcdoc = SANDBOX_HTML;
  const { port1, port2 } = new MessageChannel();
  let ended = false;
  // Fetched while the frame loads.
  const script = workerScript(scriptUrl);

  const fail = (message: string): void => {
    if (!ended) handle.onerror?.(new ErrorEvent('error', { message }));
  };
  const onWindowMessage = (e: MessageEvent): void => {
    if (e.source !== frame.contentWindow || e.data?.type !== 'sandbox-error') return;
    fail(String(e.data.message || 'the code runner could not start').slice(0, 300));
  };

  const handle: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: ToWorker, transfer: Transferable[] = []) {
      port1.postMessage(message, transfer);
    },
    terminate() {
      ended = true;
      port1.close();
      removeEventListener('message', onWindowMessage);
      frame.remove();
    },
  };
  port1.onmessage = (e: MessageEvent<FromWorker>) => {
    if (!ended) handle.onmessage?.(e);
  };
  addEventListener('message', onWindowMessage);
  frame.addEventListener(
    'load',
    () => {
      script.then(
        (blob) => {
          if (!ended) frame.contentWindow?.postMessage({ type: 'start', script: blob }, '*', [port2]);
        },
        (e: unknown) => fail((e as Error).message),
      );
    },
    { once: true },
  );
  document.body.append(frame);
  return handle;
}
