// The home page shows the thing first: a live computation graph above the
// fold, wide and on a phone, that the visitor can step through right there;
// then "Start with chapter 1", or "Continue" once the reader has begun.
import { test, expect } from '@playwright/test';
import { watchForProblems } from './problems.ts';

for (const [width, height] of [
  [1280, 900],
  [390, 844],
] as const) {
  test(`at ${width}×${height} a computation graph is above the fold, and a step on it works`, async ({ page }) => {
    const problems = watchForProblems(page);
    await page.setViewportSize({ width, height });
    await page.goto('./');
    const graph = page.getByRole('img', { name: /^Computation graph/ }).first();
    await expect(graph).toBeVisible();
    const box = (await graph.boundingBox())!;
    expect(box.y, 'the drawing starts above the fold').toBeLessThan(height - 60);
    await expect(page.getByRole('link', { name: 'Start with chapter 1' })).toBeInViewport();

    // The base case, then o's _backward: n's grad becomes 0.5, as in chapter 2.
    const figure = page.locator('figure.graph-view').first();
    const seed = figure.getByRole('button', { name: 'set grad = 1', exact: true });
    await expect(seed).toBeEnabled({ timeout: 15_000 });
    await seed.click();
    await figure.getByRole('button', { name: 'call o._backward()' }).click();
    await expect(figure.locator('g.value[data-label="n"] text.grad')).toHaveText('grad 0.5000');
    await figure.getByRole('button', { name: 'step back', exact: true }).click();
    await expect(figure.locator('g.value[data-label="n"] text.grad')).toHaveText('grad 0.0000');
    expect(problems).toEqual([]);
  });
}

test('a reader who has begun is offered to continue where they left off', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('link', { name: 'Start with chapter 1' })).toHaveAttribute('href', /\/lessons\/derivatives\/$/);
  await page.evaluate(() => {
    localStorage.setItem('micrograd:visited:derivatives', '1');
    localStorage.setItem('micrograd:visited:manual-gradients', '1');
  });
  await page.reload();
  // Chapter 1 visited but its exercises not passed: continue there.
  const cta = page.locator('a[data-continue]');
  await expect(cta).toHaveText(/^Continue: chapter 1 · /);
  // Chapter 1 done: continue with chapter 2, visited but not done.
  const ids = await page.locator('#chapters [data-progress="derivatives"]').getAttribute('data-exercises');
  await page.evaluate(
    (ids) => localStorage.setItem('micrograd:passed:derivatives', JSON.stringify(JSON.parse(ids!).map((e: { id: string }) => e.id))),
    ids,
  );
  await page.reload();
  await expect(cta).toHaveText(/^Continue: chapter 2 · Gradients by hand$/);
  await expect(cta).toHaveAttribute('href', /\/lessons\/manual-gradients\/$/);
  await expect(page.getByText('visited · ✓ all exercises passed')).toBeVisible();
});
