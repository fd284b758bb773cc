// Chapter 9's training lab on the built site: the reader's points, network and
// training, the history, the address that reproduces a run, the bugs to switch
// on, the keyboard, and axe in both schemes.

import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { watchForProblems } from './problems.ts';
import { generate } from '../../src/widgets/training/datasets.ts';
import { cell, typeInto } from './cell-helpers.ts';

const percentOf = async (l: Locator) => Number((await l.innerText()).replace('%', ''));
const stepOf = async (lab: Locator) => Number((await lab.getByTestId('lab-step').innerText()).split(' ')[0]);

/** Chapter 9 with the lab scrolled into view and hydrated. */
async function openLab(page: Page, path = 'lessons/training/'): Promise<Locator> {
  await page.goto(path);
  const lab = page.getByRole('region', { name: 'Training lab', exact: true });
  await lab.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: lab })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
  return lab;
}

/** Sets a number input the way a reader does: type, then leave it (its change event). */
async function setNumber(lab: Locator, name: string, value: number): Promise<void> {
  const input = lab.getByRole('spinbutton', { name, exact: true });
  await input.fill(String(value));
  await input.press('Enter');
  await input.blur();
  await expect(input).toHaveValue(String(value));
}

test.describe('TrainingLab (chapter 9)', () => {
  test('three clicks on the plot add three points of the chosen class, counted', async ({ page }) => {
    const errors = watchForProblems(page);
    const lab = await openLab(page);
    await expect(lab.getByTestId('lab-points')).toHaveText('100 points, 25 more held out for testing (Moons)');
    const plot = lab.getByRole('application', { name: 'Data points' });
    await lab.getByRole('radio', { name: '−1 (squares)' }).check();
    const box = (await plot.boundingBox())!;
    // The top corners are empty on the moons.
    for (const [fx, fy] of [
      [0.05, 0.05],
      [0.1, 0.08],
      [0.95, 0.06],
    ])
      await plot.click({ position: { x: box.width * fx, y: box.height * fy } });
    await expect(lab.getByTestId('lab-points')).toHaveText('103 points (Your points)');
    // A click on a point that does not move it chooses it, for its graph.
    const { xs, bounds } = generate('moons', 100, 0.1);
    const [px, py] = xs[4];
    const at = {
      x: ((px - bounds.xMin) / (bounds.xMax - bounds.xMin)) * box.width,
      y: ((bounds.yMax - py) / (bounds.yMax - bounds.yMin)) * box.height,
    };
    await plot.click({ position: at });
    await expect(lab.getByRole('spinbutton', { name: 'Point number' })).toHaveValue('5');
    await expect(lab.getByTestId('lab-points')).toHaveText('103 points (Your points)');
    await expect(lab.getByRole('combobox', { name: 'Data set' })).toHaveValue('yours');
    // In erase mode a click on a point removes it.
    await lab.getByRole('checkbox', { name: 'Erase points' }).check();
    await plot.click({ position: { x: box.width * 0.95, y: box.height * 0.06 } });
    await expect(lab.getByTestId('lab-points')).toHaveText('102 points (Your points)');
    expect(errors).toEqual([]);
  });

  test('XOR with 2 hidden layers of 4 tanh neurons trains to 95 %; scrubbing back shows step 10', async ({ page }) => {
    const errors = watchForProblems(page);
    const lab = await openLab(page);
    await lab.getByRole('combobox', { name: 'Data set' }).selectOption({ label: 'XOR' });
    await setNumber(lab, 'Hidden layers', 2);
    await setNumber(lab, 'Neurons per layer', 4);
    await lab.getByRole('combobox', { name: 'Activation' }).selectOption({ label: 'tanh' });
    await expect(lab.getByRole('button', { name: /^Neuron / })).toHaveCount(9);
    // A few steps one at a time, noting the accuracy each shows.
    const seen: string[] = [];
    for (let k = 1; k <= 12; k++) {
      await lab.getByRole('button', { name: 'One step' }).click();
      await expect(lab.getByTestId('lab-step')).toHaveText(String(k));
      seen.push(await lab.getByTestId('lab-accuracy').innerText());
    }
    // At 60 steps a second, slow enough that every step's parameters are still kept
    // when 95 % is reached (the history thins out past 400).
    const speed = lab.getByRole('slider', { name: 'Speed' });
    await speed.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(speed).toHaveAttribute('aria-valuetext', '60 steps a second');
    await lab.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => percentOf(lab.getByTestId('lab-accuracy')), { timeout: 30_000 }).toBeGreaterThanOrEqual(95);
    await lab.getByRole('button', { name: 'Pause' }).click();
    await expect(lab.getByTestId('lab-status')).toHaveText('Paused.');
    const steps = await stepOf(lab);

    const timeline = lab.getByRole('slider', { name: 'Training history' });
    await timeline.focus();
    await page.keyboard.press('Home');
    await expect(lab.getByTestId('lab-step')).toHaveText(`0 of ${steps}`);
    for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
    await expect(lab.getByTestId('lab-step')).toHaveText(`10 of ${steps}`);
    await expect(lab.getByTestId('lab-accuracy')).toHaveText(seen[9]);
    await expect(lab.getByTestId('loss-marker')).toHaveAttribute('data-step', '10');
    await expect(lab.getByRole('img', { name: /marked: step 10, loss/ })).toBeVisible();
    await expect(lab.getByTestId('lab-status')).toHaveText(`Showing step 10 of ${steps}; training goes on from step ${steps}.`);
    await page.keyboard.press('End');
    await expect(lab.getByTestId('lab-step')).toHaveText(String(steps));
    expect(errors).toEqual([]);
  });

  test('the address reproduces the lab in a fresh context, and does not train until asked', async ({ page, browser }) => {
    const lab = await openLab(page);
    await lab.getByRole('combobox', { name: 'Data set' }).selectOption({ label: 'Circles' });
    await setNumber(lab, 'Hidden layers', 1);
    await setNumber(lab, 'Seed', 7);
    const url = page.url();
    expect(url).toContain('#lab=moons&');

    const context = await browser.newContext();
    const fresh = await context.newPage();
    // The link names no element: the page scrolls the lab into view itself, and the lab wakes there.
    await fresh.goto(url);
    await expect(fresh.locator('#lab-moons')).toBeInViewport({ ratio: 0.2 });
    const again = await openLab(fresh, url);
    await expect(again.getByRole('combobox', { name: 'Data set' })).toHaveValue('circles');
    await expect(again.getByRole('spinbutton', { name: 'Hidden layers' })).toHaveValue('1');
    await expect(again.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7');
    await expect(again.getByTestId('lab-points')).toHaveText('100 points, 25 more held out for testing (Circles)');
    // Opened from a link, the lab must not train by itself; nothing on the page can say it never
    // will, so it gets a second, in which a started lab counts dozens of steps.
    await fresh.waitForTimeout(1000);
    await expect(again.getByTestId('lab-step')).toHaveText('0');
    await expect(again.getByTestId('lab-status')).toHaveText('Not started.');
    // The same seed draws the same starting network: the same untrained accuracy.
    await expect(again.getByTestId('lab-accuracy')).toHaveText(await lab.getByTestId('lab-accuracy').innerText());
    await context.close();
  });

  test('forgetting to zero the grads makes the loss go another way than the healthy run', async ({ page }) => {
    const lab = await openLab(page);
    const loss = lab.getByTestId('lab-loss');
    const fiveSteps = async () => {
      for (let k = 1; k <= 5; k++) {
        await lab.getByRole('button', { name: 'One step' }).click();
        await expect(lab.getByTestId('lab-step')).toHaveText(String(k));
      }
      return loss.innerText();
    };
    const healthy = await fiveSteps();
    await lab.getByRole('checkbox', { name: 'Forget to zero the grads' }).check();
    await expect(lab.getByTestId('lab-step')).toHaveText('0');
    const forgetful = await fiveSteps();
    expect(forgetful).not.toBe(healthy);
    await lab.getByRole('checkbox', { name: 'Forget to zero the grads' }).uncheck();
    expect(await fiveSteps()).toBe(healthy);
  });

  test('keyboard alone: add a point, train, pause, scrub', async ({ page }) => {
    const lab = await openLab(page);
    await lab.getByRole('application', { name: 'Data points' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(lab.getByTestId('lab-points')).toHaveText('101 points (Your points)');
    await lab.getByRole('button', { name: 'Start training' }).focus();
    await page.keyboard.press('Enter');
    await expect(lab.getByTestId('lab-status')).toHaveText('Training…');
    await expect.poll(() => stepOf(lab), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    await expect(lab.getByRole('button', { name: 'Pause' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(lab.getByTestId('lab-status')).toHaveText('Paused.');
    const steps = await stepOf(lab);
    await lab.getByRole('slider', { name: 'Training history' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(lab.getByTestId('lab-step')).toHaveText(new RegExp(` of ${steps}$`));
  });

  test('trains in a worker while the page stays usable, pauses off screen, and Reset brings back step 0', async ({ page }) => {
    const errors = watchForProblems(page);
    const lab = await openLab(page);
    const picture = () => lab.locator('canvas[data-draws]').evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    const untrained = await picture();
    await lab.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => stepOf(lab), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    // Hovering or focusing a neuron shows its formula with its numbers; a click keeps it.
    await lab.getByRole('button', { name: 'Neuron h2.2', exact: true }).hover();
    await expect(lab.getByTestId('neuron-detail')).toContainText('h2.2 = relu(');
    await lab.getByRole('button', { name: 'Neuron h1.4', exact: true }).focus();
    await expect(lab.getByTestId('neuron-detail')).toContainText('h1.4 = relu(');
    // A neuron chosen while it trains shows its formula.
    await lab.getByRole('button', { name: 'Neuron h1.1', exact: true }).click();
    await expect(lab.getByTestId('neuron-detail')).toContainText('h1.1 = relu(');
    await expect(lab.getByTestId('lab-accuracy')).toHaveText('100%', { timeout: 20_000 });
    expect(await picture()).not.toBe(untrained);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(lab.getByTestId('lab-status')).toHaveText('Paused while off screen.');
    await lab.scrollIntoViewIfNeeded();
    await expect(lab.getByTestId('lab-status')).toHaveText('Training…');
    await lab.getByRole('button', { name: 'Reset network' }).click();
    // Long enough for any step the worker sent before it read Reset to land: none may count.
    await page.waitForTimeout(800);
    await expect(lab.getByTestId('lab-step')).toHaveText('0');
    await expect(lab.getByRole('button', { name: 'Start training' })).toBeVisible();
    await expect(lab.getByTestId('lab-status')).toHaveText('Not started.');
    expect(errors).toEqual([]);
  });

  test('a point chosen on the plot opens its graph in the step-through; one _backward call is explained', async ({ page }) => {
    const errors = watchForProblems(page);
    const lab = await openLab(page);
    for (let k = 1; k <= 3; k++) await lab.getByRole('button', { name: 'One step' }).click();
    await expect(lab.getByTestId('lab-step')).toHaveText('3');
    // Point 7, by its number (clicking a point on the plot chooses it too: see the keyboard test).
    const number = lab.getByRole('spinbutton', { name: 'Point number' });
    await number.fill('7');
    await number.press('Enter');
    await lab.getByRole('button', { name: "Open this point's graph" }).click();
    const graph = lab.getByRole('img', { name: /^Computation graph of \d+ values: the loss of point 7 \(class .*\) at step 3$/ });
    await expect(graph).toBeVisible({ timeout: 15_000 });
    const values = Number((await graph.getAttribute('aria-label'))!.match(/of (\d+) values/)![1]);
    expect(values, 'a 2-16-16-1 network: about a thousand values').toBeGreaterThan(900);
    const figure = lab.locator('figure');
    await expect(figure.getByRole('button', { name: 'Predict first' })).toHaveAttribute('aria-pressed', 'false');
    await figure.getByRole('button', { name: 'set grad = 1', exact: true }).click();
    await figure.getByRole('button', { name: 'call loss._backward()', exact: true }).click();
    const explanation = figure.getByTestId('explanation');
    await expect(explanation).toContainText('loss._backward()');
    await expect(explanation).toContainText('term.grad');
    // A graph this large draws what is near the frame (a thousand records took half a second to
    // open): the input x, at the far left, is drawn once the reader scrolls there.
    const input = figure.locator('g.value[data-label="x"]');
    await expect(input).toHaveCount(0);
    expect(await figure.locator('g.value').count()).toBeLessThan(values / 2);
    const scroller = figure.getByRole('group', { name: 'Graph drawing, scrollable' });
    for (let top = 0; (await input.count()) === 0;) {
      const { height, clientHeight } = await scroller.evaluate((el, at) => {
        el.scrollTo({ left: 0, top: at, behavior: 'instant' });
        return { height: el.scrollHeight, clientHeight: el.clientHeight };
      }, top);
      await page.waitForTimeout(100);
      if (top > height) break;
      top += clientHeight;
    }
    await input.scrollIntoViewIfNeeded();
    await expect(input).toBeInViewport();
    expect(errors).toEqual([]);
  });

  test('axe finds nothing in either scheme, and the lab fits 390 px', async ({ page }) => {
    const lab = await openLab(page);
    await lab.getByRole('button', { name: 'One step' }).click();
    await lab.getByRole('button', { name: 'Neuron h2.1', exact: true }).click();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      expect(await axeViolations(page, { include: '#lab-moons', label: colorScheme })).toEqual([]);
    }
    await page.setViewportSize({ width: 390, height: 800 });
    await lab.scrollIntoViewIfNeeded();
    const box = (await lab.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const overflow = await lab.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("chapter 10: the lab trains with the reader's own Value, and says so when the page has none yet", async ({ page }) => {
    const errors = watchForProblems(page);
    await page.goto('lessons/making-it-fast/');
    const lab = page.locator('#lab-yours');
    await lab.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island', { has: lab })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
    await expect(lab.getByRole('combobox', { name: 'Engine' })).toHaveValue('yours');
    await expect(lab.getByRole('combobox', { name: 'Engine' }).locator('option')).toHaveText(["The site's", 'Yours']);
    // That bug is the reader's to make in their own class.
    await expect(lab.getByRole('checkbox', { name: '= instead of +=' })).toBeDisabled();
    // No cell has run: there is no Value of the reader's yet.
    await lab.getByRole('button', { name: 'Start training' }).click();
    await expect(lab.getByTestId('lab-engine-note')).toContainText('no cell on this page has defined a class Value yet');
    await expect(lab.getByRole('button', { name: 'Start training' })).toBeVisible();

    // The first cell holds the reader's engine as chapter 7 left it.
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.locator('[data-cell="1"]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('button', { name: 'Reset network' }).click();
    await lab.getByRole('button', { name: 'Start training' }).click();
    await expect(lab.getByTestId('lab-accuracy')).toHaveText('100%', { timeout: 60_000 });
    await lab.getByRole('button', { name: 'Pause' }).click();
    await expect(lab.getByTestId('lab-status')).toHaveText('Paused.');
    await expect(lab.getByTestId('lab-engine-note')).toHaveCount(0);

    // Break it as the chapter says: backward() without its base case.
    const code = await page.locator('[data-cell="1"]').getAttribute('data-code');
    const broken = code!.replace('this.grad = 1.0;', '');
    expect(broken).not.toBe(code);
    await typeInto(page, 1, broken);
    // The run goes to the cells' worker before the lab's steps do, and the worker takes them in order.
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('button', { name: 'Reset network' }).click();
    await lab.getByRole('button', { name: 'Start training' }).click();
    await expect(lab.getByTestId('lab-engine-note')).toContainText('What the lab saw: every grad is 0 while the loss is not', {
      timeout: 60_000,
    });
    expect(await percentOf(lab.getByTestId('lab-accuracy'))).toBeLessThan(100);
    expect(errors).toEqual([]);
  });
});
