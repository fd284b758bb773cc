// What a page does wrong while a test drives it: console and page errors,
// failed requests, HTTP errors. Shared by the specs that watch for them.
import type { Page, Request } from '@playwright/test';

/**
 * Reports requests that failed, except those the browser aborted because the
 * page that asked for them was left, or is being left (a click on a link while a
 * script was still on its way): that is the reader's doing, not a broken link. A missing
 * file still shows up, as an HTTP error or as a failure on the page it belongs to.
 * The favicon is the browser's own fetch, made on its schedule after a load and
 * dropped when a navigation starts: its request can reach us after the next page
 * committed, so the count cannot place it, and its abort is never a fault (a
 * missing icon is still an HTTP 404). A blob: URL is never a missing file
 * either: Chromium sometimes reports the cells' worker script (blob:, in the
 * sandbox frame) as a request aborted from a frame with no URL yet, while the
 * worker of that very URL starts and runs (seen in about 1 run in 6 of
 * quality.spec's graph-and-editor test); a worker that did not start fails
 * the test that runs its cells.
 */
export function onFailedRequest(page: Page, report: (line: string) => void): void {
  let navigations = 0;
  // Navigations asked for (their first request) but maybe not yet committed: a request the old page
  // makes in between is aborted by the commit, and its failure can reach us before framenavigated does.
  let asked = 0;
  const issuedAt = new WeakMap<Request, number>();
  page.on('request', (req) => {
    issuedAt.set(req, navigations);
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && !req.redirectedFrom()) asked++;
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'unknown';
    const left = (issuedAt.get(req) ?? navigations) < navigations || asked > navigations;
    const favicon = new URL(req.url()).pathname.endsWith('/favicon.svg');
    if (error === 'net::ERR_ABORTED' && (left || favicon || req.url().startsWith('blob:'))) return;
    report(`request failed: ${req.url()} (${error})`);
  });
}

export interface WatchOptions {
  /** Failed requests and HTTP errors too (the default); off for a test that fails requests on purpose. */
  requests?: boolean;
  /** An HTTP status expected of a path (the 404 page's own document answers 404). */
  expectedStatus?: Record<string, number>;
}

/**
 * Collects console errors, page errors and (unless `requests` is false) failed requests and
 * HTTP errors seen by a page. The one watcher every spec uses; add `watchCsp` for CSP violations.
 */
export function watchForProblems(page: Page, { requests = true, expectedStatus = {} }: WatchOptions = {}): string[] {
  const problems: string[] = [];
  const expects404 = Object.values(expectedStatus).includes(404);
  page.on('console', (msg) => {
    // The 404 page's own document is expected to answer 404; Chromium logs that.
    if (expects404 && /status of 404/.test(msg.text())) return;
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  if (!requests) return problems;
  onFailedRequest(page, (line) => problems.push(line));
  page.on('response', (res) => {
    const expected = expectedStatus[new URL(res.url()).pathname];
    if (res.status() >= 400 && res.status() !== expected) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Records the page's CSP violations from its first script on (read them with `cspViolations`). */
export async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations the page has seen since `watchCsp`, one line each. */
export const cspViolations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
