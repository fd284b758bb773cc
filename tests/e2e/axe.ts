// One axe configuration for every browser test: axe's defaults plus WCAG 2.2's
// target size (2.5.8: 24 by 24 px, or room around it), which axe leaves off.
//
// Legacy mode and violations only, for speed, with the same violations found:
// on lessons/making-it-fast/ (5,580 elements) the default scan took 21.5 s, this
// one 5.5 s. Legacy mode runs axe.run in the page and its (same-origin) frames,
// where the default runs axe.runPartial there and axe.finishRun in a new blank
// page; resultTypes: ['violations'] keeps violations whole and only trims the
// detail of passes, incomplete and inapplicable results, which no test reads.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export interface AxeScan {
  /** Selectors to scan (each one must match); the whole page when absent. */
  include?: string | string[];
  /** Starts each line, to tell scans apart in a failure: a scheme, a moment. */
  label?: string;
}

/**
 * axe's violations on the page (or in `include`), one readable line each:
 * `label: rule (impact): help @ the first 5 targets`. Expect `[]`.
 */
export async function axeViolations(page: Page, { include = [], label }: AxeScan = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
  for (const selector of typeof include === 'string' ? [include] : include) builder = builder.include(selector);
  const { violations } = await builder.analyze();
  return violations.map((v) => {
    const targets = v.nodes
      .slice(0, 5)
      .map((n) => n.target.join(' '))
      .join(', ');
    const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
    return `${label ? `${label}: ` : ''}${v.id} (${v.impact}): ${v.help} @ ${targets}${more}`;
  });
}
