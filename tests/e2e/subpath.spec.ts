// The site built with BASE_PATH=/sub/ and served under /sub/, as a project
// page on GitHub Pages would be: every link, asset and script must stay inside.
import { test, expect } from '@playwright/test';
import { onFailedRequest } from './problems.ts';
import { followRequests } from './settled.ts';

test('under /sub/: home, chapter 1 and back, with nothing fetched outside /sub/', async ({ page }) => {
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.hostname === '127.0.0.1' && !url.pathname.startsWith('/sub/')) outside.push(url.pathname);
  });
  onFailedRequest(page, (line) => failed.push(line));
  const requests = followRequests(page);
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });

  await page.goto('./');
  await expect(page).toHaveURL(/\/sub\/$/);
  await requests.quiet();
  await page.getByRole('link', { name: 'Derivatives by nudging' }).click();
  await expect(page).toHaveURL(/\/sub\/lessons\/derivatives\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Derivatives by nudging' })).toBeVisible();
  await expect(page.locator('.katex-display').first()).toBeVisible();
  // Leaving before the chapter's scripts arrive would abort them, which is the
  // reader's doing, not a broken link: let the page finish loading first, and its
  // islands (which load their chunks once on screen) too.
  await page.waitForLoadState('load');
  await requests.quiet();
  await page.getByRole('link', { name: 'micrograd, step by step' }).first().click();
  await expect(page).toHaveURL(/\/sub\/$/);
  await page.waitForLoadState('load');
  // The home page's live graph loads its chunks after 'load': the test ending would abort them.
  await requests.quiet();

  expect(outside).toEqual([]);
  expect(failed).toEqual([]);
});

test('under /sub/: a cell runs and draws its graph', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto('playground/');
  const cell = page.getByRole('group', { name: 'Code cell 1', exact: true });
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Output of cell 1', exact: true })).toContainText('Value(data=0.7071');
  await expect(cell.getByRole('img', { name: /^Computation graph of 10 values/ })).toBeVisible();
  expect(problems).toEqual([]);
});

test('under /sub/: search finds "topological" and links into the chapter', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.hostname === '127.0.0.1' && !url.pathname.startsWith('/sub/')) outside.push(url.pathname);
  });
  await page.goto('lessons/derivatives/');
  await page.getByRole('button', { name: /Search/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Search the chapters' });
  await dialog.getByRole('textbox').fill('topological');
  const link = dialog.locator('a[href^="/sub/lessons/topological-sort/"]').first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/sub\/lessons\/topological-sort\//);
  expect(outside).toEqual([]);
});

test('under /sub/: the review counts and links inside /sub/', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => {
    const item = {
      id: 'widget:GradQuiz/e',
      source: 'widget:GradQuiz',
      question: 'What is the grad of e?',
      check: { kind: 'number', want: -2 },
    };
    const t = Date.now() - 1000;
    localStorage.setItem('micrograd:review:manual-gradients', JSON.stringify({ [item.id]: { ...item, step: 0, due: t, missed: t } }));
  });
  await page.reload();
  const count = page.locator('[data-review-total]');
  await expect(count).toHaveText('1 to review');
  await count.click();
  await expect(page).toHaveURL(/\/sub\/review\/$/);
  const item = page.getByRole('list', { name: 'Due now' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item.getByRole('link', { name: /^Chapter 2: / })).toHaveAttribute('href', /^\/sub\/lessons\/manual-gradients\//);
});
