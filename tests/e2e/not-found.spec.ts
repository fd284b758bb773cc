import { test, expect } from '@playwright/test';

test('an unknown address shows the 404 page with the chapter list', async ({ page }) => {
  const response = await page.goto('no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const chapter1 = page.getByRole('link', { name: 'Derivatives by nudging' });
  await chapter1.click();
  await expect(page).toHaveURL(/\/lessons\/derivatives\/$/);
});
