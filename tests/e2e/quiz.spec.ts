import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { watchForProblems } from './problems.ts';
import { followRequests } from './settled.ts';

// One prediction mechanism (issue 26, item 11): chapter 2's grads, filled in
// by hand on its L graph through Predict first (the same fields, checking
// and review as every graph), and chapter 5's topological order asking which
// value it appends, its misses re-asked on /review/.
const CHAPTER_2 = 'lessons/manual-gradients/';
const CHAPTER_5 = 'lessons/topological-sort/';
const HAND = /^L = \(a·b \+ c\)·f: fill in every grad/;
const HOUR = 3600_000;

const button = (where: Locator, name: string) => where.getByRole('button', { name, exact: true });
const field = (figure: Locator, label: string) => figure.getByRole('spinbutton', { name: `predicted grad of ${label}`, exact: true });
const grad = (figure: Locator, label: string) => figure.locator(`g.value[data-label="${label}"] text.grad`);
const due = (page: Page) => page.getByRole('list', { name: 'Due now' }).getByRole('listitem');

async function later(page: Page, hours: number): Promise<void> {
  await page.clock.setFixedTime(Date.now() + hours * HOUR);
}

/**
 * axe finds nothing in `include` (the quiz's figure or widget; quality.spec scans each
 * whole page once per scheme), light and dark.
 */
async function expectAxeClean(page: Page, include: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await axeViolations(page, { include, label: scheme })).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Chapter 2's L graph, by hand, scrolled into view and hydrated. */
async function openHand(page: Page): Promise<Locator> {
  await page.goto(CHAPTER_2);
  const figure = page.getByRole('figure', { name: HAND });
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
  return figure;
}

/** Step forward from the keyboard: focus the button, Enter; the question that appears takes focus. */
async function stepForward(page: Page, figure: Locator): Promise<void> {
  await button(figure, 'step forward').focus();
  await page.keyboard.press('Enter');
  await expect(figure.locator('form.predict input').first()).toBeFocused();
}

test.describe("chapter 2's grads, by hand on the L graph", () => {
  test('asks L first, then each operation’s inputs from L back; a wrong grad gets the rule, a retry is checked, all from the keyboard', async ({
    page,
  }) => {
    const problems = watchForProblems(page);
    const figure = await openHand(page);
    // Before _backward is taught: no calls, no base-case button, no closures; Predict first is on.
    await expect(figure.getByRole('button', { name: /_backward\(\)|set grad|^backward\(\)$/ })).toHaveCount(0);
    await expect(button(figure, 'Predict first')).toHaveAttribute('aria-pressed', 'true');
    await expect(grad(figure, 'L')).toHaveText('grad 0.0000');

    await stepForward(page, figure);
    await expect(field(figure, 'L')).toBeFocused();
    await expect(grad(figure, 'L')).toHaveText('grad 0.0000'); // not shown before it is answered
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect(figure.getByText('✓ right')).toBeVisible();
    await expect(grad(figure, 'L')).toHaveText('grad 1.0000');

    await stepForward(page, figure);
    await expect(figure.locator('form.predict')).toContainText('L = d * f, and the grad of L is 1: what are the grads of its inputs?');
    await expect(field(figure, 'd')).toBeFocused();
    await page.keyboard.type('-2');
    await page.keyboard.press('Tab');
    await expect(field(figure, 'f')).toBeFocused();
    await page.keyboard.type('-2');
    await page.keyboard.press('Enter');
    await expect(field(figure, 'd')).toHaveAttribute('aria-invalid', 'false');
    await expect(field(figure, 'f')).toHaveAttribute('aria-invalid', 'true');
    await expect(figure.locator('form.predict .rule')).toHaveText('f.grad += d.data × L.grad → 0 + 4 × 1 = 4; you wrote -2');
    await expect(grad(figure, 'f')).toHaveText('grad 4.0000');
    // The retry is marked again.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect(field(figure, 'f')).toHaveAttribute('aria-invalid', 'false');
    await expect(figure.locator('form.predict .rule')).toHaveCount(0);

    // d = e + c copies d's grad; e = a·b swaps the data. Tab past Check goes on to the next question.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(button(figure, 'Next grads')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(field(figure, 'e')).toBeFocused();
    await expect(figure.locator('form.predict')).toContainText('d = e + c, and the grad of d is -2');
    await field(figure, 'e').fill('-2');
    await field(figure, 'c').fill('-2');
    await page.keyboard.press('Enter');
    await stepForward(page, figure);
    await field(figure, 'a').fill('6');
    await field(figure, 'b').fill('-4');
    await page.keyboard.press('Enter');
    for (const [label, value] of Object.entries({ L: '1', f: '4', d: '-2', c: '-2', e: '-2', a: '6', b: '-4' }))
      await expect(grad(figure, label), label).toHaveText(`grad ${Number(value).toFixed(4)}`);
    await expect(figure.getByText('6 of 7 predicted')).toBeVisible();
    await expect(button(figure, 'step forward')).toBeDisabled();
    await expect(button(figure, 'Next grads')).toHaveCount(0);

    // Step back undoes the last operation's grads.
    await button(figure, 'step back').click();
    await expect(grad(figure, 'a')).toHaveText('grad 0.0000');
    await expect(grad(figure, 'e')).toHaveText('grad -2.0000');
    expect(problems).toEqual([]);
  });

  test('axe finds nothing with the fields open and marked, light and dark, and they fit 390 px', async ({ page }) => {
    const figure = await openHand(page);
    await stepForward(page, figure);
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect(field(figure, 'L')).toHaveAttribute('aria-invalid', 'true');
    await stepForward(page, figure);
    await expect(field(figure, 'd')).toBeFocused();
    await expectAxeClean(page, 'figure.graph-view');
    // At 390 px the question and its marks stay on the screen, nothing cut at the right.
    await page.setViewportSize({ width: 390, height: 844 });
    const form = figure.locator('form.predict');
    await form.scrollIntoViewIfNeeded();
    const right = await form.evaluate((f) => Math.max(...[f, ...f.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
  });

  test('a missed grad comes back on /review/ and is asked there again, checked as the graph checks it', async ({ page }) => {
    const figure = await openHand(page);
    await stepForward(page, figure);
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await stepForward(page, figure);
    await field(figure, 'd').fill('-2');
    await field(figure, 'f').fill('-2');
    await page.keyboard.press('Enter');
    await expect(field(figure, 'f')).toHaveAttribute('aria-invalid', 'true');

    await later(page, 25);
    await page.goto('review/');
    await expect(page.locator('[data-review-summary]')).toHaveText('1 due now, oldest first.');
    const item = due(page).first();
    await expect(item).toContainText('L = d * f. Before L._backward() runs');
    await expect(item).toContainText('After it, what is the grad of f?');
    await expect(item.getByRole('link', { name: /^Chapter 2: / })).toHaveAttribute('href', /\/lessons\/manual-gradients\/#[\w-]+$/);
    await item.getByRole('textbox', { name: 'Your answer (a number)' }).fill('-2');
    await item.getByRole('button', { name: 'Check' }).click();
    await expect(item.getByRole('status')).toHaveText(/^✗ Not quite: the answer is 4\./);
  });

  test("the old quiz's kept misses are asked again under the graph, and one it cannot place is dropped, not a crash", async ({ page }) => {
    const problems = watchForProblems(page);
    await page.goto('review/');
    await page.evaluate(() => {
      const t = Date.now() - 1000;
      const old = (node: string, want: number) => ({
        id: `widget:GradQuiz/${node}`,
        source: 'widget:GradQuiz',
        question: `L = (a·b + c)·f, with a = 2, b = −3, c = 10 and f = −2. What is the grad of ${node}?`,
        check: { kind: 'number', want },
        step: 0,
        due: t,
        missed: t,
      });
      const items = { 'widget:GradQuiz/e': old('e', -2), 'widget:GradQuiz/q': old('q', 1) };
      localStorage.setItem('micrograd:review:manual-gradients', JSON.stringify(items));
    });
    await page.reload();
    await expect(page.locator('[data-review-summary]')).toHaveText('1 due now, oldest first. 1 dropped: its chapter no longer has it.');
    const item = due(page).first();
    await expect(item).toContainText('What is the grad of e?');
    await item.getByRole('textbox', { name: 'Your answer (a number)' }).fill('−2');
    await item.getByRole('button', { name: 'Check' }).click();
    await expect(item.getByRole('status')).toHaveText('✓ Right. It comes back in 3 days.');
    // Kept from now on under the id the graph gives the same question.
    const kept = await page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('micrograd:review:manual-gradients') ?? '{}')));
    expect(kept).toEqual(['widget:GraphView:L/d._backward/e']);
    expect(problems).toEqual([]);
  });
});

test.describe("chapter 5's topological order asks too", () => {
  test('with Predict first on, a wrong value appended is marked with the rule, and re-asked on /review/', async ({ page }) => {
    const problems = watchForProblems(page);
    const requests = followRequests(page);
    await page.goto(CHAPTER_5);
    const w = page.getByRole('region', { name: 'Topological order, step by step', exact: true });
    await w.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island', { has: w })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
    const toggle = button(w, 'Predict first');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');

    // Visits ask nothing: o, n, the sum, x1*w1 and x1 are visited; the next step appends x1, and asks first.
    const answer = w.getByRole('textbox', { name: 'predicted value appended next', exact: true });
    for (let i = 0; i < 6; i++) {
      await expect(answer).toHaveCount(0);
      await button(w, 'Next step').click();
    }
    await expect(answer).toBeFocused();
    await expect(button(w, 'Next step')).toBeDisabled();
    await expectAxeClean(page, 'section.widget.topo');
    await answer.focus();
    await expect(w.getByTestId('topo-order')).toHaveCount(0); // nothing appended before the answer
    await page.keyboard.type('w1');
    await page.keyboard.press('Enter');
    await expect(w.getByTestId('topo-mark')).toHaveText(
      '✗ not quite: x1 is on top of the stack, marked done, and has no inputs to wait for, so it is appended next; you wrote w1',
    );
    await expect(w.getByTestId('topo-order').getByRole('listitem')).toHaveText(['x1']);
    await expectAxeClean(page, 'section.widget.topo');

    // The next append, w1 (after its visit), answered right.
    await button(w, 'Next step').click();
    await button(w, 'Next step').click();
    await answer.fill('w1');
    await button(w, 'Check').click();
    await expect(w.getByTestId('topo-mark')).toHaveText('✓ right: w1 is appended.');
    // Leaving while the page still fetches what it scrolled into view would abort those requests.
    await requests.quiet();

    await later(page, 25);
    await page.goto('review/');
    await expect(due(page)).toHaveCount(1);
    const item = due(page).first();
    await expect(item).toContainText('The order so far: empty. The stack, top first: [x1, true], [w1, false]');
    await expect(item.getByRole('link', { name: /^Chapter 5: / })).toHaveAttribute('href', /\/lessons\/topological-sort\//);
    await item.getByRole('textbox', { name: "Your answer (a value's name)" }).fill('x1');
    await item.getByRole('button', { name: 'Check' }).click();
    await expect(item.getByRole('status')).toHaveText('✓ Right. It comes back in 3 days.');
    expect(problems).toEqual([]);
  });
});
