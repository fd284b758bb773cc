// The playground: the reader adds cells of their own, removes them with Undo,
// and finds them again after a reload; two tabs of it lose nothing to each other.
import { test, expect, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { cell, output, typeInto } from './cell-helpers.ts';

test('add a cell, run it after the first, keep it over a reload', async ({ page }) => {
  await page.goto('playground/');
  await expect(cell(page, 2)).toHaveCount(0);
  await page.getByRole('button', { name: 'Add a cell' }).click();
  const editor = cell(page, 2).locator('.cm-content');
  await expect(editor).toBeFocused();
  await page.keyboard.insertText('console.log(o.data.toFixed(4), o.grad);');
  await page.keyboard.press('ControlOrMeta+Enter');
  // Cell 1 ran first, so o exists.
  await expect(output(page, 2)).toHaveText('0.7071 0');
  await expect(output(page, 1)).toContainText('Value(data=0.7071');

  expect(await axeViolations(page, { include: '[data-notebook]' })).toEqual([]);

  await page.reload();
  await expect(cell(page, 2).locator('pre')).toHaveText('console.log(o.data.toFixed(4), o.grad);');
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(output(page, 2)).toHaveText('0.7071 0');

  // A second one is numbered 3 and comes after.
  await page.getByRole('button', { name: 'Add a cell' }).click();
  await expect(cell(page, 3).locator('.cm-content')).toBeFocused();
  const order = await page.locator('[data-notebook] [data-cell]').evaluateAll((els) => els.map((el) => el.getAttribute('data-cell')));
  expect(order).toEqual(['1', '2', '3']);
});

test('remove a cell: Undo brings it back with its code; otherwise it stays gone after a reload', async ({ page }) => {
  await page.goto('playground/');
  await page.getByRole('button', { name: 'Add a cell' }).click();
  await expect(cell(page, 2).locator('.cm-content')).toBeFocused();
  await page.keyboard.insertText('const kept = 42;\nkept');
  await page.getByRole('button', { name: 'Add a cell' }).click();
  // Typed at once, before the new cell's editor is there: nothing is lost, newlines included.
  await page.keyboard.type('// typed early');
  await page.keyboard.press('Enter');
  await page.keyboard.type('6 * 7');
  await expect(cell(page, 3).locator('.cm-content')).toBeFocused();

  await cell(page, 2).getByRole('button', { name: 'Remove cell' }).click();
  await expect(cell(page, 2)).toHaveCount(0);
  await expect(page.getByText('Cell 2 removed.', { exact: true })).toBeVisible();
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  // Run all no longer runs it.
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(output(page, 3)).toHaveText('42');

  await undo.click();
  await expect(cell(page, 2).locator('.cm-content')).toHaveText('const kept = 42;kept');
  await expect(page.getByText('Cell 2 removed.', { exact: true })).toBeHidden();
  const order = await page.locator('[data-notebook] [data-cell]').evaluateAll((els) => els.map((el) => el.getAttribute('data-cell')));
  expect(order).toEqual(['1', '2', '3']);
  await page.reload();
  await expect(cell(page, 2).locator('pre')).toContainText('const kept = 42;');

  await cell(page, 3).getByRole('button', { name: 'Remove cell' }).click();
  await page.reload();
  await expect(cell(page, 3)).toHaveCount(0);
  await expect(cell(page, 2)).toBeVisible();
  // The first cell is the author's: it cannot be removed.
  await expect(cell(page, 1).getByRole('button', { name: 'Remove cell' })).toHaveCount(0);
});

test('two tabs that each add a cell get two cells; removing one in a tab leaves the other tab’s', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  // Both tabs are open before either adds a cell: each would pick "the next number", 2.
  await a.goto('playground/');
  await b.goto('playground/');
  await a.getByRole('button', { name: 'Add a cell' }).click();
  await expect(cell(a, 2).locator('.cm-content')).toBeFocused();
  await a.keyboard.insertText('// from tab A');
  await b.getByRole('button', { name: 'Add a cell' }).click();
  await expect(cell(b, 2).locator('.cm-content')).toBeFocused();
  // Its own new cell, empty: not tab A's code.
  await expect(cell(b, 2).locator('.cm-content')).toHaveText('');
  await b.keyboard.insertText('// from tab B');
  const ids = await Promise.all([a, b].map((p) => cell(p, 2).getAttribute('data-cell-id')));
  expect(ids[0]).not.toEqual(ids[1]);

  // A reload shows both, in the order they were added, each with its own code.
  await a.reload();
  await expect(cell(a, 2).locator('pre')).toHaveText('// from tab A');
  await expect(cell(a, 3).locator('pre')).toHaveText('// from tab B');

  // Tab B removes its cell: tab A's stays, code and all.
  await cell(b, 2).getByRole('button', { name: 'Remove cell' }).click();
  await expect(cell(b, 2)).toHaveCount(0);
  await a.reload();
  await expect(cell(a, 2).locator('pre')).toHaveText('// from tab A');
  await expect(cell(a, 3)).toHaveCount(0);
});

test('an edit made in another tab is noticed and offered, never silently overwritten', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('playground/');
  await b.goto('playground/');
  const notice = (p: Page) => cell(p, 1).getByRole('status').filter({ hasText: 'changed in another tab' });
  const author = (await cell(b, 1).locator('pre').innerText()).trim();

  await typeInto(a, 1, 'const fromA = 1;');
  // Tab B says so, and still shows what it had.
  await expect(notice(b)).toBeVisible();
  await expect(notice(a)).toHaveCount(0);
  await expect(cell(b, 1).locator('pre')).toHaveText(author);

  // Typing in tab B before choosing does not replace tab A's edit.
  await typeInto(b, 1, 'const fromB = 2;');
  const c = await context.newPage();
  await c.goto('playground/');
  await expect(cell(c, 1).locator('pre')).toHaveText('const fromA = 1;');
  await c.close();

  // Tab B keeps its own: now tab A is told, and takes it.
  await notice(b).getByRole('button', { name: 'Keep this tab’s version' }).click();
  await expect(notice(b)).toHaveCount(0);
  await expect(notice(a)).toBeVisible();
  await notice(a).getByRole('button', { name: 'Use the other tab’s version' }).click();
  await expect(cell(a, 1).locator('.cm-content')).toHaveText('const fromB = 2;');
  await expect(notice(a)).toHaveCount(0);
  await a.reload();
  await expect(cell(a, 1).locator('pre')).toHaveText('const fromB = 2;');
});
