import { CHAPTERS } from './chapters.ts';
import { NUMBERS, SOLVED_GRADS, WIDGET_SOLUTIONS } from './chapter-numbers.ts';
import { watchForProblems } from './problems.ts';
import { cell, output, runAllCells, typeInto } from './cell-helpers.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { gotoSettled } from './settled.ts';

// Every chapter on the built site: it loads cleanly, "Run all" ends with no
// unexpected error, the numbers of ../../../shared/DESIGN.md ("The chapters")
// appear in the outputs (./chapter-numbers.ts, shared with the Firefox and
// WebKit journeys in ../engines), and every exercise fails with its starting code and
// passes with its solution. Then the chapter sidebar, the outline, progress
// marks and the previous/next walk.

type Slug = (typeof CHAPTERS)[number];

const cells = (page: Page) => page.getByRole('group', { name: /^Code cell \d+$/ });
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Chapters', exact: true });
const pager = (page: Page) => page.getByRole('navigation', { name: 'Previous and next chapter' });

/**
 * Clicks "Run all" and waits until no cell is queued or running; returns each cell's final status.
 * A cell stopped by its time limit has finished too: the caller's check then names it and says why.
 */
async function runAll(page: Page): Promise<{ status: string[]; expectError: boolean[] }> {
  const count = await cells(page).count();
  expect(count).toBeGreaterThan(3);
  const status = await runAllCells(page);
  const expectError = await page.locator('[data-cell]').evaluateAll((els) => els.map((e) => e.hasAttribute('data-expect-error')));
  return { status, expectError };
}

/** The text of every cell's output, one string per cell (index 0 is cell 1). */
async function outputs(page: Page): Promise<string[]> {
  return page.locator('[data-cell] [data-output]').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
}

/** Every exercise: Check with the starting code says "Not yet", Show solution + Check says "Passed". */
async function checkExercises(page: Page): Promise<number> {
  const exercises = page.locator('[data-cell].cell-exercise');
  const count = await exercises.count();
  for (let i = 0; i < count; i++) {
    const ex: Locator = exercises.nth(i);
    const name = await ex.getAttribute('aria-label');
    const state = ex.locator('[data-state]');
    await ex.getByRole('button', { name: 'Check' }).click();
    await expect(state, `${name}: the starting code fails its check`).toHaveText(/^Not yet: /, { timeout: 30_000 });
    // …and says what to do about it: a sentence of the check's own, not a bare failure or a crash.
    const said = ((await state.textContent()) ?? '').replace(/^Not yet: /, '');
    expect(said, `${name}: the failure says what is wrong`).toMatch(/\w+( \w+){4,}/);
    expect(said, `${name}: the starting code runs to its check`).not.toMatch(/stopped with an error|is not defined|TypeError/);
    await ex.getByRole('button', { name: 'Show solution' }).click();
    await expect(ex.getByRole('button', { name: 'Show my version' })).toBeVisible();
    await ex.getByRole('button', { name: 'Check' }).click();
    await expect(state, `${name}: the solution passes its check`).toHaveText('Passed', { timeout: 30_000 });
  }
  return count;
}

/** Finishes the chapter's widget exercises (TopoOrder) as a reader would. */
async function finishWidgets(page: Page): Promise<void> {
  const topo = page.getByRole('region', { name: WIDGET_SOLUTIONS['topo-order'].title, exact: true });
  if ((await topo.count()) > 0) {
    await topo.scrollIntoViewIfNeeded();
    const step = topo.getByRole('button', { name: WIDGET_SOLUTIONS['topo-order'].steps });
    await expect(step).toBeEnabled({ timeout: 15_000 });
    while (await step.isEnabled()) await step.click();
    await topo.getByRole('button', { name: WIDGET_SOLUTIONS['topo-order'].finish }).click();
  }
}

/** What a chapter shows once its exercises are solved: the grads its exercise's draw(o) shows. */
async function checkSolved(page: Page, slug: Slug): Promise<void> {
  const want = SOLVED_GRADS[slug];
  if (!want) return;
  const ex = page.locator('[data-cell].cell-exercise').first();
  for (const [label, grad] of Object.entries(want)) {
    await expect(ex.locator(`g.value[data-label="${label}"] text.grad`), `grad of ${label}`).toHaveText(`grad ${grad}`);
  }
}

for (const slug of CHAPTERS) {
  // The last of CHAPTERS is the appendix, which has no number.
  const place = slug === CHAPTERS.at(-1) ? 'the appendix' : `chapter ${CHAPTERS.indexOf(slug) + 1}`;
  test(`${place} (${slug}): loads cleanly, runs, shows its numbers, and its exercises work`, async ({ page }) => {
    test.slow();
    const problems = watchForProblems(page);
    await gotoSettled(page, `lessons/${slug}/`);
    expect(problems, 'on load').toEqual([]);

    // Run all: no cell ends in an error except the ones marked `error`, which do.
    const { status, expectError } = await runAll(page);
    const out = await outputs(page);
    status.forEach((s, i) => {
      expect(s, `cell ${i + 1}, which shows: ${out[i]}`).toBe(expectError[i] ? 'error' : 'done');
    });
    for (let n = 1; n <= status.length; n++) {
      if (!expectError[n - 1]) await expect(output(page, n).locator('.out-error'), `cell ${n} shows no error`).toHaveCount(0);
    }
    NUMBERS[slug](out);

    // Every exercise fails as given and passes with its solution; then the chapter is marked done.
    // Found by its address: the appendix's link starts "Appendix:", not with a number.
    const link = sidebar(page).locator(`a[href$="/lessons/${slug}/"]`);
    await expect(link).toHaveAttribute('aria-current', 'page');
    await expect(link).toHaveAccessibleName(/\(visited\)$/);
    expect(await checkExercises(page)).toBeGreaterThan(0);
    await checkSolved(page, slug);
    await finishWidgets(page);
    await expect(link).toHaveAccessibleName(/\(visited, all exercises passed\)$/);
    expect(problems, 'while running').toEqual([]);

    // The home page shows the same: this chapter done, the others untouched.
    await page.goto('./');
    const list = page.locator('#chapters');
    const items = list.getByRole('listitem');
    await expect(items).toHaveCount(CHAPTERS.length);
    for (const [i, other] of CHAPTERS.entries()) {
      const name = items.nth(i).getByRole('link');
      if (other === slug) await expect(name).toHaveAccessibleName(/\(visited, all exercises passed\)$/);
      else await expect(name).not.toHaveAccessibleName(/visited/);
    }
  });
}

test("chapter 4's order puzzle accepts two different valid orders and rejects an invalid one, naming the first call made too early", async ({
  page,
}) => {
  test.slow();
  await gotoSettled(page, 'lessons/ordered-calls/');
  const ex = page.locator('[data-cell].cell-exercise', { has: page.getByText('put the calls in order') });
  await expect(ex).toHaveCount(1);
  const n = Number(/^Code cell (\d+)$/.exec((await ex.getAttribute('aria-label')) ?? '')![1]);
  const given = (await ex.getAttribute('data-code'))!;
  const line = /const order: string\[\] = \[[^\]]*\];/;
  expect(given).toMatch(line);
  const state = ex.locator('[data-state]');
  const tryOrder = async (order: string[]) => {
    await typeInto(page, n, given.replace(line, `const order: string[] = ${JSON.stringify(order)};`));
    await ex.getByRole('button', { name: 'Check' }).click();
  };
  await tryOrder(['L', 'q', 'k', 'm', 'd', 'e']);
  await expect(state).toHaveText(
    'Not yet: q._backward() is called too early: q is used by k, and k._backward() has not run yet, so q.grad is still 0 and q passes 0 on to its inputs',
    { timeout: 30_000 },
  );
  await tryOrder(['L', 'm', 'd', 'e', 'k', 'q']);
  await expect(state).toHaveText('Passed', { timeout: 30_000 });
  await tryOrder(['L', 'k', 'm', 'q', 'd', 'e']);
  await expect(state).toHaveText('Passed', { timeout: 30_000 });
  // The graph under it shows the grads of a correct pass.
  await expect(ex.locator('g.value[data-label="a"] text.grad')).toHaveText('grad 18.0000');
  await expect(ex.locator('g.value[data-label="v"] text.grad')).toHaveText('grad -32.0000');
});

test("chapter 7's capstone runs micrograd's own two tests on the chapter's class and prints micrograd's numbers", async ({ page }) => {
  await gotoSettled(page, 'lessons/more-ops/');
  const capstone = page.locator('[data-cell]', { has: page.getByText("micrograd's own tests, on our class") });
  await expect(capstone).toHaveCount(1);
  await capstone.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(capstone).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const out = capstone.locator('[data-output]');
  await expect(out).toContainText('test_sanity_check: y -20 agrees, x.grad 46 agrees');
  await expect(out).toContainText(
    'test_more_ops: g 24.70408163265306 agrees, a.grad 138.83381924198252 agrees, b.grad 645.5772594752186 agrees',
  );
  await expect(out).not.toContainText('DIFFERS');
});

test.describe('the chapter sidebar', () => {
  test('lists chapters 1-10 and the appendix in order and the playground last, marking the current one', async ({ page }) => {
    await page.goto('lessons/ordered-calls/');
    const links = sidebar(page).getByRole('link');
    await expect(links).toHaveCount(CHAPTERS.length + 1);
    const hrefs = await links.evaluateAll((els) => els.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(hrefs).toEqual([...CHAPTERS.map((s) => `/lessons/${s}/`), '/playground/']);
    await expect(links.nth(0)).toHaveAccessibleName(/^1\.\s*Derivatives by nudging/);
    await expect(links.nth(9)).toHaveAccessibleName(/^10\.\s*Making it fast/);
    await expect(links.nth(10)).toHaveAccessibleName(/^Appendix:\s*A gallery of bugs/);
    await expect(links.nth(11)).toHaveAccessibleName(/^11\.\s*Playground$/);
    await expect(sidebar(page).locator('[aria-current="page"]')).toHaveCount(1);
    await expect(links.nth(3)).toHaveAttribute('aria-current', 'page');
  });

  test('a visit is marked in the sidebar and on the home page, after navigating', async ({ page }) => {
    await page.goto('./');
    const home = page.locator('#chapters').getByRole('listitem');
    await expect(home.nth(2).getByRole('link')).toHaveAttribute('href', /\/lessons\/closures\/$/);
    await expect(home.nth(2).getByRole('link')).not.toHaveAccessibleName(/visited/);

    await home.nth(2).getByRole('link').click();
    await expect(page).toHaveURL(/\/lessons\/closures\/$/);
    const links = sidebar(page).getByRole('link');
    await expect(links.nth(2)).toHaveAccessibleName(/\(visited\)$/);
    await expect(links.nth(3)).not.toHaveAccessibleName(/visited/);
    // The mark is a symbol with a text alternative, not colour alone.
    await expect(links.nth(2).locator('[data-mark] [aria-hidden="true"]')).toHaveText('•');

    await links.nth(3).click();
    await expect(page).toHaveURL(/\/lessons\/ordered-calls\/$/);
    await expect(sidebar(page).getByRole('link').nth(2)).toHaveAccessibleName(/\(visited\)$/);
    await expect(sidebar(page).getByRole('link').nth(3)).toHaveAccessibleName(/\(visited\)$/);
    await expect(sidebar(page).getByRole('link').nth(4)).not.toHaveAccessibleName(/visited/);

    await page.goto('./');
    await expect(home.nth(2).getByRole('link')).toHaveAccessibleName(/\(visited\)$/);
    await expect(home.nth(3).getByRole('link')).toHaveAccessibleName(/\(visited\)$/);
    await expect(home.nth(0).getByRole('link')).not.toHaveAccessibleName(/visited/);
    await expect(home.nth(8).getByRole('link')).not.toHaveAccessibleName(/visited/);
  });

  test('progress stored by the cells shows as done; a stale or foreign entry does not', async ({ page }) => {
    await page.goto('./');
    const home = page.locator('#chapters').getByRole('listitem');
    type Ex = { n: number; id: string };
    const exercisesOf = async (slug: string): Promise<Ex[]> =>
      JSON.parse((await page.locator(`#chapters [data-progress="${slug}"]`).getAttribute('data-exercises')) ?? '[]');
    const topo = await exercisesOf('topological-sort');
    const derivatives = await exercisesOf('derivatives');
    expect(topo.length).toBeGreaterThan(0);
    await page.evaluate(
      ({ topo, derivatives }) => {
        // Chapter 5: every exercise passed, by id. Chapter 6: a passed id that is not its exercise.
        localStorage.setItem('micrograd:passed:topological-sort', JSON.stringify(topo.map((e) => e.id)));
        localStorage.setItem('micrograd:passed:accumulating-gradients', '["not-an-exercise"]');
        localStorage.setItem('micrograd:visited:accumulating-gradients', '1');
        // Chapter 1, as older versions of the site kept it: cell numbers.
        localStorage.setItem('micrograd:progress:derivatives', JSON.stringify(derivatives.map((e) => e.n)));
      },
      { topo, derivatives },
    );
    await page.reload();
    await expect(home.nth(4).getByRole('link')).toHaveAccessibleName(/\(visited, all exercises passed\)$/);
    await expect(home.nth(4).locator('[data-mark] [aria-hidden="true"]')).toHaveText('✓');
    await expect(home.nth(5).getByRole('link')).toHaveAccessibleName(/\(visited\)$/);
    await expect(home.nth(0).getByRole('link')).toHaveAccessibleName(/\(visited, all exercises passed\)$/);
    // The old numbers became ids.
    expect(await page.evaluate(() => localStorage.getItem('micrograd:progress:derivatives'))).toBeNull();
  });

  test('without storage the pages work and show no marks', async ({ page }) => {
    await page.addInitScript(() => {
      for (const m of ['getItem', 'setItem', 'removeItem'] as const) {
        Storage.prototype[m] = () => {
          throw new DOMException('blocked', 'SecurityError');
        };
      }
    });
    const problems = watchForProblems(page);
    await gotoSettled(page, 'lessons/closures/');
    await expect(sidebar(page).getByRole('link')).toHaveCount(CHAPTERS.length + 1); // and the playground
    await expect(sidebar(page).locator('[data-mark]:not(:empty)')).toHaveCount(0);
    await gotoSettled(page, './');
    await expect(page.locator('#chapters [data-mark]:not(:empty)')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('at 360 px it folds away and opens and closes by keyboard', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('lessons/manual-gradients/');
    const toggle = page.getByRole('button', { name: 'Chapters and sections' });
    const first = sidebar(page).getByRole('link').first();
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(first).toBeHidden();

    // Tab reaches the button from the top of the page.
    for (let i = 0; i < 25 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(toggle).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(first).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(first).toBeFocused();
    // Escape folds it and returns to the button; Space opens it again, and closes it.
    await page.keyboard.press('Escape');
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(first).toBeHidden();
    await page.keyboard.press('Space');
    await expect(first).toBeVisible();
    await page.keyboard.press('Space');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(first).toBeHidden();
  });

  test('axe finds nothing in the sidebar, its marks and the formulas, wide and at 360 px open', async ({ page }) => {
    test.slow(); // several axe passes over a long chapter: slow on a busy 2-core machine, not wrong
    // Chapter 1 done: every one of its exercises passed.
    await page.goto('./');
    const ids = (
      JSON.parse((await page.locator('#chapters [data-progress="derivatives"]').getAttribute('data-exercises')) ?? '[]') as { id: string }[]
    ).map((e) => e.id);
    await page.evaluate((ids) => {
      localStorage.setItem('micrograd:visited:derivatives', '1');
      localStorage.setItem('micrograd:passed:derivatives', JSON.stringify(ids));
    }, ids);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('lessons/manual-gradients/');
      if (width === 360) await page.getByRole('button', { name: 'Chapters and sections' }).click();
      await expect(sidebar(page).getByRole('link').first()).toHaveAccessibleName(/all exercises passed/);
      expect(await axeViolations(page, { include: ['[data-chapter-nav]', '.katex-display'], label: `at ${width} px` })).toEqual([]);
    }
    await page.goto('./');
    expect(await axeViolations(page, { include: '#chapters', label: 'home' })).toEqual([]);
  });

  test('on a wide screen it is always open, with no button', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('lessons/manual-gradients/');
    await expect(page.getByRole('button', { name: 'Chapters and sections' })).toBeHidden();
    await expect(sidebar(page).getByRole('link').first()).toBeVisible();
  });

  test('"On this page" lists the h2 sections of a long chapter and jumps to them', async ({ page }) => {
    await page.goto('lessons/manual-gradients/');
    const outline = page.getByRole('navigation', { name: 'On this page' });
    const h2 = await page.locator('article h2').allInnerTexts();
    expect(h2.length).toBeGreaterThanOrEqual(3);
    await expect(outline.getByRole('link')).toHaveText(h2.map((t) => t.trim()));
    await outline.getByRole('link').nth(1).click();
    await expect(page).toHaveURL(new RegExp(`#${await page.locator('article h2').nth(1).getAttribute('id')}$`));
    await expect(page.locator('article h2').nth(1)).toBeInViewport();
  });
});

test("the gallery of bugs reads as an appendix: its header, the home page's list, the sidebar and its search title say Appendix, never Chapter 11", async ({
  page,
}) => {
  await page.goto('lessons/bugs-gallery/');
  const header = page.locator('.lesson-header');
  await expect(header.locator('.chapter-number')).toHaveText('Appendix');
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('A gallery of bugs');
  await expect(header).not.toContainText('Chapter 11');
  await expect(page.locator('article')).toHaveAttribute('data-search-title', 'Appendix: A gallery of bugs');
  await expect(sidebar(page).getByRole('link', { name: /gallery of bugs/ })).toHaveAccessibleName(/^Appendix:\s*A gallery of bugs/);
  await page.goto('./');
  const item = page.locator('#chapters').getByRole('listitem').filter({ hasText: 'A gallery of bugs' });
  await expect(item.locator('.chapter-list-number')).toHaveText('Appendix');
  await expect(page.locator('#chapters')).not.toContainText('Chapter 11');
  await expect(page.getByText(/^10 chapters of 20 to 40 minutes each, .*, and an appendix\.$/)).toBeVisible();
});

test('previous and next links walk chapters 1 to 10, the appendix and then the playground', async ({ page }) => {
  await page.goto(`lessons/${CHAPTERS[0]}/`);
  await expect(pager(page).locator('a[rel="prev"]')).toHaveCount(0);
  // The last of CHAPTERS is the appendix: it takes no number, and the playground takes the next one.
  const numbered = CHAPTERS.length - 1;
  for (let i = 1; i < CHAPTERS.length; i++) {
    const label = i < numbered ? `chapter ${i + 1}` : 'appendix';
    await expect(pager(page).locator('a[rel="next"] .pager-label')).toHaveText(`Next: ${label}`);
    await pager(page).locator('a[rel="next"]').click();
    await expect(page).toHaveURL(new RegExp(`/lessons/${CHAPTERS[i]}/$`));
    await expect(page.locator('.lesson-header .chapter-number')).toHaveText(i < numbered ? `Chapter ${i + 1}` : 'Appendix');
  }
  await expect(pager(page).locator('a[rel="prev"] .pager-label')).toHaveText(`Previous: chapter ${numbered}`);
  const next = pager(page).locator('a[rel="next"]');
  await expect(next).toContainText(`Next: chapter ${numbered + 1}`);
  await expect(next).toContainText('Playground');
  await pager(page).locator('a[rel="prev"]').click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${CHAPTERS[CHAPTERS.length - 2]}/$`));
  await page.goBack();
  await pager(page).locator('a[rel="next"]').click();
  await expect(page).toHaveURL(/\/playground\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Playground');
});

test('display math scrolls inside its own box at 360 px (chapter 2)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('lessons/manual-gradients/');
  const boxes = page.locator('.katex-display');
  expect(await boxes.count()).toBeGreaterThan(0);
  // Measure once the formulas' fonts are in, as a reader sees them.
  await page.evaluate(() => document.fonts.ready);
  const measure = () =>
    boxes.evaluateAll((els) =>
      els.map((e) => ({
        right: e.getBoundingClientRect().right,
        scroll: e.scrollWidth,
        client: e.clientWidth,
        overflowX: getComputedStyle(e).overflowX,
        tabIndex: (e as HTMLElement).tabIndex,
      })),
    );
  // A box that scrolls can be reached and scrolled by keyboard (the page marks them a frame later).
  await expect.poll(async () => (await measure()).filter((w) => w.scroll > w.client && w.tabIndex !== 0).length).toBe(0);
  const widths = await measure();
  for (const w of widths) {
    expect(w.right).toBeLessThanOrEqual(360);
    expect(w.overflowX).toBe('auto');
  }
  // At least one formula is wider than the screen, and scrolls inside its box.
  expect(widths.some((w) => w.scroll > w.client)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test.describe('draw(v) beyond 500 values', () => {
  async function run(page: Page, code: string): Promise<Locator> {
    await page.goto('playground/');
    await typeInto(page, 1, code);
    const c = cell(page, 1);
    await c.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(c).toHaveAttribute('data-status', /^(done|error)$/, { timeout: 15_000 });
    return c;
  }

  test('600 values show as a table with a message, captioned with the label', async ({ page }) => {
    const c = await run(
      page,
      // 1 + 299 leaves + 299 sums + tanh = 600 values.
      "let s = new Value(0, [], '', 's0');\nfor (let i = 1; i < 300; i++) s = s.add(new Value(i, [], '', `x${i}`));\nconst o = s.tanh(); o.label = 'total';\ndraw(o, 'a long sum');",
    );
    await expect(c).toHaveAttribute('data-status', 'done');
    const figure = c.getByRole('figure', { name: 'a long sum' });
    await expect(figure).toBeVisible({ timeout: 15_000 });
    await expect(figure.getByText(/This graph has 600 values, more than the 500 that can be drawn readably/)).toBeVisible();
    await expect(figure.getByRole('table')).toBeVisible();
    await expect(figure.getByRole('row')).toHaveCount(601); // a header and 600 values
    await expect(figure.getByRole('row', { name: /total/ })).toHaveCount(1);
  });

  test('more than 5000 values is a clear error', async ({ page }) => {
    const c = await run(page, 'let s = new Value(0);\nfor (let i = 0; i < 3000; i++) s = s.add(i);\ndraw(s);');
    await expect(c).toHaveAttribute('data-status', 'error');
    await expect(output(page, 1)).toContainText('draw: this graph has more than 5000 values, too many to show');
  });
});
