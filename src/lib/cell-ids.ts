// A cell's stable name on its page. Edits and passed exercises are stored
// under it, so an author who inserts, removes or reorders cells does not move
// a reader's work onto another cell. The name is the fence's `id=` when the
// author gave one, else the first words of the cell's first line (a comment
// counts), with -2, -3 for repeats on the same page. The remark plugin (the
// page) and lessons/exercises.ts (the chapter lists) both name cells here.

/** What an explicit `id=` may be: lowercase words joined by hyphens. */
export const CELL_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const WORDS = 6;
const MAX = 48;

/** The name a cell gets from its code alone. */
export function derivedId(code: string): string {
  for (const line of code.split('\n')) {
    const words = line.toLowerCase().match(/[a-z0-9]+/g);
    if (!words) continue;
    let id = words.slice(0, WORDS).join('-');
    if (id.length > MAX) id = id.slice(0, MAX).replace(/-[^-]*$/, '') || id.slice(0, MAX);
    return id;
  }
  return 'cell';
}

/**
 * The ids of a page's cells, in page order. Explicit ids are kept as written
 * (a repeat is an error, with `where(i)` saying which cell); derived ones get
 * a suffix where they would repeat a name already taken.
 */
export function cellIds(
  cells: readonly { code: string; id?: string | undefined }[],
  where: (i: number) => string = (i) => `cell ${i + 1}`,
): string[] {
  const taken = new Set<string>();
  cells.forEach((c, i) => {
    if (c.id === undefined) return;
    if (!CELL_ID.test(c.id))
      throw new Error(`${where(i)}: id=${c.id}: a cell id is lowercase letters, digits and single hyphens, as in id=nudge-both-ways`);
    if (taken.has(c.id)) throw new Error(`${where(i)}: id=${c.id} is used by another cell on this page`);
    taken.add(c.id);
  });
  return cells.map((c) => {
    if (c.id !== undefined) return c.id;
    const base = derivedId(c.code);
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
    taken.add(id);
    return id;
  });
}
