// The reader's journeys, run in Firefox and in WebKit against the built site
// (the Chromium specs in ../e2e cover the same ground, and more, with
// Playwright). Each journey gets a fresh tab: empty storage, no service worker;
// and service workers are off in it unless the journey is about them (offline),
// as the Chromium specs block them, so no other journey pays for the worker's
// precache of the whole site at each first visit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHAPTERS } from '../e2e/chapters.ts';
import { NUMBERS, SOLVED_GRADS, WIDGET_SOLUTIONS } from '../e2e/chapter-numbers.ts';
import { stepThroughGraph } from './graph-journey.ts';
import { trainTheLab } from './lab-journey.ts';
import { cellQ, expectNoProblems, openEditor, outputQ, runQ, typeCode } from './journeys-helpers.ts';
import type { Query } from './page-query.ts';
import { startSite, type Site } from './site.ts';
import { LONG, waitFor, waitForText, waitShown, type EngineBrowser, type Engine, type Tab } from './tab.ts';

type Slug = (typeof CHAPTERS)[number];
type Journey = (tab: Tab, site: Site) => Promise<void>;
/** A journey's name, steps and time limit; `serviceWorkers` for one that needs the site's service worker. */
type Entry = [string, Journey, number, { serviceWorkers: true }?];

const FINISHED = ['done', 'error', 'not-run', 'stopped'];

async function homePage(tab: Tab, site: Site) {
  await tab.goto('./');
  await expectNoProblems(tab, site, 'on load');
  assert.equal(await tab.query([{ css: '#chapters' }, { role: 'listitem' }], 'count'), CHAPTERS.length);
  await tab.click([{ css: '#chapters' }, { role: 'link', text: 'Derivatives by nudging' }]);
  await waitForText(tab, [{ role: 'heading', css: 'h1' }], (t) => t === 'Derivatives by nudging', 'chapter 1');
  await expectNoProblems(tab, site, 'in chapter 1');
}

/** Every exercise: Check with its starting code says "Not yet", Show solution + Check says "Passed". */
async function checkExercises(tab: Tab): Promise<string[]> {
  const ids = await tab.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-cell].cell-exercise')].map((e) => e.dataset.cell!),
  );
  for (const id of ids) {
    const ex: Query = [{ css: `[data-cell="${id}"]` }];
    const state: Query = [...ex, { css: '[data-state]' }];
    await tab.click([...ex, { role: 'button', name: 'Check' }]);
    await waitForText(tab, state, (t) => t.trim().startsWith('Not yet: '), `exercise ${id} failing with its starting code`, 30_000);
    await tab.click([...ex, { role: 'button', name: 'Show solution' }]);
    await waitShown(tab, [...ex, { role: 'button', name: 'Show my version' }], `exercise ${id} showing the solution`);
    // The solution arrives in the editor, which loads then: wait for it, so Check is not clicked mid-layout.
    await waitFor(
      () =>
        tab.evaluate(
          (sel: string) =>
            document.querySelector(`${sel} .cm-content`) !== null && document.querySelector(`${sel} pre.astro-code`) === null,
          ex[0].css!,
        ),
      (v) => v,
      `exercise ${id}'s editor`,
    );
    await tab.click([...ex, { role: 'button', name: 'Check' }]);
    await waitForText(tab, state, (t) => t.trim() === 'Passed', `exercise ${id} passing with the solution`, 30_000);
  }
  return ids;
}

/** Finishes the chapter's widget exercises (TopoOrder) as a reader would, once their islands are live. */
async function finishWidgets(tab: Tab): Promise<void> {
  const topo: Query = [{ css: 'section.widget.topo', text: WIDGET_SOLUTIONS['topo-order'].title }];
  if (((await tab.query(topo, 'count')) as number) > 0) {
    const step: Query = [...topo, { role: 'button', name: WIDGET_SOLUTIONS['topo-order'].steps }];
    await tab.click(step);
    await waitFor(
      () => tab.evaluate(() => !document.querySelector('.topo fieldset')?.hasAttribute('disabled')),
      (v) => v,
      'the sort ready',
      LONG,
    );
    while (
      !(await tab.evaluate(
        () =>
          [...document.querySelectorAll<HTMLButtonElement>('.topo button')].find((b) => b.textContent === 'Next step')?.disabled ?? true,
      ))
    ) {
      await tab.click(step);
    }
    await tab.click([...topo, { role: 'button', name: WIDGET_SOLUTIONS['topo-order'].finish }]);
  }
}

/** A chapter loads cleanly, "Run all" shows DESIGN.md's numbers, its exercises fail and pass, and it is marked done. */
const chapter =
  (slug: Slug): Journey =>
  async (tab, site) => {
    await tab.goto(`lessons/${slug}/`);
    await expectNoProblems(tab, site, 'on load');
    await tab.click([{ role: 'button', name: 'Run all' }]);
    const status = await waitFor(
      () => tab.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-cell]')].map((e) => e.dataset.status ?? 'idle')),
      (s) => s.length > 3 && s.every((x) => FINISHED.includes(x)),
      'every cell to finish',
      LONG,
    );
    const cells = await tab.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-cell]')].map((e) => ({
        expectError: e.hasAttribute('data-expect-error'),
        // innerText's trailing newline differs between engines (WebKit keeps the one after a <pre>).
        output: ((e.querySelector('[data-output]') as HTMLElement | null)?.innerText ?? '').trimEnd(),
        shownErrors: e.querySelectorAll('[data-output] .out-error').length,
      })),
    );
    cells.forEach((c, i) => {
      assert.equal(status[i], c.expectError ? 'error' : 'done', `cell ${i + 1}: ${c.output.slice(0, 300)}`);
      if (!c.expectError) assert.equal(c.shownErrors, 0, `cell ${i + 1} shows no error`);
    });
    NUMBERS[slug](cells.map((c) => c.output));

    const exercises = await checkExercises(tab);
    assert.ok(exercises.length > 0, 'the chapter has an exercise');
    for (const [label, grad] of Object.entries(SOLVED_GRADS[slug] ?? {})) {
      const node: Query = [{ css: `[data-cell="${exercises[0]}"] g.value[data-label="${label}"] text.grad` }];
      await waitForText(tab, node, (t) => t === `grad ${grad}`, `the solved graph's grad of ${label}`);
    }
    await finishWidgets(tab);
    const mark = () => tab.evaluate(() => document.querySelector('[data-chapter-nav] a[aria-current="page"]')?.textContent ?? '');
    await waitFor(mark, (t) => t.includes('(visited, all exercises passed)'), 'the chapter marked done in the sidebar');
    await expectNoProblems(tab, site, 'while running');
  };

async function keyboardCell(tab: Tab, site: Site) {
  await tab.goto('playground/');
  await typeCode(tab, cellQ(1), ['const a = new Value(2);', 'console.log("typed", a.mul(3).data)']);
  await tab.press('Control+Enter');
  await waitForText(tab, outputQ(1), (t) => t.trim() === 'typed 6', 'the typed cell’s output');
  await expectNoProblems(tab, site, 'typing and running');
}

/**
 * Hostile code arrives by a shared link (so it is not typed key by key), runs
 * by its own Run, and reaches nothing outside its box (docs/sandbox.md): the
 * site's caches and IndexedDB through the prototypes, the network (a request
 * reaching the site would show as an HTTP error here), code from a URL.
 */
async function cellInItsBox(tab: Tab, site: Site) {
  await tab.goto('playground/');
  const id = (await tab.evaluate(() => document.querySelector<HTMLElement>('[data-cell="1"]')?.dataset.cellId ?? '')) as string;
  const code = [
    'const own = (name: string): any => { let o: any = Object.getPrototypeOf(self); while (o) { const d = Object.getOwnPropertyDescriptor(o, name); if (d) return d.get ? d.get.call(self) : d.value; o = Object.getPrototypeOf(o); } };',
    'const said: string[] = [];',
    'const attempt = async (name: string, f: () => unknown) => { try { await f(); said.push(name + ": done"); } catch { said.push(name + ": refused"); } };',
    "await attempt('caches', async () => (await own('caches').open('poison')).put(new Request(location.href), new Response('x')));",
    "await attempt('indexedDB', () => new Promise((ok, no) => { const r = own('indexedDB').open('poison'); r.onsuccess = ok; r.onerror = no; }));",
    `await attempt('fetch', () => own('fetch')(${JSON.stringify(new URL('__from-a-cell', site.url).href)}, { mode: 'no-cors' }));`,
    "await attempt('import', () => eval('imp' + 'ort(\"data:text/javascript,export default 1\")'));",
    "console.log(said.join(', '));",
  ].join('\n');
  const packed = (await import('node:zlib')).deflateRawSync(Buffer.from(code)).toString('base64url');
  await tab.goto(`playground/#share=${id}.${packed}`);
  await waitForText(tab, cellQ(1), (t) => t.includes('It has not run'), 'the shared code, not run');
  await tab.click(runQ(1));
  await waitForText(
    tab,
    outputQ(1),
    (t) => t.trim() === 'caches: refused, indexedDB: refused, fetch: refused, import: refused',
    'every probe refused',
    20_000,
  );
  assert.deepEqual(site.takeHttpErrors(), [], 'no request from the cell reached the site');
}

async function editSurvivesReload(tab: Tab, site: Site) {
  await tab.goto('lessons/derivatives/');
  const edited: Query = [...cellQ(1), { css: '[data-edited]' }];
  await typeCode(tab, cellQ(1), ['console.log("mine")']);
  await waitShown(tab, edited, 'the "edited" mark');
  await tab.reload();
  await waitForText(tab, [...cellQ(1), { css: 'pre, .cm-content' }], (t) => t.includes('console.log("mine")'), 'the edit after a reload');
  await waitShown(tab, edited, 'the "edited" mark after a reload');
  assert.equal(((await tab.query(outputQ(1), 'text')) as string).trim(), '', 'the edit did not run by itself');
  await tab.click([...cellQ(1), { role: 'button', name: 'Reset' }]);
  await waitForText(
    tab,
    [...cellQ(1), { css: '.cm-content' }],
    (t) => t.includes('return 3 * x ** 2 - 4 * x + 5;'),
    'the author’s code after Reset',
  );
  await tab.click(runQ(1));
  await waitForText(tab, outputQ(1), (t) => t.trim() === '20', 'cell 1 after Reset');
  await expectNoProblems(tab, site, 'editing');
}

async function themeSwitch(tab: Tab, site: Site) {
  await tab.goto('lessons/derivatives/');
  const look = () =>
    tab.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      body: getComputedStyle(document.body).backgroundColor,
      code: getComputedStyle(document.querySelector('pre.astro-code')!).backgroundColor,
    }));
  const first = await look();
  const want = first.theme === 'dark' ? 'light' : 'dark';
  const picker: Query = [{ role: 'combobox', name: 'Theme' }];
  await tab.select(picker, want);
  const changed = await waitFor(
    look,
    (l) => l.theme === want && l.body !== first.body && l.code !== first.code,
    `the ${want} theme on the page and its code`,
  );
  await tab.reload();
  await waitFor(look, (l) => JSON.stringify(l) === JSON.stringify(changed), `the ${want} theme kept over a reload`);
  assert.equal(await tab.evaluate(() => document.querySelector<HTMLSelectElement>('.theme-select')!.value), want);
  await tab.select(picker, 'system');
  await waitFor(look, (l) => JSON.stringify(l) === JSON.stringify(first), 'the system theme back');
  await expectNoProblems(tab, site, 'switching themes');
}

/**
 * After one visit the service worker has every chapter and what a cell needs.
 * "Offline" here is the site's server stopping (connections refused): the one
 * way both drivers allow. WebKitWebDriver has no network emulation at all, and
 * the same journey in both engines says more than two different switches.
 */
async function offlineReload(tab: Tab) {
  const own = await startSite(); // an origin of its own: its service worker reaches no other journey
  try {
    await tab.goto(`${own.url}lessons/derivatives/`);
    const controlled = await tab.evaluate(async () => {
      const ready = (async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
        return true;
      })();
      const late = new Promise<string>((resolve) => setTimeout(() => resolve('no controlling service worker within 20 s'), 20_000));
      return Promise.race([ready, late]);
    });
    assert.equal(controlled, true);
    await openEditor(tab, cellQ(1)); // the editor's code is then in the cache too
    await tab.click(runQ(1));
    await waitForText(tab, outputQ(1), (t) => t.trim() === '20', 'cell 1 online');

    await own.close();
    const fetched = await tab.evaluate(() =>
      fetch('never-cached/', { cache: 'no-store' }).then(
        () => 'fetched',
        () => 'failed',
      ),
    );
    assert.equal(fetched, 'failed', 'really offline: an uncached address fails');
    await tab.reload();
    await waitForText(tab, [{ css: 'h1' }], (t) => t === 'Derivatives by nudging', 'chapter 1 offline');
    await tab.click(runQ(1));
    await waitForText(tab, outputQ(1), (t) => t.trim() === '20', 'cell 1 offline');
    await tab.goto(`${own.url}lessons/training/`);
    await waitForText(tab, [{ css: 'h1' }], (t) => /Training/.test(t), 'a chapter never visited, offline');
  } finally {
    await own.close();
  }
}

const JOURNEYS: Entry[] = [
  ['the home page loads cleanly and links to chapter 1', homePage, 30_000],
  ...CHAPTERS.map((slug, i): Entry => [
    `chapter ${i + 1} (${slug}): loads cleanly, "Run all" shows its numbers, its exercises fail and pass`,
    chapter(slug),
    150_000,
  ]),
  ['a cell typed with the keyboard runs', keyboardCell, 30_000],
  [
    'draw(o) draws the neuron, o._backward() gives n its grad 0.5000, a predicted n._backward() checks, and a forward step makes x1',
    (tab) => stepThroughGraph(tab),
    30_000,
  ],
  ['an edit survives a reload; Reset restores the author’s code', editSurvivesReload, 30_000],
  ['the training lab opens from a link, trains XOR to 95 %, and steps one point’s graph', trainTheLab, 90_000],
  ['a shared cell runs in its box: no cache, storage, network or code from outside', cellInItsBox, 40_000],
  ['the theme switch changes the page and its code, and is kept', themeSwitch, 30_000],
  ['after one visit, a chapter reloads and its cells run offline', (tab) => offlineReload(tab), 60_000, { serviceWorkers: true }],
];

/**
 * The tab, with a record of its calls: what is pending and what finished last,
 * so a journey that runs out of time says which driver call it was waiting on.
 * With ENGINES_TRACE=1, each call is also logged with its duration.
 */
function recorded(tab: Tab, opened: number): { tab: Tab; where: () => string } {
  const trace = Boolean(process.env.ENGINES_TRACE);
  if (trace) console.log(`  tab opened in ${Date.now() - opened} ms`);
  const pending = new Map<number, { call: string; since: number }>();
  const finished: string[] = [];
  let next = 0;
  const proxy = new Proxy(tab, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const id = next++;
        const call = `${String(key)}(${JSON.stringify(args).slice(1, -1).slice(0, 100)})`;
        pending.set(id, { call, since: Date.now() });
        try {
          return await value.apply(target, args);
        } finally {
          const line = `${call} ${Date.now() - pending.get(id)!.since} ms`;
          pending.delete(id);
          finished.push(line);
          if (finished.length > 5) finished.shift();
          if (trace) console.log(`  ${line}`);
        }
      };
    },
  });
  const where = () => {
    const now = Date.now();
    const waiting = [...pending.values()].map((p) => `${p.call} for ${((now - p.since) / 1000).toFixed(1)} s`);
    return `in the journey, waiting on: ${waiting.join('; ') || 'no driver call'}; the last calls done: ${finished.join('; ') || 'none'}`;
  };
  return { tab: proxy, where };
}

/** Records the steps of a task as it is told them: where it is, and how long each done step took (logged with ENGINES_TRACE=1). */
function stepsOf(label: string): { step: (doing: string) => void; where: () => string } {
  const trace = Boolean(process.env.ENGINES_TRACE);
  const done: string[] = [];
  let current: { doing: string; since: number } | undefined;
  const finish = () => {
    if (!current) return;
    const line = `${current.doing} ${Date.now() - current.since} ms`;
    done.push(line);
    if (trace) console.log(`${label} ${line}`);
  };
  return {
    step(doing) {
      finish();
      current = { doing, since: Date.now() };
    },
    where: () =>
      current
        ? `at: ${current.doing} for ${((Date.now() - current.since) / 1000).toFixed(1)} s; before it: ${done.join('; ') || 'nothing'}`
        : 'before its first step',
  };
}

/** What withDeadline throws when time runs out (as against the work's own failure). */
class Late extends Error {}

/** Waits for `work`, failing after `ms` with what it was doing (node's own timeout says only that time ran out). */
async function withDeadline<T>(work: Promise<T>, ms: number, doing: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // once late, how it ends later is no one's concern (the tab is closed)
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Late(`over ${ms / 1000} s ${doing()}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A new tab, each step of its opening given 20 s in all. A new WebKit session
 * stuck at its start twice in about 450 tab openings of the fresh-clone runs
 * (and never in 120 opened on purpose under load), with nothing of the site yet
 * involved; so a stuck opening is said, with its step, and tried once more. A
 * tab that fails to open for any other reason fails the journey at once.
 */
async function openTab(browser: EngineBrowser, root: string, serviceWorkers: boolean): Promise<Tab> {
  for (let attempt = 1; ; attempt++) {
    const opening = stepsOf('  opening the tab:');
    const pending = browser.newTab(root, serviceWorkers, opening.step);
    try {
      return await withDeadline(pending, 20_000, () => `opening its tab (a browser session of its own), ${opening.where()}`);
    } catch (e) {
      if (!(e instanceof Late) || attempt === 2) throw e;
      console.log(`  warning: ${e.message}; opening another`);
      pending.then(
        (tab) => tab.close(true),
        () => undefined,
      ); // should the stuck one open after all: nothing of it is kept
    }
  }
}

/**
 * Registers every journey with node's test runner for one engine, with one
 * browser for them all, and a server of its own for each journey: a new port,
 * so an origin whose storage no other journey touched.
 */
export function runJourneys(engine: Engine, launch: () => Promise<EngineBrowser>): void {
  describe(engine, () => {
    let browser: EngineBrowser | undefined;
    before(async () => {
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
    });
    for (const [name, journey, timeout, { serviceWorkers = false } = {}] of JOURNEYS) {
      // node's limit is a backstop past the deadlines: opening the tab (twice at most), and the journey.
      test(`${engine}: ${name}`, { timeout: timeout + 60_000 }, async () => {
        assert.ok(browser, `${engine} did not start`);
        const site = await startSite();
        try {
          const opened = Date.now();
          const fresh = await openTab(browser, site.url, serviceWorkers);
          const { tab, where } = recorded(fresh, opened);
          let failed = true;
          try {
            await withDeadline(journey(tab, site), timeout, where);
            failed = false;
          } finally {
            await tab.close(failed);
          }
        } finally {
          await site.close();
        }
      });
    }
  });
}
