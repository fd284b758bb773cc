// Driving a code cell the way a reader does: find it, open its editor, type.
import { expect, type Page } from '@playwright/test';

export const cell = (page: Page, n: number) => page.getByRole('group', { name: `Code cell ${n}`, exact: true });

/** The live region where cell n's output appears. */
export const output = (page: Page, n: number) => page.getByRole('status', { name: `Output of cell ${n}`, exact: true });

/**
 * Waits until the page says its cells are quiet (`<html data-cells="idle">`, src/widgets/cells/page.ts):
 * started, nothing queued or running. A check that nothing ran comes after this, not after a pause.
 */
export async function cellsQuiet(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-cells', 'idle');
}

/** The number of the first cell whose code (the author's, as the page holds it) contains `text`. */
export async function cellWith(page: Page, text: string): Promise<number> {
  const codes = await page.locator('[data-cell]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code ?? ''));
  const i = codes.findIndex((c) => c.includes(text));
  expect(i, `a cell with ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** Opens the cell's editor and replaces its text. */
export async function typeInto(page: Page, n: number, code: string): Promise<void> {
  const c = cell(page, n);
  await c.locator('pre.astro-code, .cm-content').first().click();
  const editor = c.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // insertText: no auto-closing brackets or auto-indent getting in the way.
  await page.keyboard.insertText(code);
}

/** Each cell's status on the page (`data-status`), in order; a cell never run is 'idle'. */
export const statuses = (page: Page) =>
  page.locator('[data-cell]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status ?? 'idle'));

/**
 * Clicks "Run all" and waits until no cell is idle, queued or running; returns each cell's final status.
 * A cell stopped by its time limit has finished too: the caller's check then names it and says why.
 */
export async function runAllCells(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect
    .poll(async () => (await statuses(page)).filter((s) => s === 'idle' || s === 'queued' || s === 'running').length, {
      message: 'every cell finishes',
      timeout: 60_000,
    })
    .toBe(0);
  return statuses(page);
}
