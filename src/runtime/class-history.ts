// Which cell's version of each class is live in the worker. Cells share one
// scope and a later cell may redefine a class (chapter 10 redefines Value), so
// running an early cell again puts its older class back: a later cell then
// fails with `Value.from is not a function` and nothing says why. When a cell
// fails, this names the class it uses whose live version is not the one the
// page's order gives it, so the error can say so and offer Restart.

export class ClassHistory {
  /** Every cell that has declared each class (and run). */
  private readonly definers = new Map<string, Set<number>>();
  /** The cell whose declaration of each class ran last: the live one. */
  private readonly live = new Map<string, number>();

  /** Cell n ran, declaring these classes. */
  ran(n: number, classes: readonly string[]): void {
    for (const name of classes) {
      const set = this.definers.get(name) ?? new Set();
      set.add(n);
      this.definers.set(name, set);
      this.live.set(name, n);
    }
  }

  /** Why cell n's error may come from a class that ran out of order, or null. */
  hint(n: number, code: string): string | null {
    for (const [name, last] of this.live) {
      // The version cell n gets when the page runs top to bottom: the last declaration at or above it.
      let expected = -1;
      for (const k of this.definers.get(name) ?? []) if (k <= n && k > expected) expected = k;
      if (expected < 0 || expected === last || !usesName(code, name)) continue;
      return (
        `${name} here is cell ${last}'s version: cell ${last} ran after cell ${expected}, whose ${name} this cell expects. ` +
        `Restart and run the cells in order to get it back.`
      );
    }
    return null;
  }
}

function usesName(code: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`).test(code);
}
