// An in-memory Storage, standing in for localStorage in unit tests.
export class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  /** The keys in order, kept until the next write, so walking key(0..length) is linear as in browsers. */
  private order: string[] | null = null;
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
    this.order = null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    this.order ??= [...this.m.keys()];
    return this.order[i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
    this.order = null;
  }
  setItem(k: string, v: string) {
    if (!this.m.has(k)) this.order = null;
    this.m.set(k, v);
  }
}
