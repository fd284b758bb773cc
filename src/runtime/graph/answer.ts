// A predicted answer, read and checked: the one check of a number the reader
// types, for the graphs' Predict first (./predict.ts, chapter 2's grads by
// hand among them) and the review, and of a value's name (chapter 5's
// topological order). Imports nothing, so the review page loads only this,
// not the step-through's explanations.

/** How near a prediction must be to count as right. */
export const PREDICT_TOLERANCE = 1e-4;

/** A typed answer as a number: `−0.5` (a typographic minus), `0,5`, ` 2 ` and `8/2` read as meant; anything else is null. */
export function readAnswer(text: string): number | null {
  const t = text.trim().replace(/[−–]/g, '-').replace(',', '.');
  const frac = /^([-+]?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[2]) === 0 ? null : Number(frac[1]) / Number(frac[2]);
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return Number(t);
}

/** Whether a typed answer is `want`, to the tolerance: the one check of a predicted number (graphs, the review). */
export function isNear(text: string, want: number | null | undefined): boolean {
  const got = readAnswer(text);
  return got !== null && typeof want === 'number' && Math.abs(got - want) <= PREDICT_TOLERANCE;
}

/** Whether a typed name is the value `want` names: spaces and case aside, and `x._backward()` read as x. */
export function isSameName(text: string, want: string): boolean {
  const norm = (t: string) =>
    t
      .trim()
      .replace(/\._backward\(\)$/, '')
      .replace(/\s+/g, '')
      .toLowerCase();
  return norm(text) !== '' && norm(text) === norm(want);
}
