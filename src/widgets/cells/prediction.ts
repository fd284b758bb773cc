// A `predict` cell's question: the reader writes what the cell will print,
// Check runs it, and the prediction is shown beside what it printed. Numbers
// are compared as numbers (to 1e-4, so 0.5 matches 0.5000), anything else as
// words; running without predicting is always allowed (Run).

import type { OutputItem } from '../../runtime/protocol.ts';

/** A number standing on its own: the 1 of `x1` is part of a name, not a number. */
const NUMBER = /(?<![\w.])[-−]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?![\w])/gi;

const numbers = (text: string): number[] => (text.match(NUMBER) ?? []).map((t) => Number(t.replace('−', '-')));
const words = (text: string): string =>
  text
    .replace(NUMBER, ' ')
    .replace(/[\s,;:=]+/g, ' ')
    .trim()
    .toLowerCase();

/** What a cell printed, as one text: its console lines and its last value. */
export function printed(outputs: readonly OutputItem[]): string {
  return outputs
    .filter((o) => o.kind === 'log' || o.kind === 'result')
    .map((o) => (o as { text: string }).text)
    .join('\n');
}

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

/** Wires a cell's prediction form: `run` runs the cell and resolves once it finished; `code` is what it runs. */
export function wirePrediction(
  root: HTMLElement,
  run: () => Promise<unknown>,
  outputs: () => readonly OutputItem[],
  code: () => string = () => '',
): void {
  const form = root.querySelector<HTMLFormElement>('[data-predict]');
  if (!form) return;
  const input = form.querySelector<HTMLInputElement>('[data-predict-input]')!;
  const verdict = form.querySelector<HTMLElement>('[data-prediction]')!;
  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const guess = input.value.trim();
    if (guess === '') {
      verdict.textContent = 'Write what you expect it to print first (or press Run to see without guessing).';
      verdict.className = 'cell-prediction';
      input.focus();
      return;
    }
    verdict.textContent = 'Running…';
    verdict.className = 'cell-prediction';
    const ran = code();
    void run().then(() => {
      const out = printed(outputs());
      const right = matches(guess, out);
      rememberPrediction(root, ran, out, right);
      verdict.className = `cell-prediction ${right ? 'right' : 'wrong'}`;
      verdict.textContent = right
        ? `✓ You predicted "${guess}", and that is what it printed.`
        : `✗ You predicted "${guess}"; it printed "${out.trim() || 'nothing'}".`;
    });
  });
}

/** A miss is asked again on the review page (with the code that ran and what it printed); the module loads only then. */
function rememberPrediction(root: HTMLElement, code: string, out: string, right: boolean): void {
  const cell = root.dataset.cellId;
  if (!cell || out.trim() === '') return;
  const title = root.querySelector('.cell-title')?.textContent?.trim();
  void import('../review/remember.ts').then(
    ({ remember }) =>
      remember(
        root,
        {
          id: `cell:${cell}/prints`,
          source: `cell:${cell}`,
          question: `What will this cell${title ? `, “${title}”,` : ''} print?`,
          code: code.slice(0, 4000),
          check: { kind: 'printed', want: out.slice(0, 4000) },
        },
        right,
      ),
    () => {
      /* offline with nothing cached: not kept, which is all it loses */
    },
  );
}
