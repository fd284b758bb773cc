import { test, expect, type Page } from '@playwright/test';
import { watchForProblems } from './problems.ts';
import { gotoSettled } from './settled.ts';

const CHAPTER_1 = 'lessons/derivatives/';

/** The computed colours of the first highlighted code block and of its first coloured token. */
async function codeColours(page: Page) {
  const block = page.locator('pre.astro-code').first();
  const token = block.locator('span[style*="color"]').first();
  return {
    background: await block.evaluate((el) => getComputedStyle(el).backgroundColor),
    token: await token.evaluate((el) => getComputedStyle(el).color),
  };
}

test('the home page lists chapter 1 and links to it', async ({ page }) => {
  await page.goto('./');
  const chapters = page.locator('#chapters');
  await expect(chapters.getByRole('heading', { name: 'Chapters' })).toBeVisible();
  const link = chapters.getByRole('listitem').first().getByRole('link', { name: 'Derivatives by nudging' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/lessons\/derivatives\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Derivatives by nudging');
});

test('chapter 1 renders highlighted code in the light and the dark scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(CHAPTER_1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Derivatives by nudging');

  const blocks = page.locator('pre.astro-code');
  expect(await blocks.count()).toBeGreaterThan(5);
  // Shiki colours tokens with inline styles: several distinct colours means real highlighting.
  const tokenColours = await blocks
    .first()
    .locator('span[style*="color"]')
    .evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size);
  expect(tokenColours).toBeGreaterThan(2);

  const light = await codeColours(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  // The theme script hears the change a moment later: wait for it, up to the usual timeout.
  await expect.poll(async () => (await codeColours(page)).background).not.toBe(light.background);
  const dark = await codeColours(page);
  expect(dark.token).not.toBe(light.token);
  // The page itself follows the scheme too.
  const bodyBg = () => page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
  const darkBody = await bodyBg();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(bodyBg).not.toBe(darkBody);
});

test('chapter 1 shows its key numbers', async ({ page }) => {
  await page.goto(CHAPTER_1);
  const text = await page.locator('main').innerText();
  expect(text).toContain('f(3.0)); // 20');
  expect(text).toContain('14.0003');
  expect(text).toContain('14.000300000063248');
  expect(text).toMatch(/[−-]22\b/);
  expect(text).toContain('console.log(d); // 4');
  expect(text).toContain('d = 2 · (−3) + 10 = 4');
  expect(text).toContain('∂d/∂a = −3');
  expect(text).toContain('∂d/∂b = 2');
  expect(text).toContain('∂d/∂c = 1');
});

test.describe('with the service worker installing', () => {
  test.use({ serviceWorkers: 'allow' });
  for (const path of ['./', CHAPTER_1]) {
    test(`no console errors or failed requests on ${path}`, async ({ page }) => {
      const problems = watchForProblems(page);
      await gotoSettled(page, path);
      expect(problems).toEqual([]);
    });
  }
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('chapter 1 shows its prose and highlighted code', async ({ page }) => {
    await page.goto(CHAPTER_1);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Derivatives by nudging');
    await expect(page.getByRole('heading', { level: 2, name: 'Several inputs' })).toBeVisible();
    await expect(page.getByText('Backpropagation sounds grand')).toBeVisible();
    const firstCell = page.locator('pre.astro-code').first();
    await expect(firstCell).toBeVisible();
    await expect(firstCell).toContainText('return 3 * x ** 2 - 4 * x + 5;');
  });
});
