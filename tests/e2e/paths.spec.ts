import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';

// Olah's picture of paths in chapter 6 (issue 29, build item 3): every edge
// labelled with its local derivative; choosing a leaf highlights every path
// from L down to it and writes its grad as the sum of the path products, equal
// to the grad backward() left in its record, then the same sum factored.
const CHAPTER_6 = 'lessons/accumulating-gradients/';

async function openPaths(page: Page): Promise<Locator> {
  await page.goto(CHAPTER_6);
  const figure = page.getByRole('figure', { name: 'L = f · f: every path from L to a leaf' });
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr', /.*/);
  return figure;
}

const leafButton = (figure: Locator, leaf: string) => figure.getByRole('button', { name: `paths to ${leaf}`, exact: true });
const panel = (figure: Locator, leaf: string) => figure.getByRole('region', { name: `Paths from L to ${leaf}`, exact: true });
const record = (figure: Locator, label: string) => figure.locator(`g.value[data-label="${label}"]`);
/** A number as the page writes it (a true minus sign). */
const read = (s: string): number => Number(s.trim().replace(/−/g, '-'));

/** The path products the panel lists, read from each path's "= … = product". */
async function products(figure: Locator, leaf: string): Promise<number[]> {
  const items = await panel(figure, leaf).locator('ol').first().locator('li').allTextContents();
  return items.map((text) => read(text.split('=').at(-1)!));
}

test("chapter 6's path view: b's grad is the sum of its four path products, equal to the grad in b's record; only b's paths light up", async ({
  page,
}) => {
  const figure = await openPaths(page);
  await leafButton(figure, 'b').click();
  await expect(leafButton(figure, 'b')).toHaveAttribute('aria-pressed', 'true');
  await expect(leafButton(figure, 'a')).toHaveAttribute('aria-pressed', 'false');

  const grad = read((await record(figure, 'b').locator('text.grad').textContent())!.replace('grad', ''));
  const each = await products(figure, 'b');
  expect(each).toEqual([12, 36, 12, 36]);
  expect(each.reduce((s, p) => s + p, 0)).toBe(grad);
  await expect(panel(figure, 'b')).toContainText('∂L/∂b = 12 + 36 + 12 + 36 = 96, and backward() left b.grad = 96.');
  await expect(panel(figure, 'b')).toContainText('L → f (2nd use) → e → b');
  await expect(panel(figure, 'b')).toContainText('b.grad = 1 × e.grad + a.data × d.grad');
  await expect(panel(figure, 'b')).toContainText('Multiplications: 12 path by path (one per edge of each path), 6 factored');

  // Lit: b, the values on its paths and the ten edges of its paths (L's two edges from f among them); a is not on them.
  for (const label of ['b', 'd', 'e', 'f', 'L']) await expect(record(figure, label)).toHaveClass(/on-path/);
  await expect(record(figure, 'b')).toHaveClass(/chosen/);
  await expect(record(figure, 'a')).not.toHaveClass(/on-path/);
  await expect(figure.locator('path.edge.on-path')).toHaveCount(10);
  await expect(figure.locator('path.edge:not(.on-path)')).toHaveCount(2);
  // Every edge carries its local derivative; those on the paths are set apart.
  await expect(figure.locator('text.edge-label')).toHaveCount(8);
  await expect(figure.locator('text.edge-label.on-path')).toHaveText([
    '×a.data = −2',
    '×1',
    '×e.data = 1',
    '×d.data = −6',
    '×f.data = −6',
    '×f.data = −6',
  ]);
});

test("chapter 6's path view: the keyboard reaches the leaves' buttons and chooses a leaf, whose sum is its grad", async ({ page }) => {
  const figure = await openPaths(page);
  await leafButton(figure, 'a').focus();
  await page.keyboard.press('Tab');
  await expect(leafButton(figure, 'b')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel(figure, 'b')).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(leafButton(figure, 'a')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(leafButton(figure, 'a')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel(figure, 'b')).toHaveCount(0);
  const grad = read((await record(figure, 'a').locator('text.grad').textContent())!.replace('grad', ''));
  const each = await products(figure, 'a');
  expect(each).toEqual([-18, 36, -18, 36]);
  expect(each.reduce((s, p) => s + p, 0)).toBe(grad);
  await expect(panel(figure, 'a')).toContainText('∂L/∂a = −18 + 36 + (−18) + 36 = 36, and backward() left a.grad = 36.');
  // Said to a screen reader too.
  await expect(figure.locator('[aria-live="polite"]')).toHaveText("4 paths from L to a; their products add up to 36, a's grad.");
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`chapter 6's path view: axe finds nothing, a leaf chosen (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const figure = await openPaths(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    await leafButton(figure, 'b').click();
    await expect(panel(figure, 'b')).toBeVisible();
    expect(await axeViolations(page, { include: '.paths-view', label: colorScheme })).toEqual([]);
  });
}
