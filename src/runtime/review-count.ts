// How many review items are due, by lesson: all the home page and the chapter
// lists need of the review, so it is kept apart from the store
// (./review-store.ts), whose checked reading the review page pays for. It
// counts what the store keeps: items with an id, a question and a due time.

import { read } from './progress.ts';

export const REVIEW_PREFIX = 'micrograd:review:';

/** Fired on the page's global object after the review changes. */
export const REVIEW_EVENT = 'micrograd:review';

/** localStorage, or null where it is missing or access to it throws. */
export function reviewStore(store?: Storage | null): Storage | null {
  if (store !== undefined) return store;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The lessons that have kept items. */
export function reviewLessons(store?: Storage | null): string[] {
  const s = reviewStore(store);
  const out: string[] = [];
  try {
    for (let i = 0; s && i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(REVIEW_PREFIX)) out.push(k.slice(REVIEW_PREFIX.length));
    }
  } catch {
    /* blocked storage: none */
  }
  return out.sort();
}

/** How many items are due now, by lesson (lessons with none left out). */
export function countDue(now = Date.now(), store?: Storage | null): Map<string, number> {
  const s = reviewStore(store);
  const out = new Map<string, number>();
  for (const lesson of reviewLessons(s)) {
    let n = 0;
    try {
      const items = JSON.parse(read(s, REVIEW_PREFIX + lesson) ?? '{}') as Record<
        string,
        { id?: unknown; question?: unknown; due?: unknown }
      >;
      for (const i of Object.values(items ?? {}))
        if (typeof i?.id === 'string' && typeof i.question === 'string' && typeof i.due === 'number' && i.due <= now) n++;
    } catch {
      /* unreadable: nothing due */
    }
    if (n > 0) out.set(lesson, n);
  }
  return out;
}
