// The reader's edits and progress, in localStorage, per lesson and cell id
// (src/lib/cell-ids.ts): `micrograd:edit:<lesson>:<id>` and
// `micrograd:passed:<lesson>`. Keys of older versions, which knew cells by
// their place, are carried over on the first visit. Every saved edit remembers a hash of the author's code it started from, so
// an updated lesson is noticed instead of being hidden by an old copy. When
// storage is missing, blocked or full, everything still works; `available`
// turns false so the page can say, once, that edits will not be kept.

// Progress (chapters visited, exercises passed) lives in ./progress.ts.
import { markPassed, migrateProgress, read, readPassed } from './progress.ts';

const PREFIX = 'micrograd:';

export interface SavedEdit {
  code: string;
  /** hashCode() of the author's code the edit started from. */
  base: string;
  /** The cell's place on the page when saved (1-based): where to look for it if its id changes. */
  n?: number;
}

export type EditState =
  | { kind: 'none' }
  | { kind: 'edited'; code: string }
  /** The author's code changed since the reader edited it. */
  | { kind: 'stale'; code: string };

/** An edit kept for a cell beside the one it shows: under its own storage key, untouched. */
export interface OtherEdit {
  key: string;
  code: string;
  base: string;
}

/** A cell as the page knows it: its place, its stable id (lib/cell-ids.ts) and the author's code. */
export interface CellKey {
  n: number;
  id: string;
  author: string;
}

/** FNV-1a, 32 bits, as 8 hex digits: cheap and stable across visits. */
export function hashCode(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function parseEdit(raw: string | null): SavedEdit | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<SavedEdit> | null;
    if (!v || typeof v.code !== 'string' || typeof v.base !== 'string') return null;
    return { code: v.code, base: v.base, ...(Number.isInteger(v.n) ? { n: v.n } : {}) };
  } catch {
    return null;
  }
}

/** The most cells a reader can have added to a page, and the largest number one could have when they were numbered. */
export const MAX_ADDED_CELLS = 200;
export const MAX_CELL_NUMBER = 10_000;

/** Ids of cells the reader added: `added-` and a random part (once their number on the page). */
const ADDED_PREFIX = 'added-';
const ADDED_ID = /^added-[0-9a-z]{1,40}$/;

export function isAddedId(id: string): boolean {
  return ADDED_ID.test(id);
}

/**
 * A new added cell's id. Random, not "the next number": two tabs that each add
 * a cell would both take the next number, and then share one saved edit.
 */
export function newAddedId(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => {
    crypto.getRandomValues(b);
    return b;
  },
): string {
  const bytes = random(new Uint8Array(8));
  return ADDED_PREFIX + [...bytes].map((b) => b.toString(36).padStart(2, '0')).join('');
}

/** Edits and progress of one page, keyed by cell id: `micrograd:edit:<lesson>:<id>`. */

export class CellStorage {
  available = true;
  private readonly store: Storage | null;
  private readonly lesson: string;

  constructor(lesson: string, store?: Storage | null) {
    this.lesson = lesson;
    let s: Storage | null;
    try {
      s = store === undefined ? (globalThis.localStorage ?? null) : store;
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

  private key(kind: string, cell?: string): string {
    return `${PREFIX}${kind}:${this.lesson}${cell === undefined ? '' : `:${cell}`}`;
  }

  private get(key: string): string | null {
    return read(this.store, key);
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
  loadEdit(id: string, authorCode: string): EditState {
    const saved = parseEdit(this.get(this.key('edit', id)));
    if (!saved || saved.code === authorCode) return { kind: 'none' };
    return saved.base === hashCode(authorCode) ? { kind: 'edited', code: saved.code } : { kind: 'stale', code: saved.code };
  }

  /**
   * Saves the reader's code; saving the author's own code removes the edit. Returns false if not kept.
   * An added cell with code is (back) on the page's list: another tab may have removed it meanwhile,
   * and a reader's typing is never kept where no cell shows it.
   */
  saveEdit(id: string, code: string, authorCode: string, n?: number, base = hashCode(authorCode)): boolean {
    if (code === authorCode) return this.set(this.key('edit', id), null);
    if (isAddedId(id)) this.addAddedCell(id);
    return this.set(this.key('edit', id), JSON.stringify({ code, base, ...(n !== undefined ? { n } : {}) } satisfies SavedEdit));
  }

  /** The cell id a localStorage key (from a `storage` event: another tab wrote it) holds an edit of on this page, else null. */
  editIdOf(key: string | null): string | null {
    const prefix = `${this.key('edit')}:`;
    return key?.startsWith(prefix) ? key.slice(prefix.length) : null;
  }

  /** Keeps a stale edit's text but records that it now builds on the current author code. */
  rebase(id: string, authorCode: string): void {
    const saved = parseEdit(this.get(this.key('edit', id)));
    if (saved) this.saveEdit(id, saved.code, authorCode, saved.n);
  }

  clearEdit(id: string): void {
    this.set(this.key('edit', id), null);
  }

  /**
   * Finds every saved edit of this page a home among `cells`, so an update of
   * the lesson loses nothing a reader typed. Run once when the page starts:
   * - edits saved before cells had ids (`micrograd:cell:<lesson>:<n>`) go to
   *   the cell whose author code they started from, else to the cell at n;
   * - an edit whose id is on no cell now (the author rewrote that cell's first
   *   line) goes to the cell at its old place, if that cell has no edit of its own.
   * Either way the edit shows as the reader's, and as stale if the code under it changed.
   * An edit whose place already holds one (two lost edits claiming one old
   * place, or the cell's own edit) stays where it is and is returned, by
   * place, so the page can offer it beside the one shown.
   * Linear in the stored keys and the cells: every lookup is a Map's.
   */
  adoptEdits(cells: readonly CellKey[]): Map<number, OtherEdit[]> {
    const others = new Map<number, OtherEdit[]>();
    if (!this.store) return others;
    const ids = new Set(cells.map((c) => c.id));
    const atPlace = new Map<number, CellKey>();
    const byBase = new Map<string, { cells: CellKey[]; next: number }>();
    for (const c of cells) {
      if (!atPlace.has(c.n)) atPlace.set(c.n, c);
      const base = hashCode(c.author);
      const entry = byBase.get(base) ?? { cells: [], next: 0 };
      entry.cells.push(c);
      byBase.set(base, entry);
    }
    const legacy = this.key('cell') + ':';
    const current = this.key('edit') + ':';
    const keys = this.keys();
    const edited = new Set(keys.filter((k) => k.startsWith(current)).map((k) => k.slice(current.length)));
    /** The first cell, in page order, whose author code hashes to `base` and that has no edit (each skipped once). */
    const firstFree = (base: string): CellKey | undefined => {
      const entry = byBase.get(base);
      if (!entry) return undefined;
      while (entry.next < entry.cells.length && edited.has(entry.cells[entry.next]!.id)) entry.next++;
      return entry.cells[entry.next];
    };
    for (const key of keys) {
      let saved: SavedEdit | null;
      let target: CellKey | undefined;
      if (key.startsWith(legacy) && /^\d+$/.test(key.slice(legacy.length))) {
        saved = parseEdit(this.get(key));
        const n = Number(key.slice(legacy.length));
        if (saved) target = firstFree(saved.base) ?? atPlace.get(n);
        if (saved && target) saved.n = n;
      } else if (key.startsWith(current) && !ids.has(key.slice(current.length))) {
        saved = parseEdit(this.get(key));
        target = saved?.n === undefined ? undefined : atPlace.get(saved.n);
      } else continue;
      if (!saved || !target) continue;
      if (edited.has(target.id)) {
        const list = others.get(target.n) ?? [];
        list.push({ key, code: saved.code, base: saved.base });
        others.set(target.n, list);
        continue;
      }
      if (this.set(this.key('edit', target.id), JSON.stringify({ ...saved, n: target.n }))) {
        this.set(key, null);
        edited.add(target.id);
      }
    }
    migrateProgress(this.lesson, cells, this.store);
    return others;
  }

  /** Puts `code` where another edit was kept (OtherEdit.key): the reader swapped it for the one shown. */
  keepOther(other: OtherEdit, code: string, n: number): boolean {
    return this.set(other.key, JSON.stringify({ code, base: other.base, n } satisfies SavedEdit));
  }

  private keys(): string[] {
    const out: string[] = [];
    try {
      for (let i = 0; i < this.store!.length; i++) {
        const k = this.store!.key(i);
        if (k !== null) out.push(k);
      }
    } catch {
      /* a storage that throws: nothing to adopt */
    }
    return out;
  }

  /**
   * Ids of the cells the reader added to this page (the playground), in page order, each once.
   * A stored list is checked, not trusted: a list of thousands would take
   * minutes to lay out, so only the first MAX_ADDED_CELLS ids are read. Lists
   * saved before ids were random hold numbers (cell n was `added-<n>`): those
   * are read as those ids, in number order, and whole numbers up to
   * MAX_CELL_NUMBER only (1e300 + 1 === 1e300 once gave two cells one number).
   * What was set aside is said in `addedProblem`; valid ids beyond the first
   * MAX_ADDED_CELLS stay in the list (adding or removing a cell keeps them).
   */
  addedCells(): string[] {
    const { ids, problem } = this.readAdded();
    this.addedProblem = problem;
    return ids.slice(0, MAX_ADDED_CELLS);
  }

  /** What reading the list of added cells set aside, for the reader; null if nothing. */
  addedProblem: string | null = null;

  /** The whole stored list of added cells, valid ids only (none dropped past the cap), and what was left out. */
  private readAdded(): { ids: string[]; problem: string | null } {
    let list: unknown;
    try {
      list = JSON.parse(this.get(this.key('added')) ?? '[]');
    } catch {
      list = null;
    }
    if (!Array.isArray(list)) return { ids: [], problem: 'The list of cells you added could not be read, so none are shown.' };
    const numbers = list.filter((n): n is number => Number.isSafeInteger(n) && n > 0 && n <= MAX_CELL_NUMBER).sort((a, b) => a - b);
    const named = list.filter((x): x is string => typeof x === 'string' && isAddedId(x));
    const ids = [...new Set([...numbers.map((n) => `${ADDED_PREFIX}${n}`), ...named])];
    // Left out: anything neither an added cell's id nor a whole number in range, and repeats.
    const bad = list.length - ids.length;
    const problems: string[] = [];
    if (bad > 0)
      problems.push(
        `${bad} stored cell${bad === 1 ? ' was' : 's were'} not a cell's id or a whole number from 1 to ${MAX_CELL_NUMBER} (or repeated) and ${bad === 1 ? 'was' : 'were'} left out`,
      );
    if (ids.length > MAX_ADDED_CELLS)
      problems.push(`only the first ${MAX_ADDED_CELLS} of your ${ids.length} added cells are shown; the rest are kept`);
    return { ids, problem: problems.length > 0 ? `${problems.join('; ').replace(/^./, (c) => c.toUpperCase())}.` : null };
  }

  /**
   * Puts an added cell on the page's list (at `at`, else after the cells shown; moved there if it is on it).
   * The list is read afresh first, so cells another tab added meanwhile stay on it, as do those past the cap.
   * Returns false if the list is full or could not be kept.
   */
  addAddedCell(id: string, at?: number): boolean {
    const list = this.readAdded().ids;
    const i = list.indexOf(id);
    if (i >= 0 && at === undefined) return true;
    if (i >= 0) list.splice(i, 1);
    else if (list.length >= MAX_ADDED_CELLS) return false;
    list.splice(at ?? Math.min(list.length, MAX_ADDED_CELLS), 0, id);
    return this.set(this.key('added'), JSON.stringify(list));
  }

  /** Takes an added cell off the page's list, read afresh, so another tab's cells (and those past the cap) stay on it. */
  removeAddedCell(id: string): boolean {
    const list = this.readAdded().ids.filter((x) => x !== id);
    return this.set(this.key('added'), list.length === 0 ? null : JSON.stringify(list));
  }

  /** Exercises passed on this page (cell or widget ids). */
  passed(): string[] {
    return readPassed(this.lesson, this.store);
  }

  markPassed(id: string): void {
    markPassed(this.lesson, id, this.store);
  }
}
