// Section headings link to themselves, so a reader can share a section.
import { test, expect } from '@playwright/test';

test('a section heading is a link to its own address, and looks like a heading', async ({ page }) => {
  await page.goto('lessons/closures/');
  const heading = page.getByRole('heading', { level: 2, name: 'Functions that remember', exact: true });
  const link = heading.getByRole('link', { name: 'Functions that remember', exact: true });
  await expect(link).toHaveAttribute('href', '#functions-that-remember');
  // Not link-coloured or underlined: the same colour as a heading without a link.
  const [linkColour, headingColour, underline] = await link.evaluate((a) => [
    getComputedStyle(a).color,
    getComputedStyle(a.parentElement!).color,
    getComputedStyle(a).textDecorationLine,
  ]);
  expect(linkColour).toBe(headingColour);
  expect(underline).toBe('none');
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/closures\/#functions-that-remember$/);
  // The outline of the page points at the same place.
  await expect(
    page.getByRole('navigation', { name: /On this page/i }).getByRole('link', { name: 'Functions that remember' }),
  ).toHaveAttribute('href', /#functions-that-remember$/);
});
