// Firefox (Debian's firefox-esr) driven by puppeteer-core over WebDriver BiDi:
// no geckodriver, no download. One browser per run, with service workers off,
// and one with them on for the journeys that want them; each tab gets its own
// browser context, so storage and service workers start empty, as in
// Playwright's per-test contexts.
import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type KeyInput, type Page } from 'puppeteer-core';
import { pageQuery, type Query, type QueryOp } from './page-query.ts';
import { SHORT, waitFor, type EngineBrowser, type Tab } from './tab.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

class FirefoxTab implements Tab {
  readonly engine = 'firefox';
  private readonly seen: string[] = [];
  private readonly context: BrowserContext;
  private readonly page: Page;
  private readonly root: string;

  constructor(context: BrowserContext, page: Page, root: string) {
    this.context = context;
    this.page = page;
    this.root = root;
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.seen.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.seen.push(`page error: ${err instanceof Error ? err.message : String(err)}`));
  }

  async goto(path: string) {
    await this.page.goto(new URL(path, this.root).href, { waitUntil: 'load' });
  }

  async reload() {
    await this.page.reload({ waitUntil: 'load' });
  }

  evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
    return this.page.evaluate(fn as (...a: unknown[]) => R, ...args) as Promise<Awaited<R>>;
  }

  query(q: Query, op: QueryOp, arg?: string) {
    return this.page.evaluate(pageQuery, q, op, arg);
  }

  /** The first shown match of `q`, waited for; with `toClick`, also scrolled to and not covered. */
  private async element(q: Query, toClick = false): Promise<ElementHandle<Element>> {
    const op: QueryOp = toClick ? 'clickable' : 'element';
    return waitFor(
      async () => (await this.page.evaluateHandle(pageQuery, q, op)).asElement() as ElementHandle<Element> | null,
      (h) => h !== null,
      `${toClick ? 'a clickable' : 'a shown'} ${JSON.stringify(q)}`,
      SHORT,
    ) as Promise<ElementHandle<Element>>;
  }

  async click(q: Query) {
    const el = await this.element(q, true);
    await el.click();
    await el.dispose();
  }

  async type(text: string) {
    await this.page.keyboard.type(text);
  }

  async press(chord: string) {
    const keys = chord.split('+') as KeyInput[];
    const key = keys.pop()!;
    for (const k of keys) await this.page.keyboard.down(k);
    await this.page.keyboard.press(key);
    for (const k of keys.reverse()) await this.page.keyboard.up(k);
  }

  async select(q: Query, value: string) {
    // Firefox draws a <select>'s list outside the page, where no driver clicks:
    // pick the option as the page sees it (value set, input and change fired).
    const el = await this.element(q);
    await (el as ElementHandle<HTMLSelectElement>).select(value);
    await el.dispose();
  }

  async problems() {
    const noted = await this.evaluate(() => JSON.parse(sessionStorage.getItem('__engineProblems') ?? '[]') as string[]);
    return [...this.seen, ...noted];
  }

  async close() {
    await this.context.close();
  }
}

/** Firefox, with or without service workers (a preference of the whole browser, not of a context). */
function launch(serviceWorkers: boolean): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
    timeout: 30_000,
    protocolTimeout: 60_000,
    extraPrefsFirefox: serviceWorkers ? {} : { 'dom.serviceWorkers.enabled': false },
  });
}

export async function launchFirefox(): Promise<EngineBrowser> {
  // Most journeys want no service worker: that browser starts now. The one
  // with service workers starts when a journey first asks for it.
  const browsers = new Map<boolean, Promise<Browser>>([[false, launch(false)]]);
  await browsers.get(false);
  return {
    async newTab(root, serviceWorkers, step = () => undefined) {
      let browser = browsers.get(serviceWorkers);
      if (!browser) {
        step('starting a Firefox with service workers');
        browser = launch(serviceWorkers);
        browsers.set(serviceWorkers, browser);
      }
      const started = await browser;
      step('creating a browser context');
      const context = await started.createBrowserContext();
      try {
        step('opening a page in it');
        return new FirefoxTab(context, await context.newPage(), root);
      } catch (e) {
        await context.close();
        throw e;
      }
    },
    async close() {
      const all = await Promise.allSettled(browsers.values());
      await Promise.all(all.map((b) => (b.status === 'fulfilled' ? b.value.close() : undefined)));
    },
  };
}
