import type { Page, Request } from '@playwright/test';

/**
 * Reports requests that failed, except those the browser aborted because the
 * page that asked for them was left (a click on a link while a script was
 * still on its way): that is the reader's doing, not a broken link. A missing
 * file still shows up, as an HTTP error or as a failure on the page it belongs to.
 */
export function onFailedRequest(page: Page, report: (line: string) => void): void {
  let navigations = 0;
  const issuedAt = new WeakMap<Request, number>();
  page.on('request', (req) => issuedAt.set(req, navigations));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'unknown';
    const left = (issuedAt.get(req) ?? navigations) < navigations;
    if (error === 'net::ERR_ABORTED' && left) return;
    report(`request failed: ${req.url()} (${error})`);
  });
}
