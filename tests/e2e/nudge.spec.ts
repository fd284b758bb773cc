import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { typeInto } from './cell-helpers.ts';
import { button, grad, node, openExample, runAndDraw } from './graph-helpers.ts';

// Nudging a leaf (issue 26, item 9): on a graph of the engine's Values a
// leaf's data is a field; every value after it is computed again, and the
// output's change over the nudge shows beside the leaf's grad. A what-if: a
// step ends it, and the step log is as it was.

/** The lecture's neuron with the engine's Value, its grads filled in by backward(). */
const NEURON = `const x1 = new Value(2.0, [], '', 'x1');
const x2 = new Value(0.0, [], '', 'x2');
const w1 = new Value(-3.0, [], '', 'w1');
const w2 = new Value(1.0, [], '', 'w2');
const b = new Value(6.8813735870195432, [], '', 'b');
const x1w1 = x1.mul(w1); x1w1.label = 'x1*w1';
const x2w2 = x2.mul(w2); x2w2.label = 'x2*w2';
const s = x1w1.add(x2w2); s.label = 'x1*w1 + x2*w2';
const n = s.add(b); n.label = 'n';
const o = n.tanh(); o.label = 'o';
o.backward();
draw(o);`;

async function drawInPlayground(page: Page, code: string): Promise<Locator> {
  await page.goto('playground/');
  await typeInto(page, 1, code);
  return runAndDraw(page, 1);
}

const dataText = (figure: Locator, label: string) => node(figure, label).locator('text.data');
const slopeOf = (figure: Locator) => figure.getByRole('status', { name: 'change of o / nudge', exact: true });

async function allData(figure: Locator): Promise<string[]> {
  return figure.locator('g.value text.data').allTextContents();
}

test('nudging x1 of the neuron by 0.001 shows a slope within 0.01 of its grad, -1.5; Reset gives the graph back', async ({ page }) => {
  const figure = await drawInPlayground(page, NEURON);
  const original = await allData(figure);
  await button(figure, 'Nudge').click();
  await expect(button(figure, 'Nudge')).toHaveAttribute('aria-pressed', 'true');
  const x1 = figure.getByRole('spinbutton', { name: 'data of x1', exact: true });
  await expect(x1).toHaveValue('2');
  await x1.fill('2.001');
  // Every value after x1 is computed again.
  await expect(dataText(figure, 'x1*w1')).toHaveText('data -6.0030');
  await expect(dataText(figure, 'o')).toHaveText('data 0.7056');
  await expect(dataText(figure, 'x2*w2')).toHaveText('data 0.0000');
  const slope = Number(await slopeOf(figure).textContent());
  expect(Math.abs(slope - -1.5)).toBeLessThan(0.01);
  // Beside it, the grad backward() gave.
  const readout = figure.getByRole('group', { name: 'Nudge a leaf' });
  await expect(readout.locator('div', { has: page.getByText('x1.grad', { exact: true }) }).locator('dd')).toHaveText('-1.5000');
  await expect(grad(figure, 'x1')).toHaveText('grad -1.5000');

  await button(figure, 'Reset x1').click();
  await expect(x1).toHaveValue('2');
  await expect.poll(() => allData(figure)).toEqual(original);
  await expect(slopeOf(figure)).toHaveCount(0);

  // Setting the leaf back by hand gives the original drawing too; so does Escape.
  await x1.fill('5');
  await expect(dataText(figure, 'o')).not.toHaveText('data 0.7071');
  await x1.fill('2');
  await expect.poll(() => allData(figure)).toEqual(original);
  await x1.fill('3');
  await x1.press('Escape');
  await expect.poll(() => allData(figure)).toEqual(original);
  await expect(x1).toHaveValue('2');
});

test('the arrow keys step a leaf, and nudging another leaf sets the first back', async ({ page }) => {
  const figure = await drawInPlayground(page, NEURON);
  await button(figure, 'Nudge').click();
  const w2 = figure.getByRole('spinbutton', { name: 'data of w2', exact: true });
  await w2.press('ArrowUp');
  await expect(w2).toHaveValue('1.01');
  // x2 is 0, so w2 changes nothing: a slope of 0, as its grad says.
  await expect(slopeOf(figure)).toHaveText('0.0000');
  const x2 = figure.getByRole('spinbutton', { name: 'data of x2', exact: true });
  await x2.fill('0.001');
  await expect(w2).toHaveValue('1');
  const slope = Number(await slopeOf(figure).textContent());
  expect(Math.abs(slope - 0.5)).toBeLessThan(0.01);
});

test('a step ends the nudge, and step back and forth still restore the grads exactly', async ({ page }) => {
  await page.goto('./');
  const figure = await openExample(page, /A neuron/);
  // set grad = 1, then o's and n's calls.
  for (let i = 0; i < 3; i++) await button(figure, 'step forward').click();
  await expect(grad(figure, 'b')).toHaveText('grad 0.5000');
  const original = await allData(figure);

  await button(figure, 'Nudge').click();
  await figure.getByRole('spinbutton', { name: 'data of b', exact: true }).fill('6.8824');
  await expect(dataText(figure, 'n')).toHaveText('data 0.8824');
  await expect(slopeOf(figure)).toHaveText(/^0\.49/);

  await button(figure, 'step back').click();
  // The drawing shows the live values again: the nudge is over, its field back to b's data.
  await expect(grad(figure, 'b')).toHaveText('grad 0.0000');
  await expect.poll(() => allData(figure)).toEqual(original);
  await expect(figure.getByRole('spinbutton', { name: 'data of b', exact: true })).toHaveValue('6.8814');
  await expect(slopeOf(figure)).toHaveCount(0);
  await button(figure, 'step forward').click();
  await expect(grad(figure, 'b')).toHaveText('grad 0.5000');
  await expect(grad(figure, 'n')).toHaveText('grad 0.5000');
});

test('keyboard alone: Nudge, Tab to a leaf, ↑ steps it, and Nudge off gives the graph back', async ({ page }) => {
  await page.goto('./');
  const figure = await openExample(page, /A neuron/);
  const original = await allData(figure);
  await button(figure, 'Nudge').focus();
  await page.keyboard.press('Enter');
  const x1 = figure.getByRole('spinbutton', { name: 'data of x1', exact: true });
  await expect(x1).toBeVisible();
  // Tab order: the view's controls, the drawing, its call buttons, then the leaves' fields.
  for (let i = 0; i < 40 && !(await x1.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(x1).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(x1).toHaveValue('2.01');
  await expect(dataText(figure, 'x1*w1')).toHaveText('data -6.0300');
  await expect(slopeOf(figure)).toHaveText(/^-1\.5/);
  await button(figure, 'Nudge').focus();
  await page.keyboard.press('Enter');
  await expect(button(figure, 'Nudge')).toHaveAttribute('aria-pressed', 'false');
  await expect(x1).toHaveCount(0);
  await expect.poll(() => allData(figure)).toEqual(original);
});

test("a reader's own class is not offered a nudge: its ops' forward rules are its own", async ({ page }) => {
  const figure = await drawInPlayground(
    page,
    `class V { data: number; grad = 0; _prev: V[]; _op: string; label: string; _backward = () => {};
  constructor(data: number, prev: V[] = [], op = '', label = '') { this.data = data; this._prev = prev; this._op = op; this.label = label; }
  mul(o: V) { return new V(this.data * o.data + 1, [this, o], '*'); } }
draw(new V(2, [], '', 'a').mul(new V(3, [], '', 'b')));`,
  );
  await expect(button(figure, 'Table')).toBeVisible();
  await expect(button(figure, 'Nudge')).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`with a leaf nudged, axe finds nothing in the graph (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('lessons/manual-gradients/');
    const figure = await openExample(page, /^A neuron/);
    await button(figure, 'Nudge').click();
    await figure.getByRole('spinbutton', { name: 'data of w1', exact: true }).fill('-2.999');
    await expect(figure.getByRole('status', { name: 'change of o / nudge' })).toHaveText(/^(0\.99|1\.00)/);
    expect(await axeViolations(page, { include: 'figure.graph-view', label: colorScheme })).toEqual([]);
  });
}
