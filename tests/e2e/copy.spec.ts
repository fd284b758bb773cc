// Copy buttons: on the static code of a lesson and in every cell's bar.
import { test, expect, type Page } from '@playwright/test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('a static code block copies its code, and says so', async ({ page }) => {
  await page.goto('lessons/closures/');
  const block = page.locator('.lesson .code-block').first();
  const details = block.locator('xpath=ancestor::details');
  if ((await details.count()) > 0) await details.locator('summary').click();
  const code = await block.locator('pre').innerText();
  expect(code.length).toBeGreaterThan(20);
  const button = block.locator('button.copy-code');
  await expect(button).toHaveAccessibleName('Copy');
  await button.click();
  await expect(button).toHaveText('Copied');
  expect((await clipboard(page)).trim()).toBe(code.trim());
  await expect(button).toHaveText('Copy', { timeout: 5000 });
});

test("a cell's Copy takes the reader's edited code", async ({ page }) => {
  await page.goto('playground/');
  const cell = page.getByRole('group', { name: 'Code cell 1', exact: true });
  await cell.locator('pre.astro-code').click();
  await expect(cell.locator('.cm-content')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('const mine = new Value(7);\nmine.mul(6);');
  await cell.getByRole('button', { name: 'Copy' }).click();
  await expect(cell.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await clipboard(page)).toBe('const mine = new Value(7);\nmine.mul(6);');
});

test('without a clipboard, Copy selects the code so Ctrl+C still works', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
  });
  await page.goto('lessons/derivatives/');
  const cell = page.getByRole('group', { name: 'Code cell 1', exact: true });
  await cell.getByRole('button', { name: 'Copy' }).click();
  await expect(cell.getByRole('button', { name: 'Selected' })).toBeVisible();
  const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
  expect(selected.trim()).toBe((await cell.locator('pre').innerText()).trim());
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'press Ctrl+C' })).toHaveCount(1);
});
