// The review's items in localStorage, one key per lesson
// (`micrograd:review:<lesson>`, an object of items by id), read through the
// schedule's checks (./review.ts). Nothing of it leaves the browser. The
// counting the home page and the chapter lists do is in ./progress.ts.

import { answered, miss, readItem, type ReviewItem, type ReviewQuestion } from './review.ts';
import { renamed } from './review-renamed.ts';
import { REVIEW_EVENT, REVIEW_PREFIX, countDue, read, reviewLessons, defaultStore, write } from './progress.ts';

export { REVIEW_EVENT, countDue, reviewLessons };

/** A lesson's kept items, by id; anything malformed is left out. */
export function loadReview(lesson: string, store?: Storage | null): Map<string, ReviewItem> {
  const out = new Map<string, ReviewItem>();
  try {
    const v = JSON.parse(read(defaultStore(store), REVIEW_PREFIX + lesson) ?? '{}') as unknown;
    if (typeof v !== 'object' || v === null) return out;
    for (const raw of Object.values(v)) {
      const read = readItem(raw);
      const item = read && renamed(read);
      // An item kept under an old name and again under its new one: the newer miss wins.
      const have = item && out.get(item.id);
      if (item && !(have && have.missed > item.missed)) out.set(item.id, item);
    }
  } catch {
    /* unreadable: nothing kept */
  }
  return out;
}

function saveReview(lesson: string, items: Map<string, ReviewItem>, store: Storage | null): void {
  write(store, REVIEW_PREFIX + lesson, items.size === 0 ? null : JSON.stringify(Object.fromEntries(items)));
  try {
    globalThis.dispatchEvent?.(new Event(REVIEW_EVENT));
  } catch {
    /* no events here (tests) */
  }
}

/** Keeps a miss: a new item, or a kept one started over. */
export function recordMiss(lesson: string, q: ReviewQuestion, now = Date.now(), store?: Storage | null): void {
  const s = defaultStore(store);
  const items = loadReview(lesson, s);
  items.set(q.id, miss(q, now));
  saveReview(lesson, items, s);
}

/** An answer to an item, if it is kept (a right answer to something never missed keeps nothing). Returns it as now kept, or null. */
export function recordAnswer(lesson: string, id: string, right: boolean, now = Date.now(), store?: Storage | null): ReviewItem | null {
  const s = defaultStore(store);
  const items = loadReview(lesson, s);
  const item = items.get(id);
  if (!item) return null;
  const next = answered(item, right, now);
  if (next === item) return item;
  if (next) items.set(id, next);
  else items.delete(id);
  saveReview(lesson, items, s);
  return next;
}

/** Forgets items (those whose lesson no longer has them). */
export function forget(lesson: string, ids: readonly string[], store?: Storage | null): void {
  const s = defaultStore(store);
  const items = loadReview(lesson, s);
  if (!ids.some((id) => items.delete(id))) return;
  saveReview(lesson, items, s);
}
