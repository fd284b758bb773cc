// What a journey may do in a browser tab, whatever drives it: puppeteer-core
// (Firefox, over WebDriver BiDi) or selenium-webdriver (WebKit, over
// WebKitWebDriver). Journeys are written once against this, for both engines.
import type { Query, QueryOp } from './page-query.ts';

export type Engine = 'firefox' | 'webkit';

export interface Tab {
  readonly engine: Engine;
  /** Opens a path of the site (relative to its root) and waits for the load event. */
  goto(path: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs a self-contained function in the page with JSON-able arguments. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /** Runs pageQuery (./page-query.ts) in the page. */
  query(q: Query, op: QueryOp, arg?: string): Promise<unknown>;
  /** Clicks the first shown match of `q` with the driver's pointer, waiting for it to be there. */
  click(q: Query): Promise<void>;
  /** Types text at the focus, key by key. */
  type(text: string): Promise<void>;
  /** Presses a key or chord, in puppeteer's key names: 'Enter', 'Control+Enter', 'End'. */
  press(chord: string): Promise<void>;
  /** Picks an option of a <select> the way the driver's reader would. */
  select(q: Query, value: string): Promise<void>;
  /** Console errors, uncaught errors and CSP violations seen since the tab opened. */
  problems(): Promise<string[]>;
  /** Ends the tab; after a failed journey (`failed`), nothing of it is kept for the next one. */
  close(failed?: boolean): Promise<void>;
}

export interface EngineBrowser {
  /**
   * A tab on the site at `root` (its paths are relative to it), as a first visit sees
   * the site: no storage, no service worker, no caches.
   * With `serviceWorkers` false, the browser has no service workers at all
   * (navigator.serviceWorker is absent, so the site registers none): a journey
   * that is not about offline does not pay for the worker's precache of the
   * whole site (some 6 MB, the 4 MB TypeScript worker among them) at each first visit.
   * `step` is told each step of opening it, so a tab that is slow to open says where.
   */
  newTab(root: string, serviceWorkers: boolean, step?: (doing: string) => void): Promise<Tab>;
  close(): Promise<void>;
}

export const SHORT = 10_000;
export const LONG = 60_000;

/** Polls `read` until `ok` holds of its value, up to `timeout` ms; returns the value or throws with the last one. */
export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = SHORT): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      error = e; // a page between two loads: try again
    }
    if (Date.now() > end) {
      const seen = error && last === undefined ? `error ${error}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 50)); // the polling interval, not a wait for something
  }
}

/** Waits until the first shown match of `q` has text for which `ok` holds; returns that text. */
export const waitForText = (tab: Tab, q: Query, ok: (text: string) => boolean, what: string, timeout = SHORT) =>
  waitFor(
    async () => (await tab.query(q, 'text')) as string | null,
    (t) => t !== null && ok(t),
    what,
    timeout,
  ) as Promise<string>;

/** Waits until some match of `q` is rendered. */
export const waitShown = (tab: Tab, q: Query, what: string, timeout = SHORT) =>
  waitFor(
    () => tab.query(q, 'shown'),
    (v) => v === true,
    what,
    timeout,
  );

/** Waits until the first match of `q` has attribute `name` for which `ok` holds. */
export const waitForAttr = (tab: Tab, q: Query, name: string, ok: (v: string | null) => boolean, what: string, timeout = SHORT) =>
  waitFor(async () => (await tab.query(q, 'attr', name)) as string | null, ok, what, timeout);
