// Driving a code cell the way a reader does: find it, open its editor, type.
import { expect, type Page } from '@playwright/test';

export const cell = (page: Page, n: number) => page.getByRole('group', { name: `Code cell ${n}`, exact: true });

/** The live region where cell n's output appears. */
export const output = (page: Page, n: number) => page.getByRole('status', { name: `Output of cell ${n}`, exact: true });

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
