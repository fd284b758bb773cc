// Finding a graph the way a reader does: a lesson's static example by its
// figure's name, or the graph a cell's draw() made; then its values and buttons.
import { expect, type Locator, type Page } from '@playwright/test';
import { cell } from './cell-helpers.ts';

/** A static example's figure on the current page, scrolled into view and hydrated (client:visible). */
export async function openExample(page: Page, name: RegExp): Promise<Locator> {
  const figure = page.getByRole('figure', { name }).first();
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr', /.*/);
  return figure;
}

/** Runs cell n and returns the graph its draw() made (the last one under it). */
export async function runAndDraw(page: Page, n: number): Promise<Locator> {
  const c = cell(page, n);
  await c.getByRole('button', { name: 'Run' }).click();
  const figure = c.locator('figure.graph-view').last();
  await expect(figure.getByRole('img', { name: /^Computation graph/ })).toBeVisible({ timeout: 15_000 });
  return figure;
}

export const node = (figure: Locator, label: string) => figure.locator(`g.value[data-label="${label}"]`);
export const grad = (figure: Locator, label: string) => node(figure, label).locator('text.grad');
export const call = (figure: Locator, label: string) => figure.getByRole('button', { name: `call ${label}._backward()`, exact: true });
export const button = (figure: Locator, name: string) => figure.getByRole('button', { name, exact: true });
export const explanation = (figure: Locator) => figure.getByTestId('explanation');
