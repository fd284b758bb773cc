// Offline: after one visit the service worker has the chapters and everything
// a cell needs (worker, compiler, editor), so a reload without network works.
import { test, expect } from '@playwright/test';

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
