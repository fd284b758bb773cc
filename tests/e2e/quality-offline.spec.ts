// Offline: after one visit the service worker has the chapters and everything
// a cell needs (worker, compiler, editor), so a reload without network works.
import { test, expect } from '@playwright/test';

test.use({ serviceWorkers: 'allow' });

test('after a first visit, a chapter reloads and its cells run offline', async ({ page, context }) => {
  await page.goto('lessons/derivatives/');
  // The worker installs (precaching the site) and takes control of the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const cell = page.getByRole('group', { name: 'Code cell 1', exact: true });
  await cell.locator('pre.astro-code, .cm-content').first().click();
  await expect(cell.locator('.cm-content')).toBeVisible();
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('status', { name: 'Output of cell 1', exact: true });
  // Read the output once the run is over, not its "Running…" placeholder.
  await expect(cell).toHaveAttribute('data-status', 'done');
  const online = await output.innerText();
  expect(online).toContain('20');

  await context.setOffline(true);
  // Really offline, for the worker too: an uncached address fails.
  expect(
    await page.evaluate(() =>
      fetch('never-cached/', { cache: 'no-store' }).then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Derivatives by nudging');
  await page.getByRole('group', { name: 'Code cell 1', exact: true }).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output).toHaveText(online);

  // Another chapter, never visited, is there too (precached at install).
  await page.goto('lessons/training/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Training/);
  await context.setOffline(false);
});

test('the service worker keeps one copy of a page, whatever its query string', async ({ page }) => {
  await page.goto('lessons/closures/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  // 25 visits, as the issue counted: 25 variants were 25 cache entries.
  for (let i = 0; i < 25; i++) await page.goto(`lessons/closures/?utm_source=${i}`);
  const keys = await page.evaluate(async () => {
    const all: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) all.push(r.url);
    return all.filter((u) => u.includes('/lessons/closures/'));
  });
  expect(keys.filter((u) => u.includes('?'))).toEqual([]);
  expect(keys.length).toBe(1);
});

test('"Skip to content" on a lesson goes past the chapter list and outline, to the lesson itself', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('lessons/closures/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The next Tab lands inside the lesson's text, not in the chapter list or the outline.
  await page.keyboard.press('Tab');
  const inLesson = await page.evaluate(() => {
    const el = document.activeElement;
    return { article: !!el?.closest('article.lesson'), nav: !!el?.closest('nav') };
  });
  expect(inLesson).toEqual({ article: true, nav: false });
});
