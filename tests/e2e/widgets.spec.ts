// The lesson widgets on their chapter pages, against the build: each one
// answers the keyboard, shows the numbers it claims, fits 360 px and passes
// axe in the light and the dark scheme.

import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { watchForProblems } from './problems.ts';
import { followRequests, gotoSettled } from './settled.ts';

/** Scrolls the widget into view and waits until its island has hydrated. */
async function openWidget(page: Page, name: string): Promise<Locator> {
  const widget = page.getByRole('region', { name, exact: true });
  await widget.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: widget })).not.toHaveAttribute('ssr', /.*/, { timeout: 15_000 });
  return widget;
}

/**
 * No axe violations in the page's widgets, in both colour schemes (the whole page is scanned
 * once per scheme by quality.spec; here the widgets, after the steps that changed them).
 */
async function expectNoAxeViolations(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // The theme script follows the system a moment later: scan the theme asked for.
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await axeViolations(page, { include: 'section.widget', label: colorScheme })).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * The widget fits a 360 px wide screen: it lies inside the viewport and
 * nothing in it sticks out (a wide drawing scrolls inside its own box).
 * Checked on the widget, not the page: other content (display math) is
 * not the widgets' business.
 */
async function expectFitsNarrowScreen(page: Page, widget: Locator): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  await widget.scrollIntoViewIfNeeded();
  const box = await widget.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  const sticksOut = await widget.evaluate((root) => {
    const right = root.getBoundingClientRect().right + 0.5;
    return [...root.querySelectorAll('*')]
      .filter((el) => !el.parentElement?.closest('.scroller') && el.getBoundingClientRect().right > right)
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`);
  });
  expect(sticksOut).toEqual([]);
}

test.describe('NudgeExplorer (chapter 1)', () => {
  test('the lecture cases, the nudge and a·b + c, all from the keyboard', async ({ page }) => {
    const errors = watchForProblems(page);
    await page.goto('lessons/derivatives/');
    const w = await openWidget(page, 'Nudge explorer');
    const nudged = w.getByTestId('nudged-slope');
    const exact = w.getByTestId('exact-slope');

    // h = 0.0001, typed.
    const h = w.getByLabel('h (the nudge)', { exact: true });
    await h.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('0.0001');

    // The three cases: focus each button and press Enter / Space.
    const cases = w.getByRole('group', { name: "The lecture's three cases" });
    await cases.getByRole('button', { name: 'x = 3' }).focus();
    await page.keyboard.press('Enter');
    await expect(exact).toHaveText('14');
    await expect(nudged).toHaveText('14.0003');
    await expect(w.getByTestId('fx')).toHaveText('20');
    // Maths labels keep their case: f(x) is not F(X), ∂d/∂a is not ∂D/∂A.
    const fxLabel = w.locator('dt', { hasText: /^f\(x\)$/ });
    await expect(fxLabel).toHaveCSS('text-transform', 'none');
    expect(await fxLabel.evaluate((e) => (e as HTMLElement).innerText)).toBe('f(x)');
    expect(await w.locator('dt', { hasText: 'slope ∂d/∂' }).evaluate((e) => (e as HTMLElement).innerText)).toMatch(/^slope ∂d\/∂a$/);

    await page.keyboard.press('Tab'); // to "x = −3"
    await expect(cases.getByRole('button', { name: 'x = −3' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(exact).toHaveText('−22');
    await expect(nudged).toHaveText('−21.9997');

    await page.keyboard.press('Tab'); // to "x = 2/3"
    await page.keyboard.press('Enter');
    await expect(exact).toHaveText('0');
    await expect(nudged).toHaveText('0.0003');
    await expect(cases.getByRole('button', { name: 'x = 2/3' })).toHaveAttribute('aria-pressed', 'true');

    // The x slider answers the arrow keys.
    const slider = w.getByRole('slider', { name: 'x slider' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(exact).toHaveText('−28');
    await page.keyboard.press('ArrowRight');
    await expect(w.getByLabel('x', { exact: true })).toHaveValue('-3.99');

    // d = a·b + c: nudge b, then c, with the keyboard.
    const slope = w.getByTestId('d-slope');
    await expect(w.getByTestId('d-before')).toHaveText('4');
    await expect(slope).toHaveText('−3');
    await expect(w.getByTestId('d-after')).toHaveText('3.9997');
    await w.getByRole('radio', { name: 'a' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(w.getByRole('radio', { name: 'b' })).toBeChecked();
    await expect(slope).toHaveText('2');
    await page.keyboard.press('ArrowRight');
    await expect(w.getByRole('radio', { name: 'c' })).toBeChecked();
    await expect(slope).toHaveText('1');
    expect(errors).toEqual([]);
  });

  test('axe finds nothing, and it fits 360 px', async ({ page }) => {
    await page.goto('lessons/derivatives/');
    const w = await openWidget(page, 'Nudge explorer');
    await expectNoAxeViolations(page);
    await expectFitsNarrowScreen(page, w);
  });
});

const num = async (l: Locator): Promise<number> => Number((await l.innerText()).replace('−', '-').replace('%', ''));

test.describe("FourExamplesLab (chapter 9; the plane's lab is lab.spec.ts)", () => {
  test('the four examples: one step at a time, reset and the forgotten zero_grad, from the keyboard', async ({ page }) => {
    const errors = watchForProblems(page);
    await page.goto('lessons/training/');
    const w = await openWidget(page, 'Training lab: the four examples');
    const loss = w.getByTestId('lab-loss');
    const steps = w.getByTestId('lab-step');
    await expect(steps).toHaveText('0');
    await expect(loss).toHaveText('—');

    // The chapter's first step: the loss of the cells above, 6.677270.
    const one = w.getByRole('button', { name: 'One step' });
    await one.focus();
    await page.keyboard.press('Enter');
    await expect(steps).toHaveText('1');
    await expect(loss).toHaveText('6.6773');
    for (let k = 2; k <= 21; k++) {
      await page.keyboard.press('Enter');
      await expect(steps).toHaveText(String(k));
    }
    const after21 = await num(loss);
    expect(after21).toBeLessThan(0.1);
    await expect(w.getByRole('img', { name: /^Loss curve, log scale, over 21 steps: from 6\.6773 at step 1/ })).toBeVisible();
    // Every prediction is now on its target's side.
    const preds = await w.getByTestId('prediction').allInnerTexts();
    expect(preds.map((p) => Math.sign(Number(p.replace('−', '-'))))).toEqual([1, -1, -1, 1]);

    // Reset, then the bug: the same 21 steps without zeroing the grads.
    await w.getByRole('button', { name: 'Reset network' }).focus();
    await page.keyboard.press('Enter');
    await expect(steps).toHaveText('0');
    const forget = w.getByRole('checkbox', { name: 'Forget to zero the grads' });
    await forget.focus();
    await page.keyboard.press('Space');
    await expect(forget).toBeChecked();
    await one.focus();
    for (let k = 1; k <= 21; k++) {
      await page.keyboard.press('Enter');
      await expect(steps).toHaveText(String(k));
    }
    // Stuck: the predictions are pinned to the wrong side (the chapter's 8.000000).
    await expect(loss).toHaveText('8.0000');
    expect(await num(w.getByTestId('lab-grad-size'))).toBeGreaterThan(0);

    // The learning rate answers the arrow keys, and a new rate starts training again.
    const rate = w.getByRole('spinbutton', { name: 'Learning rate' });
    await rate.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(rate).toHaveValue('0.11');
    await expect(steps).toHaveText('0');
    expect(errors).toEqual([]);
  });

  test('axe finds nothing, and it fits 360 px', async ({ page }) => {
    await page.goto('lessons/training/');
    const a = await openWidget(page, 'Training lab: the four examples');
    await openWidget(page, 'Training lab');
    await expectNoAxeViolations(page);
    await expectFitsNarrowScreen(page, a);
  });
});

test.describe('TopoOrder (chapter 5)', () => {
  const ORDER = ['x1', 'w1', 'x1*w1', 'x2', 'w2', 'x2*w2', 'x1*w1 + x2*w2', 'b', 'n', 'o'];

  test('numbers the 10 nodes one event at a time, reverses and resets, from the keyboard', async ({ page }) => {
    const errors = watchForProblems(page);
    await page.goto('lessons/topological-sort/');
    const w = await openWidget(page, 'Topological order, step by step');
    const next = w.getByRole('button', { name: 'Next step' });
    const status = w.getByTestId('topo-status');
    await expect(w.getByRole('button', { name: 'Reverse' })).toBeDisabled();

    await next.focus();
    await page.keyboard.press('Enter');
    await expect(status).toHaveText('Visit o, the output. Its inputs must come first, so it waits on the stack.');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    await expect(w.getByTestId('badge')).toHaveCount(0);
    await page.keyboard.press('Space');
    await expect(status).toHaveText('All inputs of x1 are done: append x1 as number 1.');
    await expect(w.getByTestId('topo-order').getByRole('listitem')).toHaveText(['x1']);
    for (let i = 6; i < 20; i++) await page.keyboard.press('Enter');
    await expect(status).toHaveText('All inputs of o are done: append o as number 10.');
    await expect(next).toBeDisabled();
    await expect(w.getByTestId('topo-order').getByRole('listitem')).toHaveText(ORDER);
    // Drawn in topological order, so the badges read 1 to 10 in document order.
    await expect(w.getByTestId('badge')).toHaveText(ORDER.map((_, i) => String(i + 1)));
    await expect(w.getByRole('img', { name: /10 of 10 appended/ })).toBeVisible();

    // Reverse: the order backward() calls the _backwards in.
    await page.keyboard.press('Tab');
    await expect(w.getByRole('button', { name: 'Reverse' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(w.getByTestId('topo-order').getByRole('listitem')).toHaveText([...ORDER].reverse().map((n) => `${n}._backward()`));
    await expect(w.getByRole('img', { name: /o first/ })).toBeVisible();

    // Done: it counts as the chapter's exercise, and a reload keeps the reversed order.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('micrograd:passed:topological-sort') ?? '[]'))).toContain(
      'topo-order',
    );
    await page.reload();
    const again = await openWidget(page, 'Topological order, step by step');
    await expect(again.getByTestId('topo-order').getByRole('listitem')).toHaveText([...ORDER].reverse().map((n) => `${n}._backward()`));

    // Reset.
    await w.getByRole('button', { name: 'Reset' }).focus();
    await page.keyboard.press('Enter');
    await expect(w.getByTestId('badge')).toHaveCount(0);
    await expect(status).toHaveText('Press Next step to visit o.');
    expect(errors).toEqual([]);
  });

  test('axe finds nothing, and it fits 360 px', async ({ page }) => {
    await page.goto('lessons/topological-sort/');
    const w = await openWidget(page, 'Topological order, step by step');
    for (let i = 0; i < 8; i++) await w.getByRole('button', { name: 'Next step' }).click();
    await expectNoAxeViolations(page);
    await expectFitsNarrowScreen(page, w);
  });
});

test.describe('JavaScript budget', () => {
  /** Gzip size of every script the page has fetched so far (the build's files, compressed here). */
  async function scriptKB(page: Page, urls: Set<string>): Promise<number> {
    const { gzipSync } = await import('node:zlib');
    let total = 0;
    for (const url of urls) {
      const res = await page.request.get(url);
      total += gzipSync(await res.body()).length;
    }
    return total / 1024;
  }

  for (const [slug, names] of [
    ['derivatives', ['Nudge explorer']],
    ['training', ['Training lab: the four examples', 'Training lab']],
  ] as const) {
    test(`chapter ${slug}: under 60 KB gzip of scripts even with its widgets scrolled into view and live`, async ({ page }) => {
      const scripts = new Set<string>();
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script') scripts.add(res.url());
      });
      const requests = followRequests(page);
      await gotoSettled(page, `lessons/${slug}/`);
      const initial = await scriptKB(page, scripts);
      for (const name of names) await openWidget(page, name);
      await requests.quiet();
      const withWidgets = await scriptKB(page, scripts);
      console.log(`${slug}: ${initial.toFixed(1)} KB gzip of scripts on load, ${withWidgets.toFixed(1)} KB with the widgets live`);
      expect(initial).toBeLessThanOrEqual(60);
      expect(withWidgets).toBeLessThanOrEqual(60);
    });
  }
});

test('before an island hydrates, its controls are drawn disabled, never dead', async ({ browser }) => {
  // Without JavaScript no island hydrates: the state a fast reader meets on a slow connection.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const url of [
    'lessons/derivatives/',
    'lessons/manual-gradients/',
    'lessons/closures/',
    'lessons/topological-sort/',
    'lessons/accumulating-gradients/',
    'lessons/training/',
  ]) {
    await page.goto(url);
    const controls = page.locator('astro-island').locator('button, input, select, textarea');
    expect(await controls.count(), url).toBeGreaterThan(0);
    await expect(page.locator('astro-island').locator('button:enabled, input:enabled, select:enabled, textarea:enabled'), url).toHaveCount(
      0,
    );
  }
  await context.close();
});
