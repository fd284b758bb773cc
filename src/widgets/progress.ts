// A widget that is an exercise (the topological sort): what the
// reader did in it is kept over a reload, and finishing it counts towards the
// chapter's ✓ like a passed cell. The lesson's id comes from the page
// ([data-lesson] on the notebook); lessons/exercises.ts lists these widgets as the
// chapter's exercises, under the same ids.

import { markPassed, readPassed } from '../runtime/progress.ts';

export { WIDGET_EXERCISES } from '../lib/widget-exercises.ts';

export interface WidgetProgress<T> {
  /** The state saved by the last visit, if it is still of the right shape. */
  load(): T | null;
  save(state: T): void;
  /** The reader finished the widget: it counts as a passed exercise. */
  pass(): void;
  passed(): boolean;
}

const lessonOf = (): string | null => document.querySelector<HTMLElement>('[data-lesson]')?.dataset.lesson ?? null;

export function widgetProgress<T>(id: string, valid: (v: unknown) => v is T): WidgetProgress<T> {
  const lesson = typeof document === 'undefined' ? null : lessonOf();
  const key = lesson ? `micrograd:widget:${lesson}:${id}` : null;
  return {
    load() {
      if (!key) return null;
      try {
        const v: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
        return valid(v) ? v : null;
      } catch {
        return null;
      }
    },
    save(state) {
      if (!key) return;
      try {
        localStorage.setItem(key, JSON.stringify(state));
      } catch {
        /* not kept: the widget still works */
      }
    },
    pass() {
      if (lesson) markPassed(lesson, id);
    },
    passed: () => (lesson ? readPassed(lesson).includes(id) : false),
  };
}
