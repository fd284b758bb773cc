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
  const copy = cell.getByRole('button', { name: 'Copy' });
  const width = (await copy.boundingBox())!.width;
  await copy.click();
  await expect(cell.getByRole('button', { name: 'Copied' })).toBeVisible();
  // The label changes, the button's size does not: nothing after it moves.
  expect((await cell.getByRole('button', { name: 'Copied' }).boundingBox())!.width).toBe(width);
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

test("the playground shows the engine's own source, and copies it whole", async ({ page }) => {
  await page.goto('playground/');
  await expect(page.getByRole('heading', { level: 2, name: 'The engine behind the cells' })).toBeVisible();
  const value = page.locator('details.engine-source').filter({ hasText: 'src/engine/value.ts' });
  await expect(value.locator('pre')).toBeHidden();
  await value.locator('summary').click();
  const code = value.locator('pre');
  await expect(code).toBeVisible();
  await expect(code).toContainText('export class Value {');
  await expect(code).toContainText('out._backward = () => {');
  await expect(code).toContainText('export function topologicalOrder(root: Value): Value[] {');
  await value.locator('button.copy-code').click();
  const copied = await clipboard(page);
  expect(copied).toContain('backward(): void {');
  expect(copied.trim().split('\n').length).toBeGreaterThan(100);
  const nn = page.locator('details.engine-source').filter({ hasText: 'src/engine/nn.ts' });
  await nn.locator('summary').click();
  await expect(nn.locator('pre')).toContainText('export class MLP extends Module {');
});

test('no Copy button covers code, on any chapter, wide or at 390 px', async ({ page }) => {
  test.slow();
  const { CHAPTERS } = await import('./chapters.ts');
  for (const slug of CHAPTERS) {
    // One load a chapter, measured wide and then narrow (the layout follows the resize).
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`lessons/${slug}/`);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const overlaps = await page.evaluate(() => {
        const hits: string[] = [];
        const buttons = [...document.querySelectorAll<HTMLElement>('button.copy-code, [data-copy]')].filter(
          (b) => b.getClientRects().length > 0,
        );
        const texts: DOMRect[] = [];
        for (const pre of document.querySelectorAll('pre')) {
          const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent?.trim()) continue;
            const r = document.createRange();
            r.selectNodeContents(n);
            texts.push(...r.getClientRects());
          }
        }
        for (const b of buttons) {
          const a = b.getBoundingClientRect();
          for (const t of texts) {
            if (a.left < t.right && t.left < a.right && a.top < t.bottom && t.top < a.bottom) {
              hits.push(`${b.textContent} over code at ${Math.round(t.left)},${Math.round(t.top + scrollY)}`);
              break;
            }
          }
        }
        return hits;
      });
      expect(overlaps, `${slug} at ${width} px`).toEqual([]);
    }
  }
});
