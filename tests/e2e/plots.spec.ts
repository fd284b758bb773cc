import { test, expect } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { watchForProblems } from './problems.ts';

// plot() under a cell (src/runtime/cell-api.ts, drawn by src/widgets/cells/plot-output.ts):
// chapter 9's zero-grad post-mortem draws the weights drifting while the loss sits at 8, and
// one weight's slice of the loss with each update drawn on it as an arrow.
const CHAPTER_9 = 'lessons/training/';

test("chapter 9's plots: the drift and the slice appear under their cells, named, with their numbers, axe clean light and dark", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = watchForProblems(page);
  await page.goto(CHAPTER_9);
  const drift = page.locator('[data-cell]', { hasText: 'const drifting = new MLP' });
  await drift.getByRole('button', { name: 'Run', exact: true }).click();
  const driftPlot = drift.getByRole('img', { name: 'Plot: Without zeroing: the loss stops at 8, the weights keep going' });
  await expect(driftPlot).toBeVisible({ timeout: 60_000 });
  // Four lines drawn, and their numbers in a table: at step 40 the loss is 8, the first weight about 4.05.
  await expect(driftPlot.locator('path[class^="plot-s"]')).toHaveCount(4);
  const lastRow = drift.locator('table tbody tr').last();
  await expect(lastRow.locator('td')).toHaveText(['40', '8', '4.0502', '7.5547', '8.5959']);
  await expect(drift.getByRole('status', { name: /^Output of cell/ })).toContainText(
    'step 40: loss 8.0000, the three weights 4.050, 7.555, 8.596',
  );

  const slice = page.locator('[data-cell]', { hasText: 'const sliced = new MLP' });
  await slice.getByRole('button', { name: 'Run', exact: true }).click();
  const slicePlot = slice.getByRole('img', { name: 'Plot: The loss along one weight, and where each update moves it' });
  await expect(slicePlot).toBeVisible({ timeout: 60_000 });
  // Two slices and two arrows, the arrows with a head.
  await expect(slicePlot.locator('path.plot-arrow[marker-end]')).toHaveCount(2);
  await expect(slice.getByText("step 30's update (arrow from 0 to 0.092199)")).toBeVisible();
  const out = slice.getByRole('status', { name: /^Output of cell/ });
  await expect(out).toContainText('step 0: p.grad -0.7014, w moves by 0.0701, the loss goes 6.6773 → 6.6287');
  await expect(out).toContainText('step 30: p.grad -0.9220, w moves by 0.0922, the loss goes 8.0000 → 8.0000');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await axeViolations(page, { include: '.out-plot', label: scheme })).toEqual([]);
  }
  expect(problems).toEqual([]);
});
