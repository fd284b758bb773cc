// The appendix's gallery of bugs in the browser: "Run all" runs every cell, and
// each bug's cell (found by its title) shows its own symptom: the lines and the
// error of GALLERY (./chapter-numbers.ts, which the unit test checks in Node
// too). With every output showing, axe finds nothing in light or dark. Each bug
// is linked from the chapter that teaches it, and each link lands on its section.
import { GALLERY } from './chapter-numbers.ts';
import { watchForProblems } from './problems.ts';
import { gotoSettled } from './settled.ts';
import { runAllCells } from './cell-helpers.ts';
import { test, expect, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';

const squash = (s: string) => s.replace(/[ \t]+/g, ' ');

const cellTitled = (page: Page, title: string) =>
  page.locator('[data-cell]').filter({ has: page.locator('.cell-title').getByText(title, { exact: true }) });

test('every bug in the gallery runs in the browser and shows its symptom; axe is clean light and dark with the outputs showing', async ({
  page,
}) => {
  test.slow();
  const problems = watchForProblems(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await gotoSettled(page, 'lessons/bugs-gallery/');
  await runAllCells(page);

  for (const bug of GALLERY) {
    const cell = cellTitled(page, bug.title);
    await expect(cell, bug.title).toHaveCount(1);
    await expect(cell, `${bug.title}: ends as it should`).toHaveAttribute('data-status', bug.error ? 'error' : 'done');
    const shown = squash(await cell.locator('[data-output]').innerText());
    for (const line of bug.shows) expect(shown, bug.title).toContain(squash(line));
    if (bug.error) expect(shown, bug.title).toMatch(bug.error);
  }
  // The tools cell and the exercise run without an error too; the exercise shows the check's verdict.
  await expect(cellTitled(page, 'The tools')).toHaveAttribute('data-status', 'done');
  const exercise = page.locator('[data-cell].cell-exercise');
  await expect(exercise).toHaveAttribute('data-status', 'done');
  await expect(exercise.locator('[data-output]')).toContainText('d: backprop -0.197375320224904, nudging -0.1974, agree');
  expect(problems).toEqual([]);

  // The cells, now with their outputs (quality.spec scans the whole page once per scheme).
  expect(await axeViolations(page, { include: '.cell', label: 'light' })).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await axeViolations(page, { include: '.cell', label: 'dark' })).toEqual([]);
});

test('each bug is linked from the chapter that teaches it, and each link lands on its section', async ({ page }) => {
  await page.goto('lessons/bugs-gallery/');
  const sections = await page.locator('article h2[id]').evaluateAll((els) => els.map((e) => e.id).filter((id) => /^\d-/.test(id)));
  expect(sections).toHaveLength(9);
  const linked = new Set<string>();
  for (const slug of ['closures', 'ordered-calls', 'topological-sort', 'accumulating-gradients', 'more-ops', 'training']) {
    await page.goto(`lessons/${slug}/`);
    const hrefs = await page
      .locator('article a[href*="/bugs-gallery/#"]')
      .evaluateAll((els) => els.map((a) => new URL((a as HTMLAnchorElement).href).hash.slice(1)));
    expect(hrefs.length, `${slug} links to the gallery`).toBeGreaterThan(0);
    for (const id of hrefs) {
      expect(sections, `${slug} links to a section of the gallery`).toContain(id);
      linked.add(id);
    }
  }
  expect([...linked].sort()).toEqual([...sections].sort());
  // Following one, from chapter 5, lands on its section.
  await page.goto('lessons/topological-sort/');
  await page.locator('article a[href*="/bugs-gallery/#8-"]').click();
  await expect(page.getByRole('heading', { level: 2, name: '8. Recursion too deep' })).toBeInViewport();
});
