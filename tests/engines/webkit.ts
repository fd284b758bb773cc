// WebKit (WebKitGTK's MiniBrowser, Safari's engine) driven by selenium-webdriver
// through Debian's WebKitWebDriver, which needs a display: xvfb-run -a gives
// it a free one. The driver listens on a port picked free at start. Service
// workers are off (WebKit's feature flag) unless the journey wants them; a
// journey with them gets a session of its own (a fresh MiniBrowser with empty
// storage), the others share one, each on an origin of its own (./journeys.ts
// serves each journey on a new port), so each is a first visit too.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { Builder, Key, WebElement, type WebDriver } from 'selenium-webdriver';
import { pageQuery, type Query, type QueryOp } from './page-query.ts';
import { SHORT, waitFor, type EngineBrowser, type Tab } from './tab.ts';

/** A page of the site's origin with nothing on it (served by ./site.ts). */
export const BLANK = '/__engines/blank.html';

export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Puppeteer's key names (tab.ts) to WebDriver's.
const KEYS: Record<string, string> = {
  Enter: Key.ENTER,
  Control: Key.CONTROL,
  Meta: Key.META,
  Shift: Key.SHIFT,
  Alt: Key.ALT,
  End: Key.END,
  Home: Key.HOME,
  Delete: Key.DELETE,
  Backspace: Key.BACK_SPACE,
  Escape: Key.ESCAPE,
  Tab: Key.TAB,
  ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT,
  ArrowUp: Key.ARROW_UP,
  ArrowDown: Key.ARROW_DOWN,
};

class WebKitTab implements Tab {
  readonly engine = 'webkit';
  private readonly driver: WebDriver;
  private readonly root: string;

  private readonly release: (failed: boolean) => Promise<void>;

  constructor(driver: WebDriver, root: string, release: (failed: boolean) => Promise<void>) {
    this.driver = driver;
    this.root = root;
    this.release = release;
  }

  async goto(path: string) {
    await this.driver.get(new URL(path, this.root).href);
  }

  async reload() {
    await this.driver.navigate().refresh();
  }

  async evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
    // The async form, so a function that returns a promise is waited for.
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const r = (await this.driver.executeAsyncScript(script, ...args)) as { value?: Awaited<R>; error?: string };
    if (r.error !== undefined) throw new Error(`in the page: ${r.error}`);
    return r.value as Awaited<R>;
  }

  query(q: Query, op: QueryOp, arg?: string) {
    return this.driver.executeScript(pageQuery, q, op, arg);
  }

  /** The first shown match of `q`, waited for; with `toClick`, also scrolled to and not covered. */
  private async element(q: Query, op: 'element' | 'first' | 'clickable' = 'element'): Promise<WebElement> {
    return waitFor(
      async () => (await this.driver.executeScript(pageQuery, q, op)) as WebElement | null,
      (el) => el instanceof WebElement,
      `${op === 'clickable' ? 'a clickable' : 'an'} ${JSON.stringify(q)}`,
      SHORT,
    ) as Promise<WebElement>;
  }

  async click(q: Query) {
    await (await this.element(q, 'clickable')).click();
  }

  async type(text: string) {
    await this.driver.actions({ async: true }).sendKeys(text).perform();
  }

  async press(chord: string) {
    const keys = chord.split('+').map((k) => KEYS[k] ?? k);
    const key = keys.pop()!;
    let a = this.driver.actions({ async: true });
    for (const k of keys) a = a.keyDown(k);
    a = a.sendKeys(key);
    for (const k of keys.reverse()) a = a.keyUp(k);
    await a.perform();
  }

  async select(q: Query, value: string) {
    // WebDriver's way to choose: click the option (the spec selects it and fires input and change).
    // (Not 'clickable': an option is drawn outside the page, where no hit test reaches.)
    await (await this.element([...q, { css: `option[value="${value}"]` }], 'first')).click();
  }

  async problems() {
    return this.evaluate(() => JSON.parse(sessionStorage.getItem('__engineProblems') ?? '[]') as string[]);
  }

  async close(failed = false) {
    await this.release(failed);
  }
}

/**
 * Checks that the session sees the journey's origin as a first visit does,
 * with service workers on or off as asked. MiniBrowser in automation mode keeps
 * its data in memory, so a new session starts empty, and each journey has an
 * origin of its own, new to a session taken over from the last journey; this
 * says so at once if that ever changes. (Clearing a session's storage instead
 * hung once for 30 s: WebKit's unregister() and caches.delete() can wait on a
 * service worker the previous journey left installing.)
 */
async function assertFirstVisit(driver: WebDriver, root: string, serviceWorkers: boolean, step: (doing: string) => void): Promise<void> {
  step('loading a blank page of the site');
  await driver.get(new URL(BLANK, root).href);
  step('reading what storage the new session has');
  const { serviceWorkers: on, ...kept } = (await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    (async () => ({
      serviceWorkers: 'serviceWorker' in navigator,
      workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
      caches: (await caches.keys()).length,
      localStorage: localStorage.length,
    }))().then(done, (e) => done({ error: String(e) }));`)) as Record<string, unknown>;
  if (Object.values(kept).some((n) => n !== 0)) throw new Error(`a new WebKit session kept the site's storage: ${JSON.stringify(kept)}`);
  if (on !== serviceWorkers)
    throw new Error(`a new WebKit session has service workers ${on ? 'on' : 'off'}, not ${serviceWorkers ? 'on' : 'off'}`);
}

/**
 * For the MiniBrowsers the driver starts. With no GPU here, WebKitGTK's
 * accelerated compositing draws the layers with Mesa's software OpenGL
 * (llvmpipe threads), and an idle lesson page kept those busy: 0.5 to 1.6 of
 * a core while open (Firefox on the same page: 0.03). Painting without
 * compositing (WebKitGTK's own switch) took the web processes of a whole
 * WebKit run from 130 s of CPU to 93 s. Nothing a journey checks (the DOM,
 * layout, hit tests, computed styles) depends on how layers reach the screen.
 */
const WEBKIT_ENV = { WEBKIT_DISABLE_COMPOSITING_MODE: '1' };

/** A port nobody listens on now (the system's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Ends the process group xvfb-run leads (Xvfb, WebKitWebDriver, MiniBrowsers), waiting for it up to 5 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

const running = new Set<ChildProcess>();
// Should this process be ended by a signal or exit early, its drivers go with it.
process.once('exit', () => {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => process.exit(130));
}

/** Starts `xvfb-run -a WebKitWebDriver` on a free port; tries again on another port if it does not answer. */
async function startDriver(): Promise<{ url: string; child: ChildProcess }> {
  let why = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    // detached: its own process group, so one signal ends Xvfb and the browsers too.
    const child = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...WEBKIT_ENV },
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
          return (await fetch(`${url}/status`)).ok;
        },
        (ok) => ok,
        `WebKitWebDriver on port ${port}`,
        15_000,
      );
      return { url, child };
    } catch (e) {
      why = `${e}\n${stderr}`;
      await stopGroup(child);
    }
  }
  throw new Error(`WebKitWebDriver did not start: ${why}`);
}

async function newSession(url: string, serviceWorkers: boolean, step: (doing: string) => void): Promise<WebDriver> {
  step('starting a MiniBrowser session');
  const args = ['--automation', ...(serviceWorkers ? [] : ['--features=-ServiceWorkers'])];
  const driver = await new Builder()
    .usingServer(url)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } })
    .build();
  try {
    step('setting the session’s time limits and window');
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000, implicit: 0 });
    await driver.manage().window().setRect({ width: 1280, height: 800 });
    return driver;
  } catch (e) {
    await driver.quit();
    throw e;
  }
}

/** Whether the session left its page for a blank one within 5 s (which ends the page and its workers). */
async function leftQuietly(driver: WebDriver): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)));
  const left = driver.get('about:blank').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([left, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function launchWebKit(): Promise<EngineBrowser> {
  const { url, child } = await startDriver();
  const open = new Set<WebDriver>();
  // The session without service workers that the last journey left in good order, for the next one.
  // (A MiniBrowser session costs about a second of CPU and of time to start; a blank page, 0.1 s.)
  let spare: WebDriver | undefined;
  const quit = async (driver: WebDriver) => {
    open.delete(driver);
    await driver.quit().catch(() => undefined);
  };
  return {
    async newTab(root, serviceWorkers, step = () => undefined) {
      let driver = serviceWorkers ? undefined : spare;
      if (driver) {
        spare = undefined;
        step('taking the session the last journey left');
      } else {
        if (spare) {
          // WebKitWebDriver has one session at a time.
          step('ending the session the last journey left');
          await quit(spare);
          spare = undefined;
        }
        driver = await newSession(url, serviceWorkers, step);
        open.add(driver);
      }
      try {
        // The journey's origin is new to the session: its storage must be empty.
        await assertFirstVisit(driver, root, serviceWorkers, step);
      } catch (e) {
        await quit(driver);
        throw e;
      }
      const kept = driver;
      return new WebKitTab(kept, root, async (failed) => {
        // Kept for the next journey only if this one passed and its page went quietly.
        // A session with service workers is never kept.
        if (!failed && !serviceWorkers && !spare && (await leftQuietly(kept))) spare = kept;
        else await quit(kept);
      });
    },
    async close() {
      await Promise.all([...open].map(quit));
      await stopGroup(child);
    },
  };
}
