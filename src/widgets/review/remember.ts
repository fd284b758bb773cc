// Keeps what the reader missed for the review (../../runtime/review-store.ts),
// with where it was asked: the lesson from the page ([data-lesson]) and an
// anchor near the element. Every place that checks an answer (graphs, predict
// cells, exercises, TopoOrder) goes through here.

import { recordAnswer, recordMiss } from '../../runtime/review-store.ts';
import type { ReviewQuestion } from '../../runtime/review.ts';

function lessonOf(el: Element | null | undefined): string | null {
  const host = el?.closest<HTMLElement>('[data-lesson]') ?? document.querySelector<HTMLElement>('[data-lesson]');
  return host?.dataset.lesson ?? null;
}

/** The id to link to: the cell's, else the element's own, else the last heading with an id before it. */
function anchorNear(el: Element): string | undefined {
  const own = el.closest('[data-cell][id]') ?? (el.id ? el : null);
  if (own) return own.id;
  let found: string | undefined;
  for (const h of document.querySelectorAll('h2[id], h3[id]')) {
    if (!(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    found = h.id;
  }
  return found;
}

/** A checked answer: a miss is kept (or started over); a right one moves a kept item on. Off any lesson page (the home page's graph), nothing. */
export function remember(el: Element | null | undefined, q: Omit<ReviewQuestion, 'anchor'>, right: boolean): void {
  const lesson = lessonOf(el);
  if (!lesson) return;
  if (right) {
    recordAnswer(lesson, q.id, true);
    return;
  }
  const anchor = el ? anchorNear(el) : undefined;
  recordMiss(lesson, { ...q, ...(anchor ? { anchor } : {}) });
}
