// Whether a prediction of what a cell prints matches what it printed: the
// check of a `predict` cell (./prediction.ts) and of the review page, which
// loads only this.

/** A number standing on its own: the 1 of `x1` is part of a name, not a number. */
const NUMBER = /(?<![\w.])[-−]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?![\w])/gi;

const numbers = (text: string): number[] => (text.match(NUMBER) ?? []).map((t) => Number(t.replace('−', '-')));
const words = (text: string): string =>
  text
    .replace(NUMBER, ' ')
    .replace(/[\s,;:=]+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Whether a prediction matches what was printed: the same numbers in the same
 * order, each within 1e-4; when the prediction has no numbers, the same words.
 */
export function matches(prediction: string, output: string): boolean {
  const want = numbers(prediction);
  if (want.length === 0) return words(prediction) !== '' && words(prediction) === words(output);
  const got = numbers(output);
  return want.length === got.length && want.every((x, i) => Math.abs(x - got[i]) <= 1e-4);
}
