// Shows the reader's progress on the chapter sidebar and the chapter list:
// every element with data-progress="<lesson>" (and data-exercises, the JSON
// list of its exercises as lessons/exercises.ts finds them)
// gets a mark with a text alternative in its [data-mark] child, and "N to
// review" on its [data-review] link when the review has items due. The same
// storage functions the cells use (src/runtime/storage.ts) read it. Tiny and
// framework-free: it runs on every page that lists chapters.

import { PROGRESS_EVENT, REVIEW_EVENT, chapterProgress, countDue, markVisited, type ExerciseKey } from '../runtime/progress.ts';

const MARKS = {
  done: { icon: '✓', text: 'visited, all exercises passed' },
  visited: { icon: '•', text: 'visited' },
} as const;

/** "N to review" where N > 0: on each chapter's [data-review] link, and the total on [data-review-total]. */
function showReview(root: ParentNode, due: Map<string, number>): void {
  const say = (el: HTMLElement | null, n: number) => {
    if (!el) return;
    el.hidden = n === 0;
    el.textContent = `${n} to review`;
  };
  for (const el of root.querySelectorAll<HTMLElement>('[data-progress]'))
    say(el.querySelector<HTMLElement>('[data-review]'), due.get(el.dataset.progress ?? '') ?? 0);
  for (const el of root.querySelectorAll<HTMLElement>('[data-review-total]'))
    say(
      el,
      [...due.values()].reduce((a, b) => a + b, 0),
    );
}

export function showProgress(root: ParentNode = document): void {
  showReview(root, countDue());
  for (const el of root.querySelectorAll<HTMLElement>('[data-progress]')) {
    const exercises = parseExercises(el.dataset.exercises);
    const p = chapterProgress(el.dataset.progress ?? '', exercises);
    const state = p.done ? 'done' : p.visited ? 'visited' : '';
    el.dataset.state = state;
    const mark = el.querySelector<HTMLElement>('[data-mark]');
    if (!mark) continue;
    if (!state) {
      mark.replaceChildren();
      mark.removeAttribute('title');
      continue;
    }
    const { icon, text } = MARKS[state];
    const shown = document.createElement('span');
    shown.setAttribute('aria-hidden', 'true');
    shown.textContent = icon;
    const alt = document.createElement('span');
    alt.className = 'nav-sr';
    alt.textContent = ` (${text})`;
    mark.replaceChildren(shown, alt);
    mark.title = text[0].toUpperCase() + text.slice(1);
  }
}

/** Records a visit to `lesson` (if given), shows the marks, and keeps them current as exercises pass. */
export function trackProgress(lesson?: string): void {
  if (lesson) markVisited(lesson);
  const refresh = () => showProgress();
  refresh();
  addEventListener(PROGRESS_EVENT, refresh);
  addEventListener(REVIEW_EVENT, refresh);
  // Another tab passing an exercise, or the page coming back from the history cache.
  addEventListener('storage', refresh);
  addEventListener('pageshow', refresh);
}

function parseExercises(text: string | undefined): ExerciseKey[] {
  try {
    const v = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((e): e is ExerciseKey => typeof e?.id === 'string' && typeof e?.n === 'number') : [];
  } catch {
    return [];
  }
}
