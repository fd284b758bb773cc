// The review page's items: each due item asked again, oldest-due first, and
// checked by the code that checked it where it was first asked (a number as
// Predict first reads it, a cell's print as a `predict` cell compares it; an
// exercise is passed again on its page). Items whose lesson no longer has
// them are dropped, and the page says so. Framework-free.

import { INTERVALS, dueFirst, stillTaught, type ReviewItem } from '../../runtime/review.ts';
import { forget, loadReview, recordAnswer, reviewLessons } from '../../runtime/review-store.ts';
import { isNear, isSameName } from '../../runtime/graph/answer.ts';
import { formatExplanationNumber } from '../../runtime/format.ts';
import { matches } from '../cells/print-match.ts';

/** Where a lesson's cells and widgets are, from the build (review.astro). */
interface Place {
  title: string;
  url: string;
  cells: Record<string, number>;
  widgets: string[];
  /** The reader's own cells (the playground): any source is there. */
  open?: boolean;
}

type Kept = ReviewItem & { lesson: string };

function has(place: Place | undefined, source: string): boolean {
  if (!place) return false;
  if (place.open) return true;
  if (source.startsWith('cell:')) return Object.hasOwn(place.cells, source.slice(5));
  if (source.startsWith('widget:')) return place.widgets.includes(source.slice(7));
  return false;
}

function hrefOf(place: Place, item: ReviewItem): string {
  const n = item.source.startsWith('cell:') ? place.cells[item.source.slice(5)] : undefined;
  const anchor = n !== undefined ? `cell-${n}` : item.anchor;
  return anchor ? `${place.url}#${anchor}` : place.url;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const shown = (item: ReviewItem) =>
  item.check.kind === 'number'
    ? formatExplanationNumber(item.check.want)
    : item.check.kind === 'printed' || item.check.kind === 'name'
      ? item.check.want.trim()
      : '';

/** Whether an answer is right, by the check of the place that first asked it. */
function isRight(item: ReviewItem, answer: string): boolean {
  if (item.check.kind === 'number') return isNear(answer, item.check.want);
  if (item.check.kind === 'printed') return matches(answer, item.check.want);
  if (item.check.kind === 'name') return isSameName(answer, item.check.want);
  return false;
}

export function showReview(now = Date.now()): void {
  let places: Record<string, Place> = {};
  try {
    places = JSON.parse(document.getElementById('review-places')?.textContent ?? '{}') as Record<string, Place>;
  } catch {
    /* no map: every item reads as gone, which cannot be right; show none */
    return;
  }
  const summary = document.querySelector<HTMLElement>('[data-review-summary]')!;
  const list = document.querySelector<HTMLOListElement>('[data-review-list]')!;
  const later = document.querySelector<HTMLElement>('[data-review-later]')!;
  const laterList = document.querySelector<HTMLElement>('[data-review-later-list]')!;

  const kept: Kept[] = [];
  let gone = 0;
  for (const lesson of reviewLessons()) {
    const items = [...loadReview(lesson).values()].map((i) => ({ ...i, lesson }));
    const split = stillTaught(items, (s) => has(places[lesson], s));
    if (split.gone.length > 0)
      forget(
        lesson,
        split.gone.map((i) => i.id),
      );
    gone += split.gone.length;
    kept.push(...split.kept);
  }
  const due = dueFirst(kept, now);
  const upcoming = kept.filter((i) => !due.includes(i)).sort((a, b) => a.due - b.due);

  const parts = [due.length === 0 ? 'Nothing is due now.' : `${due.length} due now, oldest first.`];
  if (upcoming.length > 0) parts.push(`${upcoming.length} coming up, the next on ${day(upcoming[0].due)}.`);
  if (due.length === 0 && upcoming.length === 0) parts.push('What you miss in a chapter will come back here.');
  if (gone > 0) parts.push(`${gone} dropped: ${gone === 1 ? 'its chapter no longer has it' : 'their chapters no longer have them'}.`);
  summary.textContent = parts.join(' ');

  list.replaceChildren(...due.map((item, i) => itemView(item, places[item.lesson], `review-${i}`)));
  list.hidden = due.length === 0;

  laterList.replaceChildren(
    ...upcoming.map((item) => {
      const li = el('li', '', `${item.question.length > 120 ? `${item.question.slice(0, 117)}…` : item.question} `);
      li.append(el('span', 'muted', `(${places[item.lesson].title}; due ${day(item.due)})`));
      return li;
    }),
  );
  later.hidden = upcoming.length === 0;
}

function itemView(item: Kept, place: Place, uid: string): HTMLLIElement {
  const li = el('li', 'review-item');
  const where = el('p', 'review-where', 'Taught in ');
  const link = el('a', '', place.title);
  link.href = hrefOf(place, item);
  where.append(link);
  const q = el('p', 'review-question', item.question);
  q.id = `${uid}-q`;
  li.append(where, q);
  if (item.code) {
    const pre = el('pre', 'review-code');
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', 'The code');
    pre.append(el('code', '', item.code));
    li.append(pre);
  }
  const verdict = el('p', 'review-verdict verdict');
  verdict.setAttribute('role', 'status');
  verdict.tabIndex = -1;

  if (item.check.kind === 'exercise') {
    const p = el('p', 'review-question', 'Open it where it was taught and pass its check again: that moves it on. ');
    const go = el('a', '', 'Do the exercise again');
    go.href = link.href;
    p.append(go);
    li.append(p);
    return li;
  }

  const form = el('form', 'review-answer');
  const label = el(
    'label',
    '',
    item.check.kind === 'number'
      ? 'Your answer (a number)'
      : item.check.kind === 'name'
        ? "Your answer (a value's name)"
        : 'What it prints',
  );
  const input = el('input');
  input.id = label.htmlFor = `${uid}-a`;
  input.type = 'text';
  input.autocomplete = 'off';
  input.spellcheck = false;
  if (item.check.kind === 'number') input.inputMode = 'decimal';
  input.setAttribute('aria-describedby', q.id);
  const check = el('button', 'btn btn-primary', 'Check');
  check.type = 'submit';
  form.append(label, input, check);
  li.append(form, verdict);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (li.classList.contains('answered')) return;
    if (input.value.trim() === '') {
      verdict.className = 'review-verdict verdict';
      verdict.textContent = 'Write your answer first.';
      input.focus();
      return;
    }
    const right = isRight(item, input.value);
    const now = recordAnswer(item.lesson, item.id, right);
    li.classList.add('answered');
    input.readOnly = true;
    check.remove();
    verdict.className = `review-verdict verdict ${right ? 'right' : 'wrong'}`;
    if (right) {
      li.classList.add('done');
      verdict.textContent = now
        ? `✓ Right. It comes back in ${INTERVALS[now.step]} days.`
        : '✓ Right, for the last time: it will not come back.';
    } else {
      verdict.textContent = `✗ Not quite: the answer is ${shown(item)}. It comes back tomorrow; ${place.title} explains it.`;
    }
    // The Check button is gone: focus stays here, on the verdict (never dropped to the page); Tab goes on to the next item.
    verdict.focus();
  });
  return li;
}
