// What issue 12 changed in the lessons, as a reader meets it: a continued
// class shows only its changes (marked, the rest folded but run) in the HTML
// and in the editor; a wrong answer names the value and its type; a quoted
// output is marked as such; exercise captions say "Exercise" once; chapter 8
// draws its whole network; the playground has the sidebar and a reference.
import { CHAPTERS } from './chapters.ts';
import { test, expect } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { cell, cellWith, output, typeInto } from './cell-helpers.ts';

test.describe('changes shown, not pasted', () => {
  test("chapter 6's accumulating class: = struck through, += marked, the rest folded, and it runs", async ({ page }) => {
    await page.goto('lessons/accumulating-gradients/');
    const n = await cellWith(page, 'this.grad += 1.0 * out.grad;');
    const c = cell(page, n);
    const pre = c.locator('pre.astro-code');
    // Each changed line twice: the old one struck through (not run), the new one marked.
    await expect(pre.locator('.line.remove')).toHaveCount(5);
    await expect(pre.locator('.line.add')).toHaveCount(5);
    await expect(pre.locator('.line.remove').first()).toContainText('this.grad = 1.0 * out.grad;');
    await expect(pre.locator('.line.remove').first()).toHaveCSS('text-decoration-line', 'line-through');
    // The unchanged rest is folded, with a count, and opens on request.
    const folds = pre.locator('details.code-fold');
    expect(await folds.count()).toBeGreaterThanOrEqual(3);
    await expect(folds.first().locator('summary')).toHaveText(/^⋯ \d+ unchanged lines$/);
    await expect(folds.first().locator('.line').first()).toBeHidden();
    // The run code has the new lines and not the old ones, and nothing of the notation.
    const code = (await c.getAttribute('data-code'))!;
    expect(code).toContain('this.grad += 1.0 * out.grad;');
    expect(code).not.toContain('this.grad = 1.0 * out.grad;');
    expect(code).not.toContain('[!code');
    expect(code).toContain('constructor(data: number'); // folded, but there
    // The cell after it uses the class: a + a gives 2.
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect(output(page, n + 1)).toContainText('2', { timeout: 20_000 });
    await expect(output(page, n + 1).locator('.out-error')).toHaveCount(0);
  });

  test('the editor shows the same marks and folds, and the removed lines are not in its code', async ({ page }) => {
    await page.goto('lessons/accumulating-gradients/');
    const n = await cellWith(page, 'this.grad += 1.0 * out.grad;');
    const c = cell(page, n);
    await c.locator('pre.astro-code .line.add').first().click();
    const editor = c.locator('.cm-content');
    await expect(editor).toBeVisible();
    await expect(c.locator('.cm-line.cm-diff-add')).toHaveCount(5);
    await expect(c.locator('.cm-diff-remove')).toHaveCount(5);
    await expect(c.locator('.cm-diff-remove').first()).toHaveAccessibleName('removed line: this.grad = 1.0 * out.grad;');
    const placeholders = c.getByRole('button', { name: /^⋯ \d+ unchanged lines: show them$/ });
    expect(await placeholders.count()).toBeGreaterThanOrEqual(3);
    const lines = await c.locator('.cm-line').allInnerTexts();
    expect(lines.some((l) => l.includes('this.grad = 1.0 * out.grad;'))).toBe(false);
    // The caret lands on the line clicked: typing there edits the added line, not a removed one.
    await page.keyboard.press('End');
    await page.keyboard.insertText(' // mine');
    await expect(c.locator('.cm-line.cm-diff-add').first()).toContainText('// mine');
    // axe finds nothing in the marked, folded editor, light or dark.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page, { include: `#cell-${n}`, label: scheme })).toEqual([]);
    }
    // A fold opens with a click and shows its lines.
    await placeholders.first().click();
    await expect(c.locator('.cm-line', { hasText: 'constructor(data: number' })).toBeVisible();
  });
});

test.describe('checks that teach', () => {
  test('a string where a number belongs is named as a string; a typo gets a hint', async ({ page }) => {
    test.slow();
    await page.goto('lessons/closures/');
    const n = await cellWith(page, 'function square(x: Value): Value {');
    const ex = cell(page, n);
    const state = ex.locator('[data-state]');
    const square = (body: string) =>
      `function square(x: Value): Value {\n  const out = new Value(x.data * x.data, [x], '^2');\n  out._backward = () => {\n    ${body}\n  };\n  return out;\n}`;
    await typeInto(page, n, square('(x as any).grad = "6";'));
    await ex.getByRole('button', { name: 'Check' }).click();
    await expect(state).toHaveText(
      /Not yet: with out\.grad = 1, the grad of x = 3 should be 6, got "6" \(a string\)\. Hint: that is text, not a number/,
      { timeout: 20_000 },
    );
    await typeInto(page, n, square('x.grad += 2 * x.data * (out as any).gradd;'));
    await ex.getByRole('button', { name: 'Check' }).click();
    await expect(state).toHaveText(/got NaN\. Hint: NaN usually means arithmetic on something that is not a number: a misspelt name/, {
      timeout: 20_000,
    });
    await typeInto(page, n, square('x.grad += 2 * x.data * out.grad;'));
    await ex.getByRole('button', { name: 'Check' }).click();
    await expect(state).toHaveText('Passed', { timeout: 20_000 });
  });
});

test('a quoted output is captioned as expected output and has no Copy button of its own', async ({ page }) => {
  await page.goto('lessons/derivatives/');
  const quoted = page.getByRole('figure', { name: 'Expected output of the cell above' });
  await expect(quoted).toHaveCount(1);
  await expect(quoted).toContainText('1e-15 10.658141036401503');
  await expect(quoted.getByRole('button', { name: 'Copy' })).toHaveCount(0);
  // The loop over x = -3..3 prints its output once, live: no static copy of it.
  await expect(page.getByText('-2 25', { exact: true })).toHaveCount(0);
});

test('every exercise caption says "Exercise" once, and every exercise section is named "Exercise: …"', async ({ page }) => {
  for (const slug of CHAPTERS) {
    await page.goto(`lessons/${slug}/`);
    const captions = await page.locator('.cell-exercise .cell-title').allInnerTexts();
    expect(captions.length, slug).toBeGreaterThan(0);
    for (const t of captions) expect(t, slug).toMatch(/^Exercise: (?!Exercise)/);
    const h2 = await page.locator('article h2').allInnerTexts();
    expect(
      h2.some((t) => /^Exercise: /.test(t.trim())),
      `${slug} has an "Exercise: …" section`,
    ).toBe(true);
    expect(
      h2.filter((t) => /your turn/i.test(t)),
      slug,
    ).toEqual([]);
  }
});

test('chapter 8 draws the whole MLP: 126 values', async ({ page }) => {
  test.slow();
  await page.goto('lessons/neurons-and-layers/');
  const n = await cellWith(page, "draw(y, 'MLP(3, [4, 4, 1])");
  await cell(page, n).getByRole('button', { name: 'Run', exact: true }).click();
  const figure = cell(page, n).getByRole('figure', { name: /MLP\(3, \[4, 4, 1\]\)/ });
  await expect(figure.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 30_000 });
  await expect(figure.locator('g.value')).toHaveCount(126);
  await expect(figure.locator('g.value[data-label="y"]')).toHaveCount(1);
});

test('the playground has the chapter sidebar and says what cells can use, Value methods included', async ({ page }) => {
  await page.goto('playground/');
  const nav = page.getByRole('navigation', { name: 'Chapters', exact: true });
  // The playground comes after the chapters; the appendix (the last of CHAPTERS) takes no number.
  await expect(nav.getByRole('link', { name: new RegExp(`^${CHAPTERS.length}\\.\\s*Playground`) })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link')).toHaveCount(CHAPTERS.length + 1);
  const reference = page.locator('#what-cells-can-use + p + dl');
  for (const name of [
    'add(x)',
    'sub(x)',
    'mul(x)',
    'div(x)',
    'neg()',
    'pow(k)',
    'exp()',
    'tanh()',
    'relu()',
    'backward()',
    'zeroGrad()',
    'draw(v, options?)',
    'plot(title, lines, options?)',
    'timeit(fn, runs?)',
    'trace(v)',
  ]) {
    await expect(reference, name).toContainText(name);
  }
  // The old intro ran names together ("Layer,MLP") and promised every line of the engine would look familiar.
  await expect(page.locator('article')).not.toContainText('Layer,MLP');
  await expect(page.locator('article')).not.toContainText('every line looks familiar');
});
