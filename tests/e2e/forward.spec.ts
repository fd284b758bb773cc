import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { cell } from './cell-helpers.ts';
import { button, node, openExample } from './graph-helpers.ts';

// The forward pass replayed (issue 26, items 2 and 3): the values appear in
// the order the code made them, each op with how its data was computed; Predict
// first asks for the data; a cell's graph points at the line of the cell that
// made the value, and at the reader's closure when backward steps.
const CHAPTER_3 = 'lessons/closures/';
const NEURON = /neuron/;
/** Chapter 3's "Add copies" cell: p, q, then sum = p.add(q), with the chapter's own class Value (cell 2). */
const SUM_CELL = 3;
const CLASS_CELL = 2;

async function openNeuron(page: Page): Promise<Locator> {
  await page.goto(CHAPTER_3);
  return openExample(page, NEURON);
}

const forwardPanel = (figure: Locator) => figure.getByTestId('forward');

async function forwardMode(figure: Locator): Promise<void> {
  await button(figure, 'Forward pass').click();
  await expect(button(figure, 'Forward pass')).toHaveAttribute('aria-pressed', 'true');
  await expect(button(figure, 'Backward pass')).toHaveAttribute('aria-pressed', 'false');
}

async function predictOff(figure: Locator): Promise<void> {
  await button(figure, 'Predict first').click();
  await expect(button(figure, 'Predict first')).toHaveAttribute('aria-pressed', 'false');
}

async function steps(figure: Locator, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await button(figure, 'step forward').click();
}

test.describe("chapter 3's neuron, forward", () => {
  test("values appear in the order the code made them; n's line reads -6 + 6.8814 = 0.8814; step back and → undo and redo it", async ({
    page,
  }) => {
    const figure = await openNeuron(page);
    await predictOff(figure);
    await forwardMode(figure);
    // Nothing made yet: every value an outline without its numbers; no call buttons.
    await expect(forwardPanel(figure)).toContainText('Value 0 of 10 made');
    await expect(node(figure, 'x1').locator('text.data')).toBeHidden();
    await expect(figure.getByRole('button', { name: /^call / })).toHaveCount(0);
    // The builder makes x1, x2, w1, w2, b first: the leaves, in its order, not the drawing's.
    await steps(figure, 2);
    await expect(forwardPanel(figure)).toContainText('x2 = 0');
    await expect(node(figure, 'x2')).toHaveClass(/active/);
    await expect(node(figure, 'w1')).toHaveClass(/unmade/);
    await steps(figure, 7);
    await expect(forwardPanel(figure)).toContainText('Value 9 of 10 made');
    await expect(forwardPanel(figure).locator('code')).toHaveText('n = x1*w1 + x2*w2 + b = -6 + 6.8814 = 0.8814');
    await expect(node(figure, 'n').locator('text.data')).toBeVisible();
    await expect(node(figure, 'n')).toHaveClass(/active/);
    await expect(node(figure, 'o')).toHaveClass(/unmade/);
    await expect(node(figure, 'o').locator('text.data')).toBeHidden();

    await button(figure, 'step back').click();
    await expect(forwardPanel(figure)).toContainText('Value 8 of 10 made');
    await expect(forwardPanel(figure).locator('code')).toHaveText('x1*w1 + x2*w2 = x1*w1 + x2*w2 = -6 + 0 = -6');
    await expect(node(figure, 'n')).toHaveClass(/unmade/);

    // The arrow keys step too, from anywhere in the figure but a field.
    await figure.getByRole('group', { name: 'Graph drawing, scrollable' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(forwardPanel(figure)).toContainText('Value 9 of 10 made');
    await page.keyboard.press('ArrowRight');
    await expect(forwardPanel(figure).locator('code')).toHaveText('o = tanh(n) = tanh(0.8814) = 0.7071');
    await expect(button(figure, 'step forward')).toBeDisabled();

    // Backward then walks the same values in the opposite order: o first, then n, then what made n.
    await button(figure, 'Backward pass').click();
    await expect(figure.getByRole('button', { name: 'call o._backward()' })).toBeVisible();
    await expect(node(figure, 'o').locator('text.data')).toBeVisible();
  });

  test('Predict first asks for the data of each op (not of a leaf), marks a wrong answer with its line, then a right one', async ({
    page,
  }) => {
    const figure = await openNeuron(page);
    await expect(button(figure, 'Predict first')).toHaveAttribute('aria-pressed', 'true');
    await forwardMode(figure);
    await steps(figure, 5); // the five leaves: nothing to predict
    await expect(forwardPanel(figure)).toContainText('Value 5 of 10 made');
    await button(figure, 'step forward').click();
    const field = figure.getByRole('spinbutton', { name: 'predicted data of x1*w1' });
    await expect(field).toBeFocused();
    await expect(forwardPanel(figure)).toContainText('Value 5 of 10 made');
    await expect(node(figure, 'x1*w1').locator('text.data')).toBeHidden();
    await field.fill('-5');
    await page.keyboard.press('Enter');
    await expect(figure.getByText('✗ not quite')).toBeVisible();
    await expect(figure.getByText('x1*w1 = x1 * w1 = 2 * (-3) = -6; you wrote -5', { exact: true })).toBeVisible();
    await expect(forwardPanel(figure)).toContainText('Value 6 of 10 made');
    await field.fill('-6');
    await button(figure, 'Check').click();
    await expect(figure.getByText('✓ right')).toBeVisible();
    await expect(figure.getByText('0 of 1 predicted')).toBeVisible();

    await button(figure, 'step forward').click();
    const next = figure.getByRole('spinbutton', { name: 'predicted data of x2*w2' });
    await next.fill('0');
    await page.keyboard.press('Enter');
    await expect(figure.getByText('✓ right')).toBeVisible();
    await expect(figure.getByText('1 of 2 predicted')).toBeVisible();
    // Show me skips the question.
    await button(figure, 'step forward').click();
    await button(figure, 'Show me').click();
    await expect(forwardPanel(figure)).toContainText('Value 8 of 10 made');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds nothing in forward mode with a question open (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      const figure = await openNeuron(page);
      await forwardMode(figure);
      await steps(figure, 6);
      await expect(figure.getByRole('spinbutton', { name: 'predicted data of x1*w1' })).toBeVisible();
      expect(await axeViolations(page, { include: 'figure.graph-view', label: colorScheme })).toEqual([]);
    });
  }
});

test.describe("a cell's graph and its code point at each other", () => {
  async function drawSum(page: Page): Promise<Locator> {
    await page.goto(CHAPTER_3);
    const c = cell(page, SUM_CELL);
    await c.getByRole('button', { name: 'Run' }).click();
    const figure = c.locator('figure.graph-view').last();
    await expect(figure.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 15_000 });
    return figure;
  }
  const pointed = (page: Page, n: number) => cell(page, n).locator('[data-cell-code] .line.pointed, .cm-line.cm-pointed');

  test('each forward step marks the line that made the value, without moving the code; clicking a value marks its line', async ({
    page,
  }) => {
    const figure = await drawSum(page);
    await predictOff(figure);
    const code = cell(page, SUM_CELL).locator('[data-cell-code]');
    const before = await code.boundingBox();
    await forwardMode(figure);
    await expect(pointed(page, SUM_CELL)).toHaveCount(0);
    await steps(figure, 1);
    await expect(pointed(page, SUM_CELL)).toHaveCount(1);
    await expect(pointed(page, SUM_CELL)).toContainText("const p = new Value(2.0, [], '', 'p');");
    await steps(figure, 2);
    await expect(pointed(page, SUM_CELL)).toContainText('const sum = p.add(q);');
    await expect(forwardPanel(figure).locator('code')).toHaveText('sum = p + q = 2 + (-3) = -1');
    await expect(node(figure, 'sum')).toHaveClass(/active/);
    expect(await code.boundingBox()).toEqual(before);

    await button(figure, 'show the line that made q').click();
    await expect(pointed(page, SUM_CELL)).toHaveCount(1);
    await expect(pointed(page, SUM_CELL)).toContainText("const q = new Value(-3.0, [], '', 'q');");
    await expect(node(figure, 'q')).toHaveClass(/active/);
  });

  test("a backward call marks the reader's closure that ran, in the cell that defines the class", async ({ page }) => {
    const figure = await drawSum(page);
    await predictOff(figure);
    await figure.getByRole('button', { name: 'call sum._backward()' }).click();
    await expect(figure.getByTestId('explanation')).toContainText('sum._backward()');
    const lines = pointed(page, CLASS_CELL);
    await expect(lines.first()).toContainText('const backward = () => {');
    await expect(lines.filter({ hasText: 'this.grad = 1.0 * out.grad' })).toHaveCount(1);
    await expect(pointed(page, SUM_CELL)).toHaveCount(0);
  });
});
