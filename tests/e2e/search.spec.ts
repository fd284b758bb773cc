// Search as a reader uses it: the chapter that teaches a term comes first,
// excerpts read as prose (no TeX source, no button labels), and a result on
// the page already open closes the dialog and shows its heading.
import { test, expect, type Page } from '@playwright/test';
import { watchForProblems } from './problems.ts';
import { gotoSettled } from './settled.ts';

async function search(page: Page, query: string) {
  await page.getByRole('button', { name: /Search/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Search the chapters' });
  await dialog.getByRole('textbox').fill(query);
  const results = dialog.locator('.pagefind-ui__result');
  await expect(results.first()).toBeVisible();
  return { dialog, results };
}

test('a term ranks the chapter that defines it first ("chain rule": chapter 2, not chapter 3 whose title names it)', async ({ page }) => {
  await gotoSettled(page, 'lessons/derivatives/');
  for (const [query, slug] of [
    ['chain rule', 'manual-gradients'],
    ['derivative', 'derivatives'],
    ['closure', 'closures'],
    ['topological', 'topological-sort'],
  ]) {
    const { dialog, results } = await search(page, query);
    // The page's own link comes first in a result, then its sections.
    await expect(results.first().locator('.pagefind-ui__result-link').first(), query).toHaveAttribute(
      'href',
      new RegExp(`/lessons/${slug}/$`),
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

test('excerpts hold no TeX source and no interface text', async ({ page }) => {
  await gotoSettled(page, 'lessons/derivatives/');
  // Terms that sit next to formulas, cell buttons and widgets in the chapters.
  for (const query of ['grad', 'derivative', 'backward', 'predict']) {
    const { dialog } = await search(page, query);
    const excerpts = dialog.locator('.pagefind-ui__result-excerpt');
    await expect(excerpts.first()).toBeVisible();
    const text = (await excerpts.allInnerTexts()).join('\n');
    expect(text, query).not.toMatch(/\\(text|frac|partial|cdot|mathrm|left|right)\b/);
    expect(text, query).not.toMatch(/Ctrl\+Enter|Run all|predicted grad of|Use the new version|Keep mine/);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

for (const width of [1280, 390]) {
  test(`at ${width} px a result on the open page closes search and lands its heading in view, below the header`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, hasTouch: width < 500 });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await gotoSettled(page, 'lessons/manual-gradients/');
    const { dialog } = await search(page, 'chain rule');
    const link = dialog.locator('a[href*="/lessons/manual-gradients/#c-and-e-the-chain-rule"]').first();
    await link.click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/#c-and-e-the-chain-rule$/);
    const heading = page.locator('#c-and-e-the-chain-rule');
    await expect(heading).toBeInViewport();
    // Whatever stays at the top of the window (the chapter menu's bar on narrow screens) ends above the heading.
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    const covered = await page.evaluate(() => {
      const bar = document.querySelector('.chapter-nav');
      if (!bar || getComputedStyle(bar).position !== 'sticky') return 0;
      return bar.getBoundingClientRect().bottom;
    });
    expect(top).toBeGreaterThan(covered + 8);
    expect(problems).toEqual([]);
    await context.close();
  });
}

test('a result is titled with its place: "Chapter 2: …" for a chapter, "Appendix: …" for the gallery of bugs', async ({ page }) => {
  await gotoSettled(page, 'lessons/derivatives/');
  for (const [query, title] of [
    ['chain rule', /^Chapter 2: /],
    ['gallery of bugs', /^Appendix: A gallery of bugs$/],
  ] as const) {
    const { dialog, results } = await search(page, query);
    await expect(results.first().locator('.pagefind-ui__result-link').first(), query).toHaveText(title);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});
