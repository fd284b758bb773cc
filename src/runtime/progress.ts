// Progress, in localStorage: chapters visited and exercises passed. One place
// for the keys, shared by the cells (which mark exercises passed) and the
// chapter sidebar, list and home page (which mark visits and show both). Every
// read and write survives a missing or throwing storage. Apart from the cells'
// edits (./storage.ts), so the pages that only show progress load only this.

const PREFIX = 'micrograd:';

/** Fired on the page's global object after an exercise is marked passed. */
export const PROGRESS_EVENT = 'micrograd:progress';

export interface ChapterProgress {
  visited: boolean;
  /** Ids of the chapter's exercises that are passed. */
  passed: string[];
  /** The chapter has exercises and every one of them is passed. */
  done: boolean;
}

/** An exercise of a chapter: its place among the cells (for progress kept before ids) and its id. */
export interface ExerciseKey {
  n: number;
  id: string;
}

/** localStorage, or null where it is missing or access to it throws. */
export function defaultStore(store?: Storage | null): Storage | null {
  if (store !== undefined) return store;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function read(store: Storage | null, key: string): string | null {
  try {
    return store ? store.getItem(key) : null;
  } catch {
    return null;
  }
}

export function write(store: Storage | null, key: string, value: string | null): boolean {
  if (!store) return false;
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Exercises passed in a lesson: the ids stored under `micrograd:passed:<lesson>`. */
export function readPassed(lesson: string, store?: Storage | null): string[] {
  try {
    const v = JSON.parse(read(defaultStore(store), `${PREFIX}passed:${lesson}`) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Records a passed exercise (a cell's or a widget's id) and tells the page's progress marks. */
export function markPassed(lesson: string, id: string, store?: Storage | null): void {
  const s = defaultStore(store);
  const p = new Set(readPassed(lesson, s));
  if (p.has(id)) return;
  p.add(id);
  write(s, `${PREFIX}passed:${lesson}`, JSON.stringify([...p].sort()));
  // The chapter list and sidebar on this page listen, so a chapter's mark updates at once.
  try {
    globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
  } catch {
    /* no events here (tests, workers) */
  }
}

/**
 * Progress kept before exercises had ids (`micrograd:progress:<lesson>`, cell
 * numbers) becomes ids, by each exercise's place; whichever page reads it
 * first (the lesson or a chapter list) moves it.
 */
export function migrateProgress(lesson: string, exercises: readonly ExerciseKey[], store?: Storage | null): void {
  const s = defaultStore(store);
  const key = `${PREFIX}progress:${lesson}`;
  const raw = read(s, key);
  if (raw === null) return;
  let numbers: unknown;
  try {
    numbers = JSON.parse(raw);
  } catch {
    numbers = [];
  }
  const ids = new Set(readPassed(lesson, s));
  if (Array.isArray(numbers)) for (const e of exercises) if (numbers.includes(e.n)) ids.add(e.id);
  if (write(s, `${PREFIX}passed:${lesson}`, JSON.stringify([...ids].sort()))) write(s, key, null);
}

/** Remembers that the reader has seen this lesson. Returns false if it could not be kept. */
export function markVisited(lesson: string, store?: Storage | null): boolean {
  return write(defaultStore(store), `${PREFIX}visited:${lesson}`, '1');
}

export function wasVisited(lesson: string, store?: Storage | null): boolean {
  return read(defaultStore(store), `${PREFIX}visited:${lesson}`) === '1';
}

/** A chapter's progress, given its exercises (cells and widgets). */
export function chapterProgress(lesson: string, exercises: readonly ExerciseKey[], store?: Storage | null): ChapterProgress {
  const s = defaultStore(store);
  migrateProgress(lesson, exercises, s);
  const passed = readPassed(lesson, s);
  const done = exercises.length > 0 && exercises.every((e) => passed.includes(e.id));
  return { visited: wasVisited(lesson, s), passed, done };
}

// The review's count (its items are ./review-store.ts's): kept here, which the
// home page and the chapter lists load anyway, so counting costs them no file.

export const REVIEW_PREFIX = 'micrograd:review:';

/** Fired on the page's global object after the review changes. */
export const REVIEW_EVENT = 'micrograd:review';

/** The lessons that have kept items. */
export function reviewLessons(store?: Storage | null): string[] {
  const s = defaultStore(store);
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
  const s = defaultStore(store);
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
