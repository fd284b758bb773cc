// The reader's edits and progress, in localStorage, per lesson and cell.
// Every saved edit remembers a hash of the author's code it started from, so
// an updated lesson is noticed instead of being hidden by an old copy. When
// storage is missing, blocked or full, everything still works; `available`
// turns false so the page can say, once, that edits will not be kept.

const PREFIX = 'micrograd:';

export interface SavedEdit {
  code: string;
  /** hashCode() of the author's code the edit started from. */
  base: string;
}

export type EditState =
  | { kind: 'none' }
  | { kind: 'edited'; code: string }
  /** The author's code changed since the reader edited it. */
  | { kind: 'stale'; code: string };

/** FNV-1a, 32 bits, as 8 hex digits: cheap and stable across visits. */
export function hashCode(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export class CellStorage {
  available = true;
  private readonly store: Storage | null;
  private readonly lesson: string;

  constructor(lesson: string, store?: Storage | null) {
    this.lesson = lesson;
    let s: Storage | null = null;
    try {
      s = store === undefined ? globalThis.localStorage ?? null : store;
      if (s) {
        const probe = `${PREFIX}probe`;
        s.setItem(probe, '1');
        s.removeItem(probe);
      }
    } catch {
      s = null;
    }
    this.store = s;
    this.available = s !== null;
  }

  private key(kind: string, cell?: number): string {
    return `${PREFIX}${kind}:${this.lesson}${cell === undefined ? '' : `:${cell}`}`;
  }

  private get(key: string): string | null {
    if (!this.store) return null;
    try {
      return this.store.getItem(key);
    } catch {
      return null;
    }
  }

  private set(key: string, value: string | null): boolean {
    if (!this.store) return false;
    try {
      if (value === null) this.store.removeItem(key);
      else this.store.setItem(key, value);
      return true;
    } catch {
      this.available = false;
      return false;
    }
  }

  /** What the reader has for this cell, compared with the author's current code. */
  loadEdit(cell: number, authorCode: string): EditState {
    const raw = this.get(this.key('cell', cell));
    if (!raw) return { kind: 'none' };
    let saved: SavedEdit;
    try {
      saved = JSON.parse(raw) as SavedEdit;
      if (typeof saved.code !== 'string' || typeof saved.base !== 'string') return { kind: 'none' };
    } catch {
      return { kind: 'none' };
    }
    if (saved.code === authorCode) return { kind: 'none' };
    return saved.base === hashCode(authorCode) ? { kind: 'edited', code: saved.code } : { kind: 'stale', code: saved.code };
  }

  /** Saves the reader's code; saving the author's own code removes the edit. Returns false if not kept. */
  saveEdit(cell: number, code: string, authorCode: string, base = hashCode(authorCode)): boolean {
    if (code === authorCode) return this.set(this.key('cell', cell), null);
    return this.set(this.key('cell', cell), JSON.stringify({ code, base } satisfies SavedEdit));
  }

  /** Keeps a stale edit's text but records that it now builds on the current author code. */
  rebase(cell: number, authorCode: string): void {
    const raw = this.get(this.key('cell', cell));
    if (!raw) return;
    try {
      const saved = JSON.parse(raw) as SavedEdit;
      this.saveEdit(cell, saved.code, authorCode);
    } catch {
      /* nothing to keep */
    }
  }

  clearEdit(cell: number): void {
    this.set(this.key('cell', cell), null);
  }

  /** Cells the reader added to this page (the playground), in order. */
  addedCells(): number[] {
    try {
      const list: unknown = JSON.parse(this.get(this.key('added')) ?? '[]');
      return Array.isArray(list) ? list.filter((n): n is number => Number.isInteger(n) && n > 0) : [];
    } catch {
      return [];
    }
  }

  saveAddedCells(cells: readonly number[]): boolean {
    return this.set(this.key('added'), cells.length === 0 ? null : JSON.stringify(cells));
  }

  /** Exercises passed in this lesson (cell numbers). */
  passed(): number[] {
    return readPassed(this.lesson, this.store);
  }

  markPassed(cell: number): void {
    const p = new Set(this.passed());
    p.add(cell);
    this.set(this.key('progress'), JSON.stringify([...p].sort((a, b) => a - b)));
    // The chapter list and sidebar on this page listen, so a chapter's mark updates at once.
    try {
      globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
    } catch {
      /* no events here (tests, workers) */
    }
  }
}

// ---- progress: chapters visited and exercises passed ------------------------
// One place for the keys, shared by the cells (which mark exercises passed) and
// the chapter sidebar and list (which mark visits and show both). Every read
// and write survives a missing or throwing storage.

/** Fired on the page's global object after an exercise is marked passed. */
export const PROGRESS_EVENT = 'micrograd:progress';

export interface ChapterProgress {
  visited: boolean;
  /** Cell numbers of the chapter's exercises that are passed. */
  passed: number[];
  /** The chapter has exercises and every one of them is passed. */
  done: boolean;
}

/** localStorage, or null where it is missing or access to it throws. */
function defaultStore(store?: Storage | null): Storage | null {
  if (store !== undefined) return store;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function read(store: Storage | null, key: string): string | null {
  try {
    return store ? store.getItem(key) : null;
  } catch {
    return null;
  }
}

/** Exercises passed in a lesson: the cell numbers stored under `micrograd:progress:<lesson>`. */
export function readPassed(lesson: string, store?: Storage | null): number[] {
  try {
    const v = JSON.parse(read(defaultStore(store), `${PREFIX}progress:${lesson}`) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

/** Remembers that the reader has seen this lesson. Returns false if it could not be kept. */
export function markVisited(lesson: string, store?: Storage | null): boolean {
  const s = defaultStore(store);
  if (!s) return false;
  try {
    s.setItem(`${PREFIX}visited:${lesson}`, '1');
    return true;
  } catch {
    return false;
  }
}

export function wasVisited(lesson: string, store?: Storage | null): boolean {
  return read(defaultStore(store), `${PREFIX}visited:${lesson}`) === '1';
}

/** A chapter's progress, given the cell numbers of its exercises. */
export function chapterProgress(lesson: string, exercises: readonly number[], store?: Storage | null): ChapterProgress {
  const s = defaultStore(store);
  const passed = readPassed(lesson, s);
  const done = exercises.length > 0 && exercises.every((n) => passed.includes(n));
  return { visited: wasVisited(lesson, s), passed, done };
}
