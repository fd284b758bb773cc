// Finding elements the way the Chromium specs do (role + accessible name),
// for drivers that have no such locator. It runs in the page, so it is one
// self-contained function: each driver serialises it with its arguments.

export type Role = 'button' | 'group' | 'img' | 'status' | 'link' | 'listitem' | 'heading' | 'combobox';

/** One step of a query: elements matching it inside every match of the step before. */
export interface Step {
  role?: Role;
  css?: string;
  /** The accessible name, exactly (whitespace collapsed). */
  name?: string;
  namePrefix?: string;
  /** Text the element contains. */
  text?: string;
}
export type Query = Step[];

export type QueryOp = 'element' | 'first' | 'clickable' | 'count' | 'text' | 'attr' | 'focused' | 'shown';

/**
 * Runs `op` on what `steps` find: 'element' the first shown match (or null),
 * 'first' the first match, shown or not (an <option> of a closed <select>),
 * 'clickable' that match scrolled to the middle of the window, if it is where
 * it was at the last such call (not moving) and a click at its centre reaches
 * it (no sticky header over it), else null,
 * 'count' how many match, 'text' the first match's innerText (or null),
 * 'attr' its attribute `arg`, 'focused' whether it holds the focus,
 * 'shown' whether any match is rendered.
 */
export function pageQuery(steps: Step[], op: QueryOp, arg?: string): unknown {
  const ROLES: Record<string, string> = {
    button: 'button, [role="button"]',
    group: '[role="group"], fieldset',
    img: '[role="img"], img',
    status: '[role="status"], output',
    link: 'a[href], [role="link"]',
    listitem: 'li, [role="listitem"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
    combobox: 'select, [role="combobox"]',
  };
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (el: Element): string => {
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return norm(
        by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    const label = el.getAttribute('aria-label');
    if (label) return norm(label);
    if (el instanceof HTMLImageElement) return norm(el.alt);
    if (el instanceof SVGElement) return norm(el.querySelector(':scope > title')?.textContent);
    return norm(el.textContent);
  };
  const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  let scope: Element[] = [document.documentElement];
  for (const step of steps) {
    const roleCss = step.role ? ROLES[step.role] : undefined;
    const found = new Set<Element>();
    for (const root of scope) {
      for (const el of root.querySelectorAll(step.css ?? roleCss ?? '*')) {
        if (step.css && roleCss && !el.matches(roleCss)) continue;
        if (step.name !== undefined && nameOf(el) !== step.name) continue;
        if (step.namePrefix !== undefined && !nameOf(el).startsWith(step.namePrefix)) continue;
        if (step.text !== undefined && !norm(el.textContent).includes(step.text)) continue;
        found.add(el);
      }
    }
    scope = [...found];
  }
  const first = scope.find(shown) ?? null;
  switch (op) {
    case 'element':
      return first;
    case 'first':
      return scope[0] ?? null;
    case 'clickable': {
      if (!first) return null;
      first.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      const r = first.getBoundingClientRect();
      const where = `${r.left},${r.top},${r.width},${r.height}`;
      const last = window as unknown as { __lastClickable?: { el: Element; where: string } };
      const still = last.__lastClickable?.el === first && last.__lastClickable.where === where;
      last.__lastClickable = { el: first, where };
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return still && hit && (hit === first || first.contains(hit)) ? first : null;
    }
    case 'count':
      return scope.length;
    case 'text':
      return first ? ((first as HTMLElement).innerText ?? first.textContent) : null;
    case 'attr':
      return scope[0]?.getAttribute(arg ?? '') ?? null;
    case 'focused':
      return scope.some((el) => el === document.activeElement || el.contains(document.activeElement));
    case 'shown':
      return first !== null;
  }
}
