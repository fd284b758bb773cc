// mulberry32: a small, fast 32-bit generator. A seeded source makes a lesson's
// weights, and so its printed numbers, the same on every visit.

export type Random = () => number;

/** Returns a function giving floats in [0, 1); the same seed gives the same sequence. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [-1, 1) from a source in [0, 1). */
export function uniform(random: Random): number {
  return 2 * random() - 1;
}
