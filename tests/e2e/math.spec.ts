import { test, expect } from '@playwright/test';

test('chapter 1 typesets its formulas with KaTeX, fonts served from the site', async ({ page }) => {
  const fonts: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('KaTeX')) fonts.push(`${r.status()} ${new URL(r.url()).origin}`);
  });
  await page.goto('lessons/derivatives/');
  const display = page.locator('.katex-display').first();
  await expect(display).toBeVisible();
  // The MathML copy keeps the TeX source for screen readers and copying.
  await expect(display.locator('annotation')).toHaveText('f(x) = 3x^2 - 4x + 5');
  await page.evaluate(() => document.fonts.ready);
  const origin = new URL(page.url()).origin;
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f).toBe(`200 ${origin}`);
});
