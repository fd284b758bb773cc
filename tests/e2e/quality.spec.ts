// Quality gates over every page of the built site: accessibility (axe, light
// and dark, by the system scheme and by the site's theme picker), no console
// error, failed request or CSP violation, prose and code without JavaScript,
// and a budget for the JavaScript a page loads before the reader touches it.
import { CHAPTERS } from './chapters.ts';
import { cspViolations, watchCsp, watchForProblems } from './problems.ts';
import { test, expect, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { gzipSync } from 'node:zlib';
import { gotoSettled, reloadSettled } from './settled.ts';

// Every page as a first visit really is, the service worker precaching the site included.
test.use({ serviceWorkers: 'allow' });

const PAGES: { name: string; path: string; status?: number }[] = [
  { name: 'home', path: './' },
  { name: '404', path: 'no-such-page/', status: 404 },
  { name: 'playground', path: 'playground/' },
  ...CHAPTERS.map((slug) => ({ name: slug, path: `lessons/${slug}/` })),
];

/** Budget for the JavaScript (gzip) a page loads before any interaction. */
const JS_BUDGET_KB = 60;

/** Console errors, page errors, failed requests, HTTP errors and CSP violations. */
async function watch(page: Page, expectedStatus: Record<string, number> = {}): Promise<() => Promise<string[]>> {
  const problems = watchForProblems(page, { expectedStatus });
  await watchCsp(page);
  return async () => [...problems, ...(await cspViolations(page).catch(() => []))];
}

const themeOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);

for (const p of PAGES) {
  test.describe(() => {
    // The home page is a first visit as it really is, the service worker precaching the whole
    // site; the precache is the same from every page (about 1.5 s of CPU each), so the other pages skip it.
    test.use({ serviceWorkers: p.name === 'home' ? 'allow' : 'block' });
    test(`${p.name}: axe in light and dark, the picker's dark the system's, no errors or failed requests`, async ({ page, baseURL }) => {
      // Two full-page axe scans of a long chapter (making-it-fast holds two whole engines):
      // a minute on a busy 2-core machine. A limit, not a measure.
      test.setTimeout(300_000);
      const notFoundPath = new URL(p.path, baseURL).pathname;
      const problems = await watch(page, p.status ? { [notFoundPath]: p.status } : {});

      await page.emulateMedia({ colorScheme: 'light' });
      const response = await gotoSettled(page, p.path);
      expect(response?.status()).toBe(p.status ?? 200);
      expect(await themeOf(page)).toBe('light');
      expect(await axeViolations(page, { label: `${p.name} light` })).toEqual([]);

      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => themeOf(page)).toBe('dark');
      expect(await axeViolations(page, { label: `${p.name} dark` })).toEqual([]);
      const systemDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

      // The picker overrides the system: dark on a light system, remembered across a reload. It is
      // the same dark (data-theme="dark", which is all the styles read once the page has run), so
      // axe's dark scan above stands for it.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
      expect(await themeOf(page)).toBe('dark');
      await reloadSettled(page);
      expect(await themeOf(page)).toBe('dark');
      await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(systemDark);
      await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await themeOf(page)).toBe('light');

      expect(await problems()).toEqual([]);
    });
  });
}

test.describe('the theme picker before the page’s module runs', () => {
  // The page's own HTML, as routed below, not a cached copy from the service worker.
  test.use({ serviceWorkers: 'block' });

  test('it shows the stored choice from its first paint, and a choice made then is kept', async ({ page }) => {
    const problems = await watch(page);
    // The site's module (the picker's listener) is cut from the page: the state of a page
    // still being parsed, as a slow engine or a long chapter leaves it for a while.
    let siteModule = '';
    await page.route(
      (url) => url.pathname.endsWith('/lessons/derivatives/'),
      async (route) => {
        const response = await route.fetch();
        const html = await response.text();
        const found = html.match(/<script type="module">((?:(?!<\/script>)[\s\S])*theme-select(?:(?!<\/script>)[\s\S])*)<\/script>/);
        expect(found, 'the site module in the page').not.toBeNull();
        siteModule = found![1];
        await route.fulfill({ response, body: html.replace(found![0], '') });
      },
    );
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('lessons/derivatives/');
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await page.reload();
    const picker = page.getByRole('combobox', { name: 'Theme' });
    expect(await themeOf(page)).toBe('dark');
    await expect(picker).toHaveValue('dark');

    await picker.selectOption('light'); // nothing listens yet
    expect(await themeOf(page)).toBe('dark');
    await page.addScriptTag({ type: 'module', content: siteModule }); // the same code, so the CSP's hash admits it
    await expect.poll(() => themeOf(page)).toBe('light');
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('light');
    await expect(picker).toHaveValue('light');
    expect(await problems()).toEqual([]);
  });
});

for (const theme of ['light', 'dark'] as const) {
  test(`a drawn graph and an open editor pass axe in ${theme}`, async ({ page }) => {
    const problems = await watch(page);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('playground/');
    const cell = page.getByRole('group', { name: 'Code cell 1', exact: true });
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(cell.getByRole('img', { name: /^Computation graph/ })).toBeVisible();
    await cell.locator('pre.astro-code, .cm-content').first().click();
    await expect(cell.locator('.cm-content')).toBeVisible();
    // The cell with its graph and editor (the whole page is scanned once per scheme above).
    expect(await axeViolations(page, { include: '#cell-1', label: `playground ${theme}, graph drawn, editor open` })).toEqual([]);

    // A lesson with its graph drawn and an editor open.
    await page.goto('lessons/manual-gradients/');
    const graph = page.getByRole('img', { name: /^Computation graph/ }).first();
    await expect(graph).toBeVisible();
    const first = page.getByRole('group', { name: 'Code cell 1', exact: true });
    await first.locator('pre.astro-code, .cm-content').first().click();
    await expect(first.locator('.cm-content')).toBeVisible();
    expect(
      await axeViolations(page, { include: ['figure.graph-view', '#cell-1'], label: `manual-gradients ${theme}, graph and editor open` }),
    ).toEqual([]);
    expect(await problems()).toEqual([]);
  });
}

test.describe('JavaScript budget before interaction', () => {
  const sizes: string[] = [];
  test.afterAll(() => console.log(`JS before interaction (gzip):\n${sizes.join('\n')}`));

  for (const p of PAGES) {
    test(`${p.name}: at most ${JS_BUDGET_KB} KB gzip of JavaScript`, async ({ page }) => {
      const bodies: Promise<{ url: string; gz: number }>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(res.url())) {
          bodies.push(res.body().then((b) => ({ url: res.url(), gz: gzipSync(b, { level: 9 }).length })));
        }
      });
      await gotoSettled(page, p.path);
      // Inline scripts count too.
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'),
      );
      const files = await Promise.all(bodies);
      const total = files.reduce((n, f) => n + f.gz, 0) + gzipSync(Buffer.from(inline), { level: 9 }).length;
      const kb = total / 1024;
      const line = `  ${p.name.padEnd(24)} ${kb.toFixed(1).padStart(5)} KB gzip (${files.length} files + inline)`;
      sizes.push(line);
      console.log(`JS before interaction: ${line.trim()}`);
      expect(kb).toBeLessThanOrEqual(JS_BUDGET_KB);
    });
  }
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  for (const slug of CHAPTERS) {
    test(`${slug}: prose and every cell's code are there`, async ({ page }) => {
      await page.goto(`lessons/${slug}/`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const paragraphs = page.locator('article p');
      expect(await paragraphs.count()).toBeGreaterThan(3);
      await expect(paragraphs.nth(2)).toBeVisible();
      const cells = page.locator('article .cell');
      const n = await cells.count();
      expect(n).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        const code = cells.nth(i).locator('pre').first();
        await expect(code).toBeVisible();
        expect((await code.innerText()).trim().length).toBeGreaterThan(0);
      }
      // Controls that need JavaScript are not shown.
      await expect(page.getByRole('button', { name: /Search/ })).toBeHidden();
    });
  }
});

test('the print stylesheet hides the chrome and wraps code', async ({ page }) => {
  await page.goto('lessons/topological-sort/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.site-footer')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const pre = page.locator('article pre').first();
  await expect(pre).toBeVisible();
  expect(await pre.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
});

test('readable at 360 px: no horizontal scroll on any chapter', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const slug of ['', ...CHAPTERS.map((s) => `lessons/${s}/`)]) {
    await page.goto(slug);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${slug || 'home'} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  }
  await context.close();
});

test('search: the button and `/` open it, results link to headings', async ({ page }) => {
  const problems = await watch(page);
  await gotoSettled(page, 'lessons/derivatives/');
  // Pagefind's UI is not loaded until search opens.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('pagefind')))).toBe(false);
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the chapters' });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('textbox');
  await expect(input).toBeFocused();
  await input.fill('topological');
  const link = dialog.locator('a[href*="/lessons/topological-sort/#"]').first();
  await expect(link).toBeVisible();
  expect(await axeViolations(page, { label: 'search open' })).toEqual([]);
  await link.click();
  await expect(page).toHaveURL(/\/lessons\/topological-sort\/#/);
  await page.getByRole('button', { name: /Search/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await problems()).toEqual([]);
});
