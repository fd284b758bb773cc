// Opening a page and waiting until it is quiet. Playwright's 'networkidle' means
// no request for 500 ms, and it can come before 'load': on a busy machine the
// parser can be starved that long between two requests, and a page read then is
// missing its end (a chapter test once counted 3 of chapter 2's 8 cells). So the
// load comes first (the whole document parsed), then the quiet.
import { expect, type Page, type Request, type Response } from '@playwright/test';

export async function gotoSettled(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await page.waitForLoadState('networkidle');
  return response;
}

export async function reloadSettled(page: Page): Promise<Response | null> {
  const response = await page.reload();
  await page.waitForLoadState('networkidle');
  return response;
}

/**
 * Follows the page's requests from now on. Playwright's 'networkidle' fires once
 * per document, so waiting for it after a scroll or a click returns at once;
 * `quiet()` waits until nothing followed is in flight and nothing has started
 * or ended for `ms`.
 */
export function followRequests(page: Page): { quiet: (ms?: number) => Promise<void> } {
  const inFlight = new Set<Request>();
  let changed = Date.now();
  page.on('request', (r) => {
    inFlight.add(r);
    changed = Date.now();
  });
  const ended = (r: Request) => {
    inFlight.delete(r);
    changed = Date.now();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    quiet: (ms = 500) =>
      expect
        .poll(() => (inFlight.size === 0 && Date.now() - changed >= ms) || [...inFlight].map((r) => r.url()), {
          message: 'the page stops fetching',
          intervals: [100],
          timeout: 20_000,
        })
        .toBe(true),
  };
}
