// A `predict` cell's question: the reader writes what the cell will print,
// Check runs it, and the prediction is shown beside what it printed. Numbers
// are compared as numbers (to 1e-4, so 0.5 matches 0.5000), anything else as
// words; running without predicting is always allowed (Run).

import type { OutputItem } from '../../runtime/protocol.ts';
import type { ReviewQuestion } from '../../runtime/review.ts';

/** What a cell printed, as one text: its console lines and its last value. */
export function printed(outputs: readonly OutputItem[]): string {
  return outputs
    .filter((o) => o.kind === 'log' || o.kind === 'result')
    .map((o) => (o as { text: string }).text)
    .join('\n');
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
      verdict.className = 'cell-prediction verdict';
      input.focus();
      return;
    }
    verdict.textContent = 'Running…';
    verdict.className = 'cell-prediction verdict';
    const ran = code();
    // The comparing is loaded with the first Check: most pages have no predict cell.
    void Promise.all([import('./print-match.ts'), run()]).then(([{ matches }]) => {
      const out = printed(outputs());
      const right = matches(guess, out);
      rememberPrediction(root, ran, out, right);
      verdict.className = `cell-prediction verdict ${right ? 'right' : 'wrong'}`;
      verdict.textContent = right
        ? `✓ You predicted "${guess}", and that is what it printed.`
        : `✗ You predicted "${guess}"; it printed "${out.trim() || 'nothing'}".`;
    });
  });
}

/** Keeps a checked answer for the review (../review/remember.ts, loaded only then): this cell's prediction, or its exercise's check. */
export function keepForReview(root: HTMLElement, q: Omit<ReviewQuestion, 'anchor'>, right: boolean): void {
  void import('../review/remember.ts').then(
    ({ remember }) => remember(root, q, right),
    () => {
      /* offline with nothing cached: not kept, which is all it loses */
    },
  );
}

/** A miss is asked again on the review page, with the code that ran and what it printed. */
function rememberPrediction(root: HTMLElement, code: string, out: string, right: boolean): void {
  const cell = root.dataset.cellId;
  if (!cell || out.trim() === '') return;
  const title = root.querySelector('.cell-title')?.textContent?.trim();
  keepForReview(
    root,
    {
      id: `cell:${cell}/prints`,
      source: `cell:${cell}`,
      question: `What will this cell${title ? `, “${title}”,` : ''} print?`,
      code: code.slice(0, 4000),
      check: { kind: 'printed', want: out.slice(0, 4000) },
    },
    right,
  );
}
