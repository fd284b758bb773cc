// What the reader missed comes back: the schedule of the review, pure. A miss
// (a wrong prediction, quiz answer or exercise check) is due again a day
// later; answered right when due, it comes back after 3 days, then 7, and
// then it is learned and dropped; a wrong answer starts it over. Storage is
// ./review-store.ts; the page that asks again is /review/.

export const DAY = 24 * 60 * 60 * 1000;

/** Days until an item is due again, by its step: right answers in a row since its last miss. */
export const INTERVALS = [1, 3, 7] as const;

/** How an answer is checked: the same code as where it was first asked. */
export type ReviewCheck =
  /** A number, read and compared as Predict first does (runtime/graph/answer.ts). */
  | { kind: 'number'; want: number }
  /** What a `predict` cell printed, compared as the cell compares (widgets/cells/prediction.ts). */
  | { kind: 'printed'; want: string }
  /** A value's name (chapter 5's topological order), compared as isSameName does (runtime/graph/answer.ts). */
  | { kind: 'name'; want: string }
  /** An exercise: its own check, passed again on its page. */
  | { kind: 'exercise' };

/** What is needed to ask an item again. */
export interface ReviewQuestion {
  /** Unique within its lesson, and stable across lesson updates (built from cell ids and labels). */
  id: string;
  /** What the lesson must still have for the item to make sense: `cell:<cell id>` or `widget:<Name>[:<example>]`. */
  source: string;
  question: string;
  /** Code shown with the question (a `predict` cell's). */
  code?: string;
  check: ReviewCheck;
  /** Where it was asked on its page (an element id), when the lesson's own map cannot say. */
  anchor?: string;
}

export interface ReviewItem extends ReviewQuestion {
  /** Right answers in a row since the last miss: an index into INTERVALS. */
  step: number;
  /** When it is due again (ms since the epoch). */
  due: number;
  /** When it was last missed. */
  missed: number;
}

/** A new miss, or a miss of an item already kept: it starts over, due a day from now, with the question as asked now. */
export function miss(q: ReviewQuestion, now: number): ReviewItem {
  return { ...q, step: 0, due: now + INTERVALS[0] * DAY, missed: now };
}

export const isDue = (item: ReviewItem, now: number): boolean => item.due <= now;

/**
 * An answer to a kept item. Wrong: it starts over. Right while due: it moves
 * on to the next interval, or, after the last, it is learned (null: drop it).
 * Right before it is due changes nothing: the point is to recall it later.
 */
export function answered(item: ReviewItem, right: boolean, now: number): ReviewItem | null {
  if (!right) return miss(item, now);
  if (!isDue(item, now)) return item;
  const step = item.step + 1;
  if (step >= INTERVALS.length) return null;
  return { ...item, step, due: now + INTERVALS[step] * DAY };
}

/** The items due now, oldest-due first (then the longest missed, then by id, so the order is stable). */
export function dueFirst<T extends ReviewItem>(items: readonly T[], now: number): T[] {
  return items
    .filter((i) => isDue(i, now))
    .sort((a, b) => a.due - b.due || a.missed - b.missed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Splits items into those whose source their lesson still has and those it no longer has (dropped, and said so). */
export function stillTaught<T extends ReviewItem>(items: readonly T[], has: (source: string) => boolean): { kept: T[]; gone: T[] } {
  const kept: T[] = [];
  const gone: T[] = [];
  for (const i of items) (has(i.source) ? kept : gone).push(i);
  return { kept, gone };
}

/** A stored item, checked rather than trusted; null when it is not one. */
export function readItem(v: unknown): ReviewItem | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === 'string';
  const num = (k: string) => typeof o[k] === 'number' && Number.isFinite(o[k]);
  if (!str('id') || !str('source') || !str('question') || !num('due') || !num('missed')) return null;
  if (!Number.isInteger(o.step) || (o.step as number) < 0 || (o.step as number) >= INTERVALS.length) return null;
  if (o.code !== undefined && !str('code')) return null;
  if (o.anchor !== undefined && !str('anchor')) return null;
  const c = o.check as Record<string, unknown> | null;
  const check: ReviewCheck | null =
    typeof c !== 'object' || c === null
      ? null
      : c.kind === 'number' && typeof c.want === 'number'
        ? { kind: 'number', want: c.want }
        : c.kind === 'printed' && typeof c.want === 'string'
          ? { kind: 'printed', want: c.want }
          : c.kind === 'name' && typeof c.want === 'string'
            ? { kind: 'name', want: c.want }
            : c.kind === 'exercise'
              ? { kind: 'exercise' }
              : null;
  if (!check) return null;
  return {
    id: o.id as string,
    source: o.source as string,
    question: o.question as string,
    ...(o.code !== undefined ? { code: o.code as string } : {}),
    check,
    ...(o.anchor !== undefined ? { anchor: o.anchor as string } : {}),
    step: o.step as number,
    due: o.due as number,
    missed: o.missed as number,
  };
}
