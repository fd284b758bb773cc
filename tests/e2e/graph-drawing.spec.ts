import { test, expect, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { typeInto } from './cell-helpers.ts';
import { button, node, openExample, runAndDraw } from './graph-helpers.ts';

// Drawings that match the code and are seen whole (issue 26, items 6, 8 and
// 10): a lesson's graph fits its frame at readable text on a laptop, an
// unlabelled value is named by its expression, a + a shows two arrows, edges
// can carry their local derivatives, and on a phone an input and its output
// are seen together.
const CHAPTER_2 = 'lessons/manual-gradients/';
const CHAPTER_3 = 'lessons/closures/';
const CHAPTER_4 = 'lessons/ordered-calls/';

/** The size node text is drawn at, in CSS pixels. */
async function textPx(figure: Locator): Promise<number> {
  return figure.getByRole('img', { name: /^Computation graph/ }).evaluate((svg) => {
    const s = svg as SVGSVGElement;
    return (s.getBoundingClientRect().width / s.viewBox.baseVal.width) * Number(s.getAttribute('font-size'));
  });
}

/**
 * The labels of the values drawn wholly inside the frame's visible box (the
 * scroller's, cut by any box around it that clips, such as a cell's), and those that are not.
 */
async function inFrame(figure: Locator): Promise<{ inside: string[]; outside: string[] }> {
  return figure.locator('.scroller').evaluate((scroller) => {
    const r0 = scroller.getBoundingClientRect();
    const seen = {
      left: r0.left + scroller.clientLeft,
      top: r0.top + scroller.clientTop,
      right: r0.left + scroller.clientLeft + scroller.clientWidth,
      bottom: r0.top + scroller.clientTop + scroller.clientHeight,
    };
    for (let el = scroller.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      // A box that clips (or scrolls) shows only its client area: borders and scrollbars are not seen through.
      const r = el.getBoundingClientRect();
      const left = r.left + el.clientLeft;
      const top = r.top + el.clientTop;
      seen.left = Math.max(seen.left, left);
      seen.top = Math.max(seen.top, top);
      seen.right = Math.min(seen.right, left + el.clientWidth);
      seen.bottom = Math.min(seen.bottom, top + el.clientHeight);
    }
    const inside: string[] = [];
    const outside: string[] = [];
    for (const g of scroller.querySelectorAll<SVGGElement>('g.value')) {
      const r = g.querySelector('rect.record')!.getBoundingClientRect();
      const whole = r.left >= seen.left && r.right <= seen.right && r.top >= seen.top && r.bottom <= seen.bottom;
      (whole ? inside : outside).push(g.dataset.label ?? '?');
    }
    return { inside, outside };
  });
}

async function expectWhole(figure: Locator, count: number): Promise<void> {
  await expect(figure.locator('g.value')).toHaveCount(count);
  await expect.poll(async () => (await inFrame(figure)).outside, { message: 'values outside the visible frame' }).toEqual([]);
  expect(await textPx(figure)).toBeGreaterThanOrEqual(11);
}

test.describe('at 1280 px a lesson graph is seen whole, at readable text', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("chapter 2's first graph (L) and its neuron", async ({ page }) => {
    await page.goto(CHAPTER_2);
    await expectWhole(await runAndDraw(page, 3), 7);
    await expectWhole(await openExample(page, /neuron/), 10);
  });

  test("chapter 3's first graph and its neuron", async ({ page }) => {
    await page.goto(CHAPTER_3);
    await expectWhole(await runAndDraw(page, 3), 3);
    await expectWhole(await openExample(page, /neuron/), 10);
  });

  test("chapter 4's first graph, the neuron", async ({ page }) => {
    await page.goto(CHAPTER_4);
    await expectWhole(await runAndDraw(page, 2), 10);
  });
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the neuron's n and o are both in the visible frame, and Fit fits the whole graph", async ({ page }) => {
    await page.goto(CHAPTER_4);
    const figure = await runAndDraw(page, 2);
    await figure.scrollIntoViewIfNeeded();
    const both = async () => (await inFrame(figure)).inside.filter((l) => l === 'n' || l === 'o').sort();
    await expect.poll(both).toEqual(['n', 'o']);
    expect(await textPx(figure)).toBeGreaterThanOrEqual(11);
    // Not all of it at readable text on a phone: the leaves are out of the frame until Fit.
    expect((await inFrame(figure)).outside.length).toBeGreaterThan(0);
    await button(figure, 'Zoom in').click();
    await button(figure, 'Zoom in').click();
    await button(figure, 'Fit').click();
    await expect.poll(async () => (await inFrame(figure)).outside, { message: 'values outside the visible frame' }).toEqual([]);
    expect((await inFrame(figure)).inside).toHaveLength(10);
    // Zooming in from the whole brings the text back to a readable size.
    await button(figure, 'Zoom in').click();
    await button(figure, 'Zoom in').click();
    await button(figure, 'Zoom in').click();
    await button(figure, 'Zoom in').click();
    await expect.poll(() => textPx(figure)).toBeGreaterThanOrEqual(11);
  });

  test("the table's step buttons are on screen", async ({ page }) => {
    await page.goto('playground/');
    const figure = await runAndDraw(page, 1);
    await button(figure, 'Table').click();
    const step = figure.getByRole('button', { name: 'call o._backward()', exact: true });
    await step.scrollIntoViewIfNeeded();
    const box = (await step.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // Without scrolling the table sideways: it is where the table starts.
    expect(await figure.locator('.table-wrap').evaluate((w) => w.scrollLeft)).toBe(0);
  });
});

test.describe('drawings that match the code', () => {
  async function draw(page: Page, code: string): Promise<Locator> {
    await page.goto('playground/');
    await typeInto(page, 1, code);
    return runAndDraw(page, 1);
  }

  test("the playground's a.exp() is drawn as exp(a), never as an internal #id", async ({ page }) => {
    const figure = await draw(page, "const a = new Value(2, [], '', 'a');\ndraw(a.exp().mul(3));");
    await expect(node(figure, 'exp(a)')).toHaveCount(1);
    await expect(node(figure, 'exp(a)*3')).toHaveCount(1);
    await expect(node(figure, 'exp(a)').locator('text.label')).toHaveText('exp(a)');
    await expect(figure.locator('text.label', { hasText: /^#/ })).toHaveCount(0);
    await expect(figure.getByRole('button', { name: 'call exp(a)._backward()' })).toHaveCount(1);
  });

  test('a + a shows two arrows whose paths are at least 4 px apart', async ({ page }) => {
    const figure = await draw(page, "const a = new Value(3, [], '', 'a');\nconst b = a.add(a);\nb.label = 'b';\ndraw(b);");
    const fromA = figure.locator('path.edge[data-edge^="v"]');
    await expect(fromA).toHaveCount(2);
    const gap = await fromA.evaluateAll((paths) => {
      // Each path's middle, in screen pixels.
      const mids = (paths as SVGPathElement[]).map((p) => {
        const m = p.getPointAtLength(p.getTotalLength() / 2);
        const ctm = p.getScreenCTM()!;
        return { x: m.x * ctm.a + ctm.e, y: m.y * ctm.d + ctm.f };
      });
      return Math.hypot(mids[0].x - mids[1].x, mids[0].y - mids[1].y);
    });
    expect(gap).toBeGreaterThanOrEqual(4);
  });

  test('the zero-grads question takes focus, and Enter on it leaves focus on the graph', async ({ page }) => {
    await page.goto('playground/');
    const figure = await runAndDraw(page, 1);
    await button(figure, 'backward()').click();
    await expect(node(figure, 'o').locator('text.grad')).toHaveText('grad 1.0000');
    await button(figure, 'backward()').focus();
    await page.keyboard.press('Enter');
    const ask = figure.getByRole('alertdialog');
    await expect(button(ask, 'Zero grads first')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ask).toHaveCount(0);
    await expect(button(figure, 'backward()')).toBeFocused();
    expect(await figure.evaluate((f) => f.contains(document.activeElement))).toBe(true);
    // Cancel gives focus back too.
    await page.keyboard.press('Enter');
    await expect(button(ask, 'Zero grads first')).toBeFocused();
    await button(ask, 'Cancel').press('Enter');
    await expect(button(figure, 'backward()')).toBeFocused();
  });
});

test.describe('edge labels', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`chapter 2's L carries each edge's local derivative, and axe finds nothing (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(CHAPTER_2);
      const figure = await openExample(page, /local derivative on every edge/);
      const labels = figure.locator('text.edge-label');
      await expect(labels).toHaveCount(6);
      await expect(labels.filter({ hasText: /^×b\.data = −3$/ })).toHaveCount(1);
      await expect(labels.filter({ hasText: /^×1$/ })).toHaveCount(2);
      expect(await axeViolations(page, { include: 'figure.graph-view', label: colorScheme })).toEqual([]);
    });
  }
});
