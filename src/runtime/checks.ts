// What an exercise's check says when an answer is wrong: the value it got and,
// unless that is a plain number, its type (`got "6" (a string)`), with a hint
// for the slips that produce such values (a misspelt field reads as undefined,
// and arithmetic on undefined gives NaN). Pure, so tests/unit can pin the wording;
// cells get `checkNumber` from ./cell-api.ts.

/** A value as a wrong-answer message shows it: the number, or the value and what it is. */
export function describeGot(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `${JSON.stringify(v)} (a string)`;
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `${v} (a boolean)`;
  if (typeof v === 'bigint') return `${v}n (a bigint)`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object' && 'data' in v && 'grad' in v) {
    const { data, grad } = v as { data: unknown; grad: unknown };
    return `a Value (data=${String(data)}, grad=${String(grad)})`;
  }
  return `an object`;
}

/** The likely slip behind a value that is not a finite number, or undefined when there is none to suggest. */
export function slipHint(v: unknown): string | undefined {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) {
      return 'NaN usually means arithmetic on something that is not a number: a misspelt name (out.gradd, x.dat) reads as undefined, and undefined times anything is NaN. Check the spelling on that line.';
    }
    if (!Number.isFinite(v)) return 'an infinite value comes from dividing by 0, or from a number that grew too large.';
    return undefined;
  }
  if (v === undefined) return 'undefined usually means a misspelt name, a field that was never set, or a function that returns nothing.';
  if (typeof v === 'string') return 'that is text, not a number: drop the quotes.';
  if (typeof v === 'function') return 'that is the function itself: call it, or store what it returns.';
  if (typeof v === 'object' && v !== null && 'data' in v && 'grad' in v) return 'that is a whole Value: compare its .data or its .grad.';
  return undefined;
}

export interface CheckNumberOptions {
  /** Accept any number within this distance of `want` (default 1e-6). */
  near?: number;
  /** What to say when the answer is a number, but the wrong one. */
  hint?: string;
  /** `want` is the answer the exercise asks for: a wrong answer is told it is not right, with the hint, and never shown `want`. */
  secret?: boolean;
}

/**
 * The sentence for a wrong answer, or null when `got` is right:
 * `x.grad should be 6, got "6" (a string): that is text, not a number: drop the quotes.`
 * With `secret`, the answer stays out of it: `breaksAt is not right yet: you have 0.5. Hint: …`.
 */
export function wrongNumber(what: string, got: unknown, want: number, options: CheckNumberOptions = {}): string | null {
  const near = options.near ?? 1e-6;
  if (typeof got === 'number' && (got === want || Math.abs(got - want) <= near)) return null;
  const slip = slipHint(got);
  const hint = slip ?? (typeof got === 'number' ? options.hint : undefined);
  const said = options.secret
    ? `${what} is not right yet: you have ${describeGot(got)}`
    : `${what} should be ${want}, got ${describeGot(got)}`;
  return `${said}${hint ? `. Hint: ${hint}` : ''}`;
}
