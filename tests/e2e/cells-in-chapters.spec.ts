// Cells on the real chapters: what a reader meets on a whole chapter page, not
// how a cell works (that is cells.spec.ts, on the fixture lessons of
// tests/fixtures/mechanics). The chapters' own code lines and their chapter
// menu, a walk by keyboard through a whole chapter, and chapter 1's weight.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { cell } from './cell-helpers.ts';
import { followRequests, gotoSettled } from './settled.ts';

const CHAPTER_1 = 'lessons/derivatives/';

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });

  test('the chapter menu opens from the middle of a chapter; long code lines wrap instead of being cut off', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('lessons/derivatives/');
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight / 2));
    const toggle = page.getByRole('button', { name: 'Chapters and sections' });
    await expect(toggle).toBeInViewport();
    await toggle.tap();
    const link = page.locator('[data-chapter-nav]').getByRole('link', { name: /^2\./ });
    await expect(link).toBeInViewport();
    // No cell's code is wider than its box: every line can be read to its end.
    const cut = await page.locator('[data-cell] pre').evaluateAll((pres) => pres.filter((p) => p.scrollWidth > p.clientWidth + 1).length);
    expect(cut).toBe(0);
    // Nor the static code of a chapter with long comments (chapter 3's "famous slip").
    await page.goto('lessons/closures/');
    const cutStatic = await page
      .locator('.code-block pre')
      .evaluateAll((pres) => pres.filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.textContent?.slice(0, 40)));
    expect(cutStatic).toEqual([]);
  });
});

test('tabbing through a whole chapter edits no code and reaches its exercise', async ({ page }) => {
  await page.goto('lessons/ordered-calls/');
  const exercise = page.locator('.cell-exercise').first();
  await expect(exercise).toBeVisible();
  // Open one editor first, so the walk passes through a live editor as well as static code.
  await cell(page, 1).locator('pre.astro-code').click();
  await expect(cell(page, 1).locator('.cm-content')).toBeFocused();
  await page.keyboard.press('Escape');
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await exercise.evaluate((el) => el.contains(document.activeElement));
  }
  expect(reached, 'the exercise is reached with Tab').toBe(true);
  // Every change to a cell's code marks it edited and saves it: neither happened.
  await expect(page.locator('[data-edited]:visible')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('micrograd:edit:')))).toEqual([]);
});

test('a lesson page loads at most 60 KB of JavaScript (gzip) before the reader touches a cell', async ({ page }) => {
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') bodies.push(res.body());
  });
  const requests = followRequests(page);
  await gotoSettled(page, CHAPTER_1);
  // Scroll through the whole page, so islands that wait until visible load too.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await requests.quiet();
  const gzip = (await Promise.all(bodies)).reduce((n, b) => n + gzipSync(b).length, 0);
  expect(gzip).toBeGreaterThan(1000);
  expect(gzip).toBeLessThanOrEqual(60 * 1024);
});
