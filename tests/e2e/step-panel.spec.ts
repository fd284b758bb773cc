import { test, expect, type Locator } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { button, call, explanation, grad, openExample, runAndDraw } from './graph-helpers.ts';
import { watchForProblems } from './problems.ts';

// The step panel says what is true after every move: after a step back, the
// header's "call N of M" is the number of the log entry the graph is at, on
// every kind of graph (a cell's draw(), a lesson's example, the lab's point).

const CHAPTER_3 = 'lessons/closures/';
const CHAPTER_4 = 'lessons/ordered-calls/';

async function predictOff(figure: Locator): Promise<void> {
  const toggle = button(figure, 'Predict first');
  if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
}

/** The header's N and the number on the highlighted (aria-current) entry of the log. */
async function expectHeaderAgrees(figure: Locator, n: number, name: string): Promise<void> {
  await expect(figure.getByText(new RegExp(`^Call ${n} of \\d+ in this pass: ${name.replace(/[.()]/g, '\\$&')}`))).toBeVisible();
  const current = figure.locator('.log button[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText(`${n} ${name}`);
}

test.describe('after a step back, the panel and the header say where the graph is', () => {
  test('chapter 4: the undone call is marked undone, and "call N of M" is the highlighted entry', async ({ page }) => {
    const problems = watchForProblems(page);
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await predictOff(figure);
    await button(figure, 'set grad = 1').click();
    await call(figure, 'o').click();
    await call(figure, 'n').click();
    await expect(grad(figure, 'b')).toHaveText('grad 0.5000');
    await expectHeaderAgrees(figure, 2, 'n._backward()');

    await button(figure, 'step back').click();
    await expect(grad(figure, 'b')).toHaveText('grad 0.0000');
    await expectHeaderAgrees(figure, 1, 'o._backward()');
    await expect(figure.getByText(/· 1 undone$/)).toBeVisible();
    // The panel shows the call that was undone, marked so (its lines struck through).
    await expect(explanation(figure).locator('.title')).toHaveText('n._backward()');
    await expect(explanation(figure).locator('.tag')).toHaveText('undone');

    // Back to the base case: no call is in effect.
    await button(figure, 'step back').click();
    await expect(grad(figure, 'n')).toHaveText('grad 0.0000');
    await expect(figure.getByText(/^Call 0 of 10 in this pass: o\.grad = 1 · 2 undone$/)).toBeVisible();
    await expect(figure.locator('.log button[aria-current="step"]')).toHaveText('o.grad = 1');
    expect(problems).toEqual([]);
  });

  test("chapter 9: the lab's point graph numbers its log as its header does", async ({ page }) => {
    await page.goto('lessons/training/');
    const lab = page.getByRole('region', { name: 'Training lab', exact: true });
    await lab.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island', { has: lab })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
    const number = lab.getByRole('spinbutton', { name: 'Point number' });
    await number.fill('3');
    await number.press('Enter');
    await lab.getByRole('button', { name: "Open this point's graph" }).click();
    const figure = lab.locator('figure');
    await expect(figure.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 15_000 });
    await button(figure, 'set grad = 1').click();
    for (let k = 0; k < 3; k++) await button(figure, 'step forward').click();
    await expect(figure.getByText(/^Call 3 of \d+ in this pass/)).toBeVisible();
    await button(figure, 'step back').click();
    await expect(figure.getByText(/^Call 2 of \d+ in this pass: .* · 1 undone$/)).toBeVisible();
    await expect(figure.locator('.log button[aria-current="step"]')).toHaveText(/^2 /);
  });
});

test.describe("chapters 3-5 show the closures the reader's class has there", () => {
  test("chapter 3's neuron shows tanh's closure with = and t ** 2, and a second call does not add", async ({ page }) => {
    await page.goto(CHAPTER_3);
    const figure = await openExample(page, /neuron/);
    await predictOff(figure);
    await button(figure, 'set grad = 1').click();
    await call(figure, 'o').click();
    const code = explanation(figure).locator('figure.code');
    await expect(code).toContainText('this.grad = (1 - t ** 2) * out.grad;');
    await expect(code).not.toContainText('+=');
    await expect(explanation(figure)).toContainText('n.grad = (1 - t²) × o.grad → (1 - 0.7071²) × 1 = 0.5');
    await expect(grad(figure, 'n')).toHaveText('grad 0.5000');
    // With =, calling the same closure again sets n.grad to the same number: nothing piles up.
    await call(figure, 'o').click();
    await expect(explanation(figure)).toContainText('calling it again changes nothing');
    await expect(grad(figure, 'n')).toHaveText('grad 0.5000');
  });
});

test.describe("the reader's own closure, with its numbers and what it captured", () => {
  test("chapter 3: th._backward() shows the closure's line with the numbers in, and the inspector lists this, t and out, pointing into the graph", async ({
    page,
  }) => {
    const problems = watchForProblems(page);
    await page.goto(CHAPTER_3);
    const c = page.locator('[data-cell]', { hasText: 'th.grad = 5;' });
    await c.getByRole('button', { name: 'Run' }).click();
    const figure = c.locator('figure.graph-view').last();
    await expect(figure.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 15_000 });
    await predictOff(figure);
    await button(figure, 'set grad = 1').click();
    await button(figure, 'Keep them').click(); // u.grad is still 3.932 from the cell's own call
    await expect(grad(figure, 'th')).toHaveText('grad 1.0000');
    await call(figure, 'th').click();
    await expect(grad(figure, 'u')).toHaveText('grad 0.7864');
    await expect(explanation(figure)).toContainText('this.grad = (1 - t ** 2) * out.grad → u.grad = (1 - 0.4621²) × 1 = 0.7864');

    const inspector = figure.getByRole('region', { name: 'Closure of th._backward', exact: true });
    await expect(inspector).toBeVisible();
    await expect(inspector.getByRole('listitem')).toHaveText([
      'this is u: data 0.5, grad 0.7864',
      't = 0.4621',
      'out is th: data 0.4621, grad 1',
    ]);
    // Each captured value points at its node: hover or focus marks it on the drawing.
    const u = figure.locator('g.value[data-label="u"]');
    await expect(u).not.toHaveClass(/\bactive\b/);
    await inspector.getByRole('button', { name: 'u', exact: true }).hover();
    await expect(u).toHaveClass(/\bactive\b/);
    await page.mouse.move(0, 0);
    await expect(u).not.toHaveClass(/\bactive\b/);
    await inspector.getByRole('button', { name: 'u', exact: true }).focus();
    await expect(u).toHaveClass(/\bactive\b/);
    expect(problems).toEqual([]);
  });

  test("axe finds nothing on chapter 3's neuron with the inspector open, light and dark", async ({ page }) => {
    await page.goto(CHAPTER_3);
    const figure = await openExample(page, /neuron/);
    await predictOff(figure);
    await button(figure, 'set grad = 1').click();
    await call(figure, 'o').click();
    const inspector = figure.getByRole('region', { name: 'Closure of o._backward', exact: true });
    await expect(inspector.getByRole('listitem')).toHaveText([
      'this is n: data 0.8814, grad 0.5',
      't = 0.7071',
      'out is o: data 0.7071, grad 1',
    ]);
    await inspector.getByRole('button', { name: 'n', exact: true }).focus();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      expect(await axeViolations(page, { include: 'figure.graph-view', label: colorScheme })).toEqual([]);
    }
  });
});
