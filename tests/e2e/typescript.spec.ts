// The cell editor knows TypeScript (issue 10): errors underlined as the reader
// types, with the message on hover and in a list under the code; completions
// and hover types from the engine and from the cells above; a shared scope in
// which a later cell may redefine a class; types that advise and never block.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { cell, cellWith, output, typeInto } from './cell-helpers.ts';
import { watchForProblems } from './problems.ts';
import { followRequests, gotoSettled } from './settled.ts';

// The first focus loads TypeScript in a worker; on a busy 2-core machine that can take a while.
const TS_READY = 30_000;

const errorsUnder = (c: Locator) => c.locator('.cm-lintRange-error');
const typeList = (c: Locator) => c.locator('.cell-types');

/** Focuses the cell's code, which opens its editor. */
async function openEditor(page: Page, n: number): Promise<Locator> {
  const c = cell(page, n);
  await c.locator('pre.astro-code, .cm-content').first().click();
  await expect(c.locator('.cm-content')).toBeVisible();
  return c;
}

test('chapter 3: the slip is underlined, and its message says what the text says', async ({ page }) => {
  const problems = watchForProblems(page);
  await page.goto('lessons/closures/');
  const n = await cellWith(page, 'out._backward = backward(); // the slip');
  const c = await openEditor(page, n);
  const underline = errorsUnder(c);
  await expect(underline).toHaveCount(1, { timeout: TS_READY });
  await expect(underline).toHaveText('out._backward');
  // The list under the code: keyboard reachable, with the line.
  const item = typeList(c).getByRole('button', { name: /^Line 15: / });
  await expect(item).toHaveText("Line 15: Type 'void' is not assignable to type '() => void'.");
  await expect(typeList(c)).toContainText('1 type error');
  // The message on hover.
  await underline.hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('not assignable');
  // The item takes the reader to the line.
  await item.click();
  await expect(c.locator('.cm-content')).toBeFocused();
  await expect(c.locator('.cm-activeLine')).toContainText('out._backward = backward();');
  expect(problems).toEqual([]);
});

test('completions: new Value(1).m offers mul, with its signature', async ({ page }) => {
  await page.goto('playground/');
  await typeInto(page, 1, 'new Value(1).');
  await page.keyboard.type('m');
  const list = page.locator('.cm-tooltip-autocomplete');
  await expect(list.getByRole('option', { name: 'mul' })).toBeVisible({ timeout: TS_READY });
  // The selected option's signature sits beside the list.
  const selected = (await list.getByRole('option', { selected: true }).innerText()).trim();
  await expect(page.locator('.cm-completionInfo .ts-signature')).toContainText(`Value.${selected}(`);
  // Narrowed to mul: its signature and the engine's doc comment.
  await page.keyboard.type('u');
  await expect(list.getByRole('option', { selected: true })).toHaveText('mul');
  await expect(page.locator('.cm-completionInfo .ts-signature')).toHaveText('(method) Value.mul(other: Operand): Value');
  await expect(page.locator('.cm-completionInfo .ts-doc')).toHaveText('this × other; a number is wrapped in a leaf Value.');
  // Escape closes the list and leaves the caret in the editor; a second Escape leaves the editor.
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(cell(page, 1).locator('.cm-content')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(cell(page, 1).getByRole('button', { name: 'Run', exact: true })).toBeFocused();
});

test('hovering a value shows its type', async ({ page }) => {
  await page.goto('playground/');
  await typeInto(page, 1, 'const o = new Value(2).tanh();\nconst s: string = o.data;\no');
  const c = cell(page, 1);
  // The error says the service is up.
  await expect(errorsUnder(c)).toHaveCount(1, { timeout: TS_READY });
  // The mouse over the "o" that is the whole third line.
  const box = await c
    .locator('.cm-line')
    .nth(2)
    .evaluate((line) => {
      const range = document.createRange();
      range.setStart(line.firstChild!.nodeType === Node.TEXT_NODE ? line.firstChild! : line.firstChild!.firstChild!, 0);
      range.setEnd(range.startContainer, 1);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
  await page.mouse.move(box.x, box.y);
  await expect(page.locator('.ts-hover')).toContainText('const o: Value');
});

test('a later cell redefines Value with a new field: no duplicate error, and the field is known', async ({ page }) => {
  await page.goto('lessons/closures/');
  // Cell 2 defines the chapter's Value; a later cell makes another one.
  const later = await cellWith(page, "const p = new Value(2.0, [], '', 'p');");
  await typeInto(page, later, 'class Value {\n  data = 1;\n  fresh = 2;\n}\nconst s: string = new Value().fresh;');
  const c = cell(page, later);
  // Exactly one complaint: the number put into a string. Nothing about Value being declared twice.
  await expect(typeList(c).getByRole('button')).toHaveText(["Line 5: Type 'number' is not assignable to type 'string'."], {
    timeout: TS_READY,
  });
  // The cell after it sees the new Value.
  const next = await cellWith(page, "const r = new Value(2.0, [], '', 'r');");
  await typeInto(page, next, 'const t: string = new Value().fresh;');
  await expect(typeList(cell(page, next)).getByRole('button')).toHaveText(["Line 1: Type 'number' is not assignable to type 'string'."], {
    timeout: TS_READY,
  });
});

test("a chapter that hides Value does not see the engine's", async ({ page }) => {
  await page.goto('lessons/closures/');
  // Cell 1 comes before the chapter's own class: there is no Value at all.
  await typeInto(page, 1, 'new Value(1)');
  await expect(typeList(cell(page, 1)).getByRole('button')).toHaveText(["Line 1: Cannot find name 'Value'."], { timeout: TS_READY });
  // After it, Value is the chapter's, which has no exp (the engine's has).
  const later = await cellWith(page, "const p = new Value(2.0, [], '', 'p');");
  await typeInto(page, later, 'new Value(1).exp()');
  await expect(typeList(cell(page, later)).getByRole('button')).toHaveText(["Line 1: Property 'exp' does not exist on type 'Value'."], {
    timeout: TS_READY,
  });
});

test('a cell with a type error runs, and its output says how many type errors it has', async ({ page }) => {
  await page.goto('playground/');
  await typeInto(page, 1, "const v: number = 'a';\nv");
  const c = cell(page, 1);
  await expect(errorsUnder(c)).toHaveCount(1, { timeout: TS_READY });
  await c.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output(page, 1).locator('.out-result')).toHaveText('"a"');
  const link = output(page, 1).getByRole('link', { name: '1 type error' });
  await expect(link).toBeVisible();
  const target = await link.getAttribute('href');
  expect(target).toBe(`#${await typeList(c).getAttribute('id')}`);
});

test.describe('when the TypeScript worker cannot load', () => {
  // (No service worker: it would answer the worker's request before the route could fail it.)
  test.use({ serviceWorkers: 'block' });

  test('the cell says its types are not checked, runs, and nothing is thrown', async ({ page }) => {
    const problems = watchForProblems(page);
    await page.route(/ts\.worker/, (route) => route.abort('failed'));
    await page.goto('playground/');
    await typeInto(page, 1, "const v: number = 'a';\nv");
    const c = cell(page, 1);
    await expect(typeList(c)).toHaveText(
      'TypeScript did not load, so this cell’s types are not checked; it still runs. Reload the page to try again.',
      { timeout: TS_READY },
    );
    // Typing on, and asking for completions, use the service that is not there: quietly.
    await page.keyboard.type(';');
    await page.keyboard.press('Control+Space');
    await c.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 1).locator('.out-result')).toHaveText('"a"');
    await expect(output(page, 1).locator('.out-types')).toBeHidden();
    await expect(typeList(c)).toContainText('TypeScript did not load');
    expect(problems.filter((p) => !/^request failed: .*ts\.worker/.test(p))).toEqual([]);
  });
});

test('nothing of the TypeScript service loads before the first focus in an editor', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const followed = followRequests(page);
  await gotoSettled(page, 'lessons/closures/');
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  // Running a cell is not typing in it: the service waits.
  await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'done');
  await followed.quiet();
  expect(requests.filter((u) => /ts\.worker/.test(u))).toEqual([]);
  const loaded = page.waitForRequest(/ts\.worker/);
  await openEditor(page, 1);
  await loaded;
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after a first visit, the diagnostics appear offline', async ({ page, context }) => {
    await page.goto('lessons/closures/');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('never-cached/', { cache: 'no-store' }).then(
          () => 'fetched',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    const n = await cellWith(page, 'out._backward = backward(); // the slip');
    const c = await openEditor(page, n);
    await expect(errorsUnder(c)).toHaveCount(1, { timeout: TS_READY });
    await expect(typeList(c)).toContainText("Type 'void' is not assignable to type '() => void'.");
    await context.setOffline(false);
  });
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing with a diagnostic tooltip and the completion list open (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('playground/');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    await typeInto(page, 1, "const v: number = 'a';\nconst w = new Value(1);\n");
    const c = cell(page, 1);
    await expect(errorsUnder(c)).toHaveCount(1, { timeout: TS_READY });
    await errorsUnder(c).hover();
    await expect(page.locator('.cm-tooltip-lint')).toBeVisible();
    // The cell holds the editor and its tooltips; quality.spec scans the whole playground.
    expect(await axeViolations(page, { include: '#cell-1', label: `${theme}, diagnostic tooltip` })).toEqual([]);
    await c.locator('.cm-content').focus();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('w.');
    await expect(page.locator('.cm-tooltip-autocomplete').getByRole('option', { name: 'mul' })).toBeVisible();
    await expect(page.locator('.cm-completionInfo')).toBeVisible();
    expect(await axeViolations(page, { include: '#cell-1', label: `${theme}, completion list` })).toEqual([]);
  });
}

test("chapter 7: a + b on two Values gets TypeScript's answer, and the cell runs", async ({ page }) => {
  await page.goto('lessons/more-ops/');
  const n = await cellWith(page, 'm + k');
  const c = await openEditor(page, n);
  await expect(typeList(c).getByRole('button')).toHaveText(["Line 3: Operator '+' cannot be applied to types 'Value' and 'Value'."], {
    timeout: TS_READY,
  });
  await c.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output(page, n).locator('.out-result')).toContainText('Value(data=2, grad=0)Value(data=3, grad=0)');
  await expect(output(page, n).getByRole('link', { name: '1 type error' })).toBeVisible();
});

// Issue 31, item 3: a scripted reader (fresh context, the playground, cell 1
// edited, a 1.5 s pause, Run) saw no output within 12 s, the first run racing
// the TypeScript service's load. The same steps, timed from the click.
for (const [what, code, shown] of [
  ['a value', 'const v = new Value(3.0);\nconsole.log(v.data)', '3'],
  ['a syntax error', 'const v = new Value(3.0;', 'SyntaxError'],
] as const) {
  test(`on a fresh page, Run right after an edit shows ${what} within 12 s while TypeScript loads`, async ({ page }) => {
    await page.goto('playground/');
    await typeInto(page, 1, code);
    await page.waitForTimeout(1500);
    const t0 = Date.now();
    await cell(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(page, 1)).toContainText(shown, { timeout: 12_000 });
    expect(Date.now() - t0).toBeLessThan(12_000);
    await expect(cell(page, 1).getByText('This cell was updated')).toBeHidden();
  });
}
