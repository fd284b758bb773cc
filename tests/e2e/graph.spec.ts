import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Chapter 2 shows two static graphs: <GraphView example="L" /> and <GraphView example="neuron" />.
const CHAPTER_2 = 'lessons/manual-gradients/';
const NEURON = /neuron/;
const LECTURE = { x1: '-1.5000', w1: '1.0000', x2: '0.5000', w2: '0.0000', b: '0.5000', n: '0.5000', o: '1.0000' };

function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

/** The figure holding a graph, scrolled into view and hydrated (client:visible). */
async function openGraph(page: Page, name: RegExp): Promise<Locator> {
  await page.goto(CHAPTER_2);
  const figure = page.getByRole('figure', { name });
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr', /.*/);
  return figure;
}

const node = (figure: Locator, label: string) => figure.locator(`g.value[data-label="${label}"]`);
const grad = (figure: Locator, label: string) => node(figure, label).locator('text.grad');
const step = (figure: Locator, label: string) => figure.getByRole('button', { name: `call ${label}._backward()`, exact: true });

async function expectGrads(figure: Locator, grads: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(grads)) {
    await expect(grad(figure, label), `grad of ${label}`).toHaveText(`grad ${value}`);
  }
}

test('the neuron graph shows 10 values with the lecture data, even before JavaScript runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(CHAPTER_2);
  const figure = page.getByRole('figure', { name: NEURON });
  const svg = figure.getByRole('img', { name: /^Computation graph of 10 values/ });
  await expect(svg).toBeVisible();
  await expect(svg.locator('text', { hasText: /^data 0\.7071$/ })).toHaveCount(1);
  await expect(svg.locator('text', { hasText: /^data 6\.8814$/ })).toHaveCount(1);
  await expect(svg.locator('g.value')).toHaveCount(10);
  await expect(svg.locator('g.op')).toHaveCount(5);
  await context.close();
});

test('the L graph shows 7 values and L = -8', async ({ page }) => {
  const figure = await openGraph(page, /L = /);
  await expect(figure.getByRole('img', { name: /^Computation graph of 7 values/ })).toBeVisible();
  await expect(node(figure, 'L').locator('text.data')).toHaveText('data -8.0000');
  await figure.getByRole('button', { name: 'backward()', exact: true }).click();
  await expectGrads(figure, { L: '1.0000', f: '4.0000', d: '-2.0000', c: '-2.0000', e: '-2.0000', a: '6.0000', b: '-4.0000' });
});

test('stepping keeps the value being worked on in sight when the graph is wider than the page', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 720 });
  const figure = await openGraph(page, /L = /);
  // The drawing starts at the leaves; the output L is off to the right.
  await expect(node(figure, 'L')).not.toBeInViewport({ ratio: 0.9 });
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await expect(node(figure, 'L')).toBeInViewport({ ratio: 0.9 });
  // Play walks back to the leaves on the far left, and the view follows.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await figure.getByRole('button', { name: 'play' }).click();
  await expectGrads(figure, { a: '6.0000', b: '-4.0000' });
  await expect(node(figure, 'a')).toBeInViewport({ ratio: 0.9 });
});

test('backward() gives the lecture grads', async ({ page }) => {
  const problems = watchForProblems(page);
  const figure = await openGraph(page, NEURON);
  await expectGrads(figure, { x1: '0.0000', o: '0.0000' });
  await figure.getByRole('button', { name: 'backward()', exact: true }).click();
  await expectGrads(figure, LECTURE);
  expect(problems).toEqual([]);
});

test('after set grad = 1, o._backward() alone reaches n and nothing further', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await expectGrads(figure, { o: '1.0000' });
  await step(figure, 'o').click();
  await expectGrads(figure, { n: '0.5000', b: '0.0000', 'x1*w1 + x2*w2': '0.0000', x1: '0.0000', w1: '0.0000' });
  // The changed grad flashes old → new, and the step is announced.
  await expect(node(figure, 'n').locator('text.flash')).toHaveText('0.0000 → 0.5000');
  await expect(figure.locator('[aria-live]')).toHaveText('o._backward(): n.grad 0.0000 → 0.5000');
});

test('a leaf says that its _backward changed nothing', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await step(figure, 'o').click();
  await step(figure, 'n').click();
  await step(figure, 'b').click();
  await expect(figure.locator('[aria-live]')).toHaveText('b._backward() changed nothing: b is a leaf');
  await expectGrads(figure, { b: '0.5000' });
});

test('calling x1*w1 before the sum and n leaves x1 at 0', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await step(figure, 'o').click();
  await step(figure, 'x1*w1').click();
  await expectGrads(figure, { x1: '0.0000', w1: '0.0000', n: '0.5000' });
  await expect(figure.locator('[aria-live]')).toContainText('changed nothing');
});

test('the right order of _backward calls reaches the lecture grads; zero grads zeroes them', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  for (const label of ['o', 'n', 'b', 'x1*w1 + x2*w2', 'x2*w2', 'x1*w1']) {
    await step(figure, label).click();
  }
  await expectGrads(figure, LECTURE);
  await figure.getByRole('button', { name: 'zero grads' }).click();
  await expectGrads(figure, { x1: '0.0000', w1: '0.0000', x2: '0.0000', w2: '0.0000', b: '0.0000', n: '0.0000', o: '0.0000' });
});

test('each value shows how often its _backward was called in this pass; a new pass starts afresh', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  const called = (label: string) => node(figure, label).locator('text.called');
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await expect(figure.locator('text.called')).toHaveCount(0);
  await step(figure, 'o').click();
  await expect(called('o')).toHaveText('✓ called');
  await expect(called('n')).toHaveCount(0);
  // Calling it again adds again: the grads accumulate, and the mark counts.
  await step(figure, 'o').click();
  await expect(called('o')).toHaveText('✓ called ×2');
  await expectGrads(figure, { n: '1.0000' });
  await figure.getByRole('button', { name: 'zero grads' }).click();
  await expect(figure.locator('text.called')).toHaveCount(0);
  await step(figure, 'n').click();
  await expect(called('n')).toHaveText('✓ called');
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await expect(figure.locator('text.called')).toHaveCount(0);
});

test('play ends at the same grads, and can be paused', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('slider', { name: 'Pace' }).fill('0');
  await figure.getByRole('button', { name: 'play' }).click();
  await expectGrads(figure, LECTURE);
  await expect(figure.getByRole('button', { name: 'play' })).toBeVisible();

  await figure.getByRole('button', { name: 'zero grads' }).click();
  await figure.getByRole('slider', { name: 'Pace' }).fill('2000');
  await figure.getByRole('button', { name: 'play' }).click();
  // The node being called is highlighted while playing.
  await expect(figure.locator('g.value.active')).toHaveCount(1);
  await figure.getByRole('button', { name: 'pause' }).click();
  await expect(figure.locator('g.value.active')).toHaveCount(0);
  await expect(figure.getByRole('button', { name: 'play' })).toBeVisible();
  await expectGrads(figure, { x1: '0.0000' });
});

test('play is instant under prefers-reduced-motion', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'play' }).click();
  await expectGrads(figure, LECTURE);
});

test('the table view matches the drawing', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  await figure.getByRole('button', { name: 'backward()', exact: true }).click();
  await expectGrads(figure, LECTURE);
  const drawn = await figure.locator('g.value').evaluateAll((gs) =>
    gs.map((g) => ({
      label: g.getAttribute('data-label') ?? '',
      data: g.querySelector('text.data')?.textContent?.replace('data ', '') ?? '',
      grad: g.querySelector('text.grad')?.textContent?.replace('grad ', '') ?? '',
    })),
  );
  const toggle = figure.getByRole('button', { name: 'Show as table' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const table = figure.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['label', 'op', 'data', 'grad', 'inputs', 'step', '_backward calls']);
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      label: tr.querySelector('th')?.textContent ?? '',
      data: tr.querySelectorAll('td')[1]?.textContent ?? '',
      grad: tr.querySelectorAll('td')[2]?.querySelector('.grad-value')?.textContent ?? '',
    })),
  );
  const byLabel = (xs: typeof rows) => [...xs].sort((a, b) => a.label.localeCompare(b.label));
  expect(byLabel(rows)).toEqual(byLabel(drawn));
  expect(rows).toHaveLength(10);
  await expect(table.getByRole('row', { name: /^n \+/ })).toContainText('x1*w1 + x2*w2, b');
  // Stepping works from the table too.
  await figure.getByRole('button', { name: 'zero grads' }).click();
  await figure.getByRole('button', { name: 'set grad = 1' }).click();
  await step(figure, 'o').click();
  await expect(table.getByRole('row', { name: /^n \+/ })).toContainText('0.5000');
  await expect(table.getByRole('row', { name: /^o tanh/ }).getByRole('cell').last()).toHaveText('1');
  await expect(table.getByRole('row', { name: /^n \+/ }).getByRole('cell').last()).toHaveText('0');
  await toggle.click();
  await expect(figure.getByRole('img', { name: /^Computation graph of 10 values/ })).toBeVisible();
  await expectGrads(figure, { n: '0.5000' });
});

test('keyboard alone steps through backward', async ({ page }) => {
  const figure = await openGraph(page, NEURON);
  const setGrad = figure.getByRole('button', { name: 'set grad = 1' });
  await setGrad.focus();
  await page.keyboard.press('Enter');
  await expectGrads(figure, { o: '1.0000' });
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  // Tab to the first step button; they come in reverse topological order, a valid backward order.
  for (let i = 0; i < 20 && (await focusedName()) !== 'call o._backward()'; i++) await page.keyboard.press('Tab');
  expect(await focusedName()).toBe('call o._backward()');
  await expect(step(figure, 'o')).toBeFocused();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
  }
  await expectGrads(figure, LECTURE);
});

test('zoom buttons and Fit change the drawing size', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const figure = await openGraph(page, NEURON);
  const svg = figure.getByRole('img', { name: /^Computation graph/ });
  const width = async () => (await svg.boundingBox())?.width ?? 0;
  const start = await width();
  await figure.getByRole('button', { name: 'Zoom in' }).click();
  expect(await width()).toBeGreaterThan(start);
  await figure.getByRole('button', { name: 'Zoom out' }).click();
  await figure.getByRole('button', { name: 'Zoom out' }).click();
  expect(await width()).toBeLessThan(start);
  await figure.getByRole('button', { name: 'Fit' }).click();
  expect(await width()).toBeLessThanOrEqual(360);
  // The figure stays inside 360 px: a wide graph scrolls inside its own box.
  for (const el of [figure, figure.getByRole('group', { name: 'Step through backward' })]) {
    const box = await el.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
  }
  // Stepping still works after zooming.
  await figure.getByRole('button', { name: 'backward()', exact: true }).click();
  await expectGrads(figure, LECTURE);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });

  test('two fingers spread apart zoom the drawing in', async ({ page }) => {
    const figure = await openGraph(page, NEURON);
    const svg = figure.getByRole('img', { name: /^Computation graph/ });
    const width = async () => (await svg.boundingBox())?.width ?? 0;
    const start = await width();
    const box = (await svg.boundingBox())!;
    const cx = box.x + Math.min(box.width, 300) / 2;
    const cy = box.y + box.height / 2;
    // Real touch input through the DevTools protocol: two points that move apart.
    const cdp = await page.context().newCDPSession(page);
    const points = (d: number) => [
      { x: cx - d, y: cy, id: 1 },
      { x: cx + d, y: cy, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(20) });
    for (let d = 30; d <= 90; d += 10) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(d) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(width).toBeGreaterThan(start * 1.5);
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on a page with graphs (${colorScheme})`, async ({ page }) => {
    test.slow(); // axe over a whole long chapter takes a while on a busy machine
    await page.emulateMedia({ colorScheme });
    const figure = await openGraph(page, NEURON);
    await figure.getByRole('button', { name: 'backward()', exact: true }).click();
    await expectGrads(figure, LECTURE);
    await step(figure, 'o').focus();
    const report = (r: Awaited<ReturnType<AxeBuilder['analyze']>>) =>
      r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
    expect(report(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await figure.getByRole('button', { name: 'Show as table' }).click();
    expect(report(await new AxeBuilder({ page }).include('figure.graph-view').analyze())).toEqual([]);
  });
}

test.describe('draw(v) in a playground cell', () => {
  async function runCell(page: Page, code?: string): Promise<Locator> {
    await page.goto('playground/');
    const cell = page.getByRole('group', { name: 'Code cell 1' });
    if (code !== undefined) {
      await cell.locator('pre').first().click();
      const editor = cell.getByRole('textbox');
      await expect(editor).toBeVisible();
      await editor.fill(code);
    }
    await cell.getByRole('button', { name: 'Run' }).click();
    await expect(cell.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 15_000 });
    return cell;
  }

  test('the starter draw(o) shows the neuron, ready to step through', async ({ page }) => {
    const cell = await runCell(page);
    await expect(cell.getByRole('img', { name: /^Computation graph of 10 values/ })).toBeVisible();
    await expect(node(cell, 'o').locator('text.data')).toHaveText('data 0.7071');
    await expect(node(cell, 'b').locator('text.data')).toHaveText('data 6.8814');
    await cell.getByRole('button', { name: 'set grad = 1' }).click();
    await step(cell, 'o').click();
    await expectGrads(cell, { n: '0.5000', b: '0.0000', x1: '0.0000' });
    await cell.getByRole('button', { name: 'backward()', exact: true }).click();
    await cell.getByRole('button', { name: 'zero grads' }).click();
    await cell.getByRole('button', { name: 'backward()', exact: true }).click();
    await expectGrads(cell, LECTURE);
  });

  test('a _backward that is not a function shows its error at the node; the graph stays usable', async ({ page }) => {
    const cell = await runCell(
      page,
      [
        "const a = new Value(2, [], '', 'a');",
        "const o = a.mul(3); o.label = 'o';",
        '(o as any)._backward = 5;',
        'draw(o);',
      ].join('\n'),
    );
    await cell.getByRole('button', { name: 'set grad = 1' }).click();
    await step(cell, 'o').click();
    await expect(cell.locator('.node-error')).toHaveText('o._backward is not a function');
    await expect(cell.locator('[aria-live]').last()).toHaveText('o._backward() failed: o._backward is not a function');
    await step(cell, 'a').click();
    await expect(cell.locator('[aria-live]').last()).toHaveText('a._backward() changed nothing: a is a leaf');
    await expect(cell.locator('.node-error')).toHaveCount(0);
  });

  test('a graph of about 200 values draws, and redraws after a step', async ({ page }) => {
    const cell = await runCell(
      page,
      [
        "let s = new Value(0.1, [], '', 'b');",
        'for (let i = 0; i < 50; i++) s = s.add(new Value(Math.sin(i), [], \'\', `x${i}`).mul(new Value(Math.cos(i), [], \'\', `w${i}`)));',
        "const o = s.tanh(); o.label = 'o';",
        'o.grad = 1;',
        'draw(o);',
      ].join('\n'),
    );
    await expect(cell.getByRole('img', { name: /^Computation graph of 202 values/ })).toBeVisible();
    // A step reaches the live Values in the worker and the drawing shows the new grad.
    // (How long that takes is measured by `npm run bench:site`, not asserted here.)
    const grads = () => cell.locator('g.value text.grad').allTextContents();
    const before = await grads();
    await cell.getByRole('button', { name: 'call o._backward()' }).click();
    await expect.poll(async () => (await grads()).join()).not.toBe(before.join());
  });
});
