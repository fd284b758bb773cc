import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { cell, typeInto } from './cell-helpers.ts';
import { button, call, explanation, grad, node, openExample, runAndDraw } from './graph-helpers.ts';
import { watchForProblems } from './problems.ts';

// The step-through, staged by chapter: chapter 2 draws numbers only, chapter 3
// calls single closures (a static example on the page's own engine), chapter 4
// adds the log, step back and forth and play (cells, in the worker), and the
// playground has everything, backward() included.
const CHAPTER_2 = 'lessons/manual-gradients/';
const CHAPTER_3 = 'lessons/closures/';
const CHAPTER_4 = 'lessons/ordered-calls/';
const NEURON = /neuron/;
const LECTURE = { x1: '-1.5000', w1: '1.0000', x2: '0.5000', w2: '0.0000', b: '0.5000', n: '0.5000', o: '1.0000' };

/** Goes to url and opens its static example named `name`. */
async function openExampleAt(page: Page, url: string, name: RegExp): Promise<Locator> {
  await page.goto(url);
  return openExample(page, name);
}

/** Chapters 3 and 4 ask before they tell; a test of the explanations turns that off first. */
async function predictOff(figure: Locator): Promise<void> {
  const toggle = button(figure, 'Predict first');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
}

async function expectGrads(figure: Locator, grads: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(grads)) {
    await expect(grad(figure, label), `grad of ${label}`).toHaveText(`grad ${value}`);
  }
}

/** The size node text is drawn at, in CSS pixels. */
async function textPx(figure: Locator): Promise<number> {
  return figure.getByRole('img', { name: /^Computation graph/ }).evaluate((svg) => {
    const s = svg as SVGSVGElement;
    return (s.getBoundingClientRect().width / s.viewBox.baseVal.width) * Number(s.getAttribute('font-size'));
  });
}

test.describe('chapter 2: numbers only', () => {
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

  test('no graph in chapter 2 offers a call, a base case or backward(), even after Run all', async ({ page }) => {
    await page.goto(CHAPTER_2);
    await page.getByRole('button', { name: 'Run all' }).click();
    // Every draw() of the chapter has mounted its view, and both static examples have hydrated.
    await expect(page.locator('.out-graph figure.graph-view svg[role="img"]')).toHaveCount(4, { timeout: 20_000 });
    for (const name of [/L = /, NEURON]) await openExample(page, name);
    await expect(page.getByRole('button', { name: /_backward\(\)|^backward\(\)$|set grad/ })).toHaveCount(0);
  });

  for (const width of [1280, 390]) {
    test(`the L graph opens with L, where backprop starts, in view at ${width} px, text at least 11 px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 844 });
      const figure = await openExampleAt(page, CHAPTER_2, /L = /);
      await expect(node(figure, 'L')).toBeInViewport({ ratio: 0.9 });
      expect(await textPx(figure)).toBeGreaterThanOrEqual(11);
    });
  }
});

test.describe('chapter 3: single calls on the engine, explained', () => {
  test('o._backward() shows the engine closure and the chain rule with its numbers; a leaf says why nothing changed', async ({ page }) => {
    const problems = watchForProblems(page);
    const figure = await openExampleAt(page, CHAPTER_3, NEURON);
    await predictOff(figure);
    await expect(button(figure, 'backward()')).toHaveCount(0);
    await expect(button(figure, 'play')).toHaveCount(0);
    await button(figure, 'set grad = 1').click();
    await expectGrads(figure, { o: '1.0000' });
    await call(figure, 'o').click();
    await expectGrads(figure, { n: '0.5000', b: '0.0000', x1: '0.0000' });
    const x = explanation(figure);
    await expect(x).toContainText('o._backward()');
    // Chapter 3's closures set grads with = (its frontmatter says so): the panel shows those, not the engine's +=.
    await expect(x).toContainText('n.grad = (1 - t²) × o.grad → (1 - 0.7071²) × 1 = 0.5');
    await expect(x).toContainText('Value as chapters 3–5 write it, Value.tanh');
    await expect(x.locator('.line.mark')).toContainText(['const backward = () => {', 'this.grad = (1 - t ** 2) * out.grad;', '};']);
    await expect(node(figure, 'n').locator('text.flash')).toHaveText('0.0000 → 0.5000');
    await call(figure, 'x1*w1').click();
    await expect(x).toContainText('x1*w1.grad is still 0');
    await call(figure, 'b').click();
    await expect(x).toContainText('b is a leaf');
    expect(problems).toEqual([]);
  });
});

test.describe('chapter 4: the ordered calls, back and forth', () => {
  test('o then n explained with 0.5; step back twice undoes both; step forward redoes them; play reaches the lecture', async ({ page }) => {
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await predictOff(figure);
    await expect(button(figure, 'backward()')).toHaveCount(0);
    await button(figure, 'set grad = 1').click();
    await call(figure, 'o').click();
    // The reader's closure line, with the numbers of this call in it.
    await expect(explanation(figure)).toContainText('this.grad = (1 - t ** 2) * out.grad → n.grad = (1 - 0.7071²) × 1 = 0.5');
    await call(figure, 'n').click();
    const x = explanation(figure);
    await expect(x).toContainText('n._backward()');
    await expect(x).toContainText('other.grad = 1.0 * out.grad → b.grad = 1 × 0.5 = 0.5');
    // The reader's own closure, from the cell that defined it (cell 1), types and all.
    await expect(x).toContainText(/cell 1, lines \d+–\d+/);
    await expect(x).toContainText('out._backward = () => {');
    await expect(figure.getByText('Call 2 of 10 in this pass')).toBeVisible();
    await expectGrads(figure, { n: '0.5000', 'x1*w1 + x2*w2': '0.5000', b: '0.5000' });

    await button(figure, 'step back').click();
    await button(figure, 'step back').click();
    await expectGrads(figure, { o: '1.0000', n: '0.0000', 'x1*w1 + x2*w2': '0.0000', b: '0.0000' });
    await button(figure, 'step forward').click();
    await button(figure, 'step forward').click();
    await expectGrads(figure, { n: '0.5000', 'x1*w1 + x2*w2': '0.5000', b: '0.5000' });

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await button(figure, 'play').click();
    await expectGrads(figure, LECTURE);
    await expect(figure.getByText('Call 10 of 10 in this pass')).toBeVisible();
    // Each entry of the log is a place to go back to.
    await figure.getByRole('button', { name: /^1 o\._backward\(\)$/ }).click();
    await expectGrads(figure, { o: '1.0000', n: '0.5000', b: '0.0000', x1: '0.0000' });
  });

  test('clicks made while a step is on its way to the worker are all taken, in order', async ({ page }) => {
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await predictOff(figure);
    // Clicked in one go, as a quick reader would: every answer from the worker comes after the last click.
    await figure.evaluate((f) => {
      const press = (name: string) => f.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!.click();
      [...f.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === 'set grad = 1')!.click();
      press('call o._backward()');
      press('call n._backward()');
    });
    await expect(figure.getByText('Call 2 of 10 in this pass')).toBeVisible();
    await expect(explanation(figure)).toContainText('→ b.grad = 1 × 0.5 = 0.5');
    await expectGrads(figure, { o: '1.0000', n: '0.5000', b: '0.5000', x1: '0.0000' });
    // And back, twice in one go: both undone.
    await figure.evaluate((f) => {
      for (let i = 0; i < 2; i++) f.querySelector<HTMLButtonElement>('button[aria-label="step back"]')!.click();
    });
    await expectGrads(figure, { o: '1.0000', n: '0.0000', b: '0.0000' });
  });

  test('after Run all, an early graph says its values changed since it was drawn, and redraws on request', async ({ page }) => {
    await page.goto(CHAPTER_4);
    await page.getByRole('button', { name: 'Run all' }).click();
    const first = cell(page, 2).locator('figure.graph-view');
    await expect(first.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 20_000 });
    // Cell 8 draws the same neuron after the later cells changed its grads.
    await expect(cell(page, 8).getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 20_000 });
    const notice = first.getByText(/These values changed after this graph was drawn/);
    await expect(notice).toBeVisible();
    await expectGrads(first, { o: '0.0000', n: '0.0000' }); // as drawn, honestly marked
    await call(first, 'o').click(); // refused: the state on screen is not the live one
    await expectGrads(first, { o: '0.0000' });
    await button(first, 'Redraw').click();
    await expect(notice).toHaveCount(0);
    await expectGrads(first, { o: '1.0000', x1: '-1.5000' });
  });
});

test.describe('predict first', () => {
  test('chapter 4 asks for the grads a call will change, marks them, explains a miss, and keeps the score', async ({ page }) => {
    const problems = watchForProblems(page);
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await expect(button(figure, 'Predict first')).toHaveAttribute('aria-pressed', 'true');
    await button(figure, 'set grad = 1').click(); // the base case is not asked
    await expectGrads(figure, { o: '1.0000' });
    await call(figure, 'o').click();
    const n = figure.getByRole('spinbutton', { name: 'predicted grad of n' });
    await expect(n).toBeFocused();
    await expectGrads(figure, { n: '0.0000' }); // not shown before the answer
    await n.fill('0.5');
    await n.press('Enter');
    await expect(figure.getByText('✓ right')).toBeVisible();
    await expectGrads(figure, { n: '0.5000' });

    await call(figure, 'n').click();
    const b = figure.getByRole('spinbutton', { name: 'predicted grad of b' });
    await figure.getByRole('spinbutton', { name: 'predicted grad of x1*w1 + x2*w2' }).fill('0.5');
    await b.fill('-0.5');
    await button(figure, 'Check').click();
    await expect(b).toHaveAttribute('aria-invalid', 'true');
    await expect(figure.locator('.rule')).toHaveText('other.grad = 1.0 * out.grad → b.grad = 1 × 0.5 = 0.5; you wrote -0.5');
    await expectGrads(figure, { b: '0.5000' });
    await b.fill('0.5');
    await button(figure, 'Check').click();
    await expect(b).toHaveAttribute('aria-invalid', 'false');
    await expect(figure.getByText('2 of 3 predicted')).toBeVisible();

    // Step back and forth as before: a redo is not asked again.
    await button(figure, 'step back').click();
    await expectGrads(figure, { n: '0.5000', b: '0.0000' });
    // The panel says what is true now: the call it shows is undone, and the header names where the graph is.
    await expect(explanation(figure).locator('.title')).toHaveText('n._backward()');
    await expect(explanation(figure)).toContainText('undone Stepped back: what this call did is undone');
    await expect(figure.getByText('Call 1 of 10 in this pass: o._backward() · 1 undone')).toBeVisible();
    await expect(figure.getByRole('button', { name: /^1 o\._backward\(\)$/ })).toHaveAttribute('aria-current', 'step');
    await button(figure, 'step forward').click();
    await expectGrads(figure, { b: '0.5000' });
    await expect(figure.getByRole('spinbutton')).toHaveCount(0);

    // Show me skips the question.
    await call(figure, 'x1*w1 + x2*w2').click();
    await button(figure, 'Show me').click();
    await expectGrads(figure, { 'x1*w1': '0.5000', 'x2*w2': '0.5000' });
    await expect(figure.getByText('2 of 3 predicted')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('a predict cell asks what it will print, runs on Check, and shows the prediction beside the output', async ({ page }) => {
    await page.goto(CHAPTER_4);
    const c = page.locator('[data-cell]', { hasText: 'showGrads(b, x1w1x2w2);' });
    const field = c.getByRole('textbox', { name: 'What will it print?' });
    await expect(field).toBeVisible();
    await c.getByRole('button', { name: 'Check', exact: true }).click(); // nothing written yet: asked, not run
    await expect(c.locator('[data-prediction]')).toContainText('Write what you expect it to print first');
    await field.fill('0.5 0.25');
    await field.press('Enter');
    await expect(c.locator('[data-prediction]')).toHaveText('✗ You predicted "0.5 0.25"; it printed "b 0.5000, x1*w1 + x2*w2 0.5000".', {
      timeout: 15_000,
    });
    await expect(c.getByRole('status', { name: /^Output of cell/ })).toContainText('b 0.5000, x1*w1 + x2*w2 0.5000');
    await field.fill('b 0.5, x1*w1 + x2*w2 0.5');
    await c.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(c.locator('[data-prediction]')).toHaveText('✓ You predicted "b 0.5, x1*w1 + x2*w2 0.5", and that is what it printed.');
  });

  // Chapters 2, 3, 6 and 7 ask too (chapter 4's is the test above), each where a cell prints a grad
  // the text has not given yet: the right answer, typed as a reader would, is marked right beside
  // what the cell printed.
  for (const [chapter, code, answer, printed] of [
    [CHAPTER_2, 'console.log(L.grad, f.grad, d.grad, c.grad, e.grad, a.grad, b.grad);', '1 4 -2 -2 -2 6 -4', '1 4 -2 -2 -2 6 -4'],
    [CHAPTER_3, 'console.log(r.grad, s.grad);', '-15 10', '-15 10'],
    ['lessons/accumulating-gradients/', 'b3.backward(); // a second pass over b = a + a', '4', '4'],
    ['lessons/more-ops/', 'console.log(y.data, c.grad);', '-2, -4', '-2 -4'],
  ] as const) {
    test(`${chapter}: its predict cell takes a prediction, runs, and shows it beside the output`, async ({ page }) => {
      await page.goto(chapter);
      const c = page.locator('[data-cell]', { hasText: code });
      await expect(c).toHaveCount(1);
      const field = c.getByRole('textbox', { name: 'What will it print?' });
      await field.fill(answer);
      await field.press('Enter');
      await expect(c.locator('[data-prediction]')).toHaveText(`✓ You predicted "${answer}", and that is what it printed.`, {
        timeout: 30_000,
      });
      await expect(c.getByRole('status', { name: /^Output of cell/ })).toContainText(printed);
    });
  }

  test('keyboard alone does a whole predicted call, and axe finds nothing with the fields open', async ({ page }) => {
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await button(figure, 'set grad = 1').focus();
    await page.keyboard.press('Enter');
    await expectGrads(figure, { o: '1.0000' });
    await call(figure, 'o').focus();
    await page.keyboard.press('Enter');
    const n = figure.getByRole('spinbutton', { name: 'predicted grad of n' });
    await expect(n).toBeFocused();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page, { include: 'figure.graph-view', label: scheme })).toEqual([]);
    }
    await page.keyboard.type('0.25');
    await page.keyboard.press('Enter');
    await expect(figure.getByText('✗ not quite')).toBeVisible();
    await expect(figure.locator('.rule')).toContainText('→ n.grad = (1 - 0.7071²) × 1 = 0.5; you wrote 0.25');
    await expect(n).toBeFocused();
  });
});

test.describe('the playground: every control', () => {
  async function draw(page: Page, code?: string): Promise<Locator> {
    await page.goto('playground/');
    if (code !== undefined) await typeInto(page, 1, code);
    return runAndDraw(page, 1);
  }

  test('a + a draws two edges from a, and the table lists a twice', async ({ page }) => {
    const figure = await draw(page, "const a = new Value(3, [], '', 'a');\nconst b = a.add(a);\nb.label = 'b';\ndraw(b);");
    const edges = figure.locator('path.edge');
    await expect(edges).toHaveCount(3);
    const ds = await edges.evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));
    expect(new Set(ds).size).toBe(3); // two distinct curves from a, and op → b
    await button(figure, 'set grad = 1').click();
    await call(figure, 'b').click();
    await expect(explanation(figure)).toContainText('a.grad += 1 × b.grad → 1 + 1 × 1 = 2');
    await expectGrads(figure, { a: '2.0000' });
    await figure.getByRole('button', { name: 'Table' }).click();
    await expect(figure.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
    await expect(figure.getByRole('row', { name: /^b call b\._backward\(\) \+/ })).toContainText('a, a');
  });

  test('a second backward() asks before adding onto the grads', async ({ page }) => {
    const figure = await draw(page);
    await button(figure, 'backward()').click();
    await expectGrads(figure, LECTURE);
    await button(figure, 'backward()').click();
    const ask = figure.getByRole('alertdialog');
    await expect(ask).toContainText('The grads are not all 0');
    await expectGrads(figure, LECTURE); // nothing happened yet
    await button(ask, 'Zero grads first').click();
    await expectGrads(figure, LECTURE);
    await button(figure, 'backward()').click();
    await button(figure.getByRole('alertdialog'), 'Add onto them').click();
    // Added onto every grad, the middle ones too, so the leaves get more than twice as much.
    await expectGrads(figure, { x1: '-7.5000', w1: '5.0000', o: '1.0000' });
    // backward() is logged call by call: step back through it.
    await button(figure, 'step back').click();
    await expect(explanation(figure).locator('.title')).toHaveText('x1._backward()'); // the last call of the pass
  });

  test('keyboard alone can call, undo and redo', async ({ page }) => {
    const figure = await draw(page);
    await button(figure, 'set grad = 1').focus();
    await page.keyboard.press('Enter');
    await expectGrads(figure, { o: '1.0000' });
    const focusedName = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    for (let i = 0; i < 30 && (await focusedName()) !== 'call o._backward()'; i++) await page.keyboard.press('Tab');
    await expect(call(figure, 'o')).toBeFocused();
    await page.keyboard.press('Enter');
    await expectGrads(figure, { n: '0.5000' });
    await page.keyboard.press('ArrowLeft');
    await expectGrads(figure, { n: '0.0000', o: '1.0000' });
    await page.keyboard.press('ArrowRight');
    await expectGrads(figure, { n: '0.5000' });
    await page.keyboard.press('ArrowRight'); // nothing to redo: the next call of the order, n
    await expectGrads(figure, { b: '0.5000' });
  });

  test('a node whose _backward is not a function has no call button; backward() names it', async ({ page }) => {
    const figure = await draw(
      page,
      ["const a = new Value(2, [], '', 'a');", "const o = a.mul(3); o.label = 'o';", '(o as any)._backward = undefined;', 'draw(o);'].join(
        '\n',
      ),
    );
    await expect(call(figure, 'o')).toHaveCount(0);
    await expect(call(figure, 'a')).toHaveCount(1);
    await button(figure, 'backward()').click();
    await expect(figure.getByRole('alert')).toContainText("the _backward of 'o' is not a function");
    await expect(figure.getByRole('alert')).toContainText('store the function itself');
  });

  test('a graph of about 200 values draws, and redraws after a step', async ({ page }) => {
    const figure = await draw(
      page,
      [
        "let s = new Value(0.1, [], '', 'b');",
        "for (let i = 0; i < 50; i++) s = s.add(new Value(Math.sin(i), [], '', `x${i}`).mul(new Value(Math.cos(i), [], '', `w${i}`)));",
        "const o = s.tanh(); o.label = 'o';",
        'o.grad = 1;',
        'draw(o);',
      ].join('\n'),
    );
    await expect(figure.getByRole('img', { name: /^Computation graph of 202 values/ })).toBeVisible();
    // (How long a step takes is measured by `npm run bench:site`, not asserted here.)
    await call(figure, 'o').click();
    await expect(explanation(figure)).toContainText('(1 - t²)');
    await expect(node(figure, 'o')).toBeInViewport();
  });

  test('Pace shows its value and faster is to the right; zoom and Fit keep text readable', async ({ page }) => {
    const figure = await draw(page);
    const pace = figure.getByRole('slider', { name: 'Pace' });
    await pace.fill('4');
    await expect(pace).toHaveAttribute('aria-valuetext', '8 calls a second');
    await pace.fill('0');
    await expect(pace).toHaveAttribute('aria-valuetext', '0.5 calls a second');
    const before = await textPx(figure);
    await button(figure, 'Zoom in').click();
    await expect.poll(() => textPx(figure)).toBeGreaterThan(before);
    await button(figure, 'Fit').click();
    await expect.poll(() => textPx(figure)).toBeGreaterThanOrEqual(11);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds nothing with the step panel open (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      const figure = await draw(page);
      await button(figure, 'set grad = 1').click();
      await call(figure, 'o').click();
      await expect(explanation(figure)).toBeVisible();
      await button(figure, 'backward()').click();
      await expect(figure.getByRole('alertdialog')).toBeVisible();
      await call(figure, 'n').focus();
      expect(await axeViolations(page, { include: 'figure.graph-view', label: colorScheme })).toEqual([]);
    });
  }
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });

  test('two fingers spread apart zoom the drawing in', async ({ page }) => {
    const figure = await openExampleAt(page, CHAPTER_2, NEURON);
    const svg = figure.getByRole('img', { name: /^Computation graph/ });
    const width = async () => (await svg.boundingBox())?.width ?? 0;
    const start = await width();
    const box = (await figure.getByRole('group', { name: 'Graph drawing, scrollable' }).boundingBox())!;
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
