// Small steps the journeys share: opening a cell's editor, typing into it,
// and asking the tab and the server whether anything went wrong.
import assert from 'node:assert/strict';
import type { Query } from './page-query.ts';
import type { Site } from './site.ts';
import { waitFor, waitShown, type Tab } from './tab.ts';

/** Clicks a cell's code (which loads the editor), then into the editor, and waits for it to hold the focus. */
export async function openEditor(tab: Tab, cell: Query): Promise<void> {
  await tab.click([...cell, { css: 'pre.astro-code, .cm-content' }]);
  await waitShown(tab, [...cell, { css: '.cm-content' }], 'the editor');
  await tab.click([...cell, { css: '.cm-content' }]);
  await waitFor(
    () => tab.query([...cell, { css: '.cm-content' }], 'focused'),
    (v) => v === true,
    'the editor to hold the focus',
  );
}

/** Replaces a cell's code by typing it, key by key (lines joined by Enter). */
export async function typeCode(tab: Tab, cell: Query, lines: string[]): Promise<void> {
  await openEditor(tab, cell);
  await tab.press('Control+a');
  await tab.press('Delete');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await tab.press('Enter');
    await tab.type(line);
  }
}

/** Fails with whatever the page or the server saw go wrong. */
export async function expectNoProblems(tab: Tab, site: Site, when: string): Promise<void> {
  assert.deepEqual([...(await tab.problems()), ...site.takeHttpErrors()], [], `problems ${when}`);
}

export const cellQ = (n: number): Query => [{ role: 'group', name: `Code cell ${n}` }];
export const outputQ = (n: number): Query => [{ role: 'status', name: `Output of cell ${n}` }];
export const runQ = (n: number): Query => [...cellQ(n), { role: 'button', name: 'Run' }];
