// What a cell's output box shows: the items its runs printed, in order, and
// the marks that say what they are (running, waiting, not run and why, out of
// date since an edit). The notebook says what happened ('cleared',
// 'appended', a new status); this draws it.

import type { CellState } from '../../runtime/notebook.ts';
import type { OutputItem } from '../../runtime/protocol.ts';
import type { GraphSession } from '../../runtime/graph/session.ts';
import { clearGraphs, renderGraph } from './graph-output.ts';

/** Lines this view adds about the output (not output itself), replaced on every status. */
const MARKS = '.out-pending, .out-stale';

export class OutputView {
  private readonly box: HTMLElement;
  private readonly n: number;
  private readonly session: (item: Extract<OutputItem, { kind: 'graph' }>) => GraphSession;
  /** The cell returned but its timers still fire: the mark stays under whatever they print. */
  private background = false;

  /** Runs this cell without an earlier one that did not finish (the "Run without it" button). */
  private readonly runWithout: (blocker: number) => void;
  /** Restarts the worker and runs the cells down to this one, in page order. */
  private readonly restartTo: () => void;

  constructor(
    box: HTMLElement,
    n: number,
    session: (item: Extract<OutputItem, { kind: 'graph' }>) => GraphSession,
    runWithout: (blocker: number) => void = () => undefined,
    restartTo: () => void = () => undefined,
  ) {
    this.restartTo = restartTo;
    this.box = box;
    this.n = n;
    this.session = session;
    this.runWithout = runWithout;
  }

  clear(): void {
    clearGraphs(this.box);
    this.box.replaceChildren();
  }

  append(items: readonly OutputItem[]): void {
    for (const el of this.box.querySelectorAll(MARKS)) el.remove();
    for (const item of items) this.item(item);
    if (this.background) this.box.append(stillRunning());
  }

  /** The marks for the cell's status. */
  status(s: CellState): void {
    const out = this.box;
    for (const el of out.querySelectorAll(MARKS)) el.remove();
    // The code changed since this output was made: say so above it until the cell runs again.
    const stale = s.dirty && s.outputs.length > 0 && (s.status === 'done' || s.status === 'error');
    out.toggleAttribute('data-stale', stale);
    if (stale) out.prepend(line('out-notice out-stale', 'Edited since this output was made: run the cell again to update it.'));
    if (s.status === 'queued') out.append(line('out-notice out-pending', 'Waiting for the cells before it…'));
    else if (s.status === 'not-run') out.append(notRun(s.blockedBy, s.blockedWhy, this.runWithout));
    else if (s.status === 'running' && s.outputs.length === 0) out.append(line('out-notice out-pending', 'Running…'));
    // What is shown is from an earlier run: marked, so it does not pass for this one's.
    out.toggleAttribute('data-old', s.status === 'not-run' && s.outputs.length > 0);
    this.background = s.background === true && s.status !== 'running';
    if (this.background) out.append(stillRunning());
  }

  /** A line under the output (the count of type errors, say). */
  note(cls: string): HTMLElement {
    const el = line(cls, '');
    this.box.append(el);
    return el;
  }

  has(selector: string): boolean {
    return this.box.querySelector(selector) !== null;
  }

  private item(item: OutputItem): void {
    const out = this.box;
    switch (item.kind) {
      case 'log': {
        // Consecutive lines of the same level share one <pre>.
        const last = out.lastElementChild as HTMLElement | null;
        const cls = `out-log out-log-${item.level}`;
        if (last && last.tagName === 'PRE' && last.className === cls) last.append(`\n${item.text}`);
        else out.append(line(cls, item.text, 'pre'));
        break;
      }
      case 'result':
        out.append(line('out-result', item.text, 'pre'));
        break;
      case 'notice': {
        const p = line('out-notice', item.text);
        if (item.restart) {
          // The way out, where the reader reads why: not only in the notebook's bar far above.
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'btn out-action';
          b.textContent = `Restart and run to cell ${this.n}`;
          b.addEventListener('click', () => this.restartTo());
          p.append(' ', b);
        }
        out.append(p);
        break;
      }
      case 'error': {
        let where = '';
        if (item.line !== undefined) {
          where = ` (line ${item.line}, column ${item.column ?? 1}${item.cell !== undefined && item.cell !== this.n ? ` of cell ${item.cell}` : ''})`;
        }
        // The place goes on the message's first line (a syntax error's code line and caret follow it).
        const [first, ...rest] = item.message.split('\n');
        out.append(line('out-error', [`${first}${where}`, ...rest].join('\n'), 'pre'));
        break;
      }
      case 'graph': {
        const box = document.createElement('div');
        box.className = 'out-graph';
        out.append(box);
        renderGraph(box, item, this.session(item));
        break;
      }
      case 'plot': {
        // The chart's code loads on the first plot: most pages never plot (the budget of their JS).
        const box = document.createElement('div');
        const p = line('out-notice', `Plot: ${item.title}`);
        box.append(p);
        out.append(box);
        void import('./plot-output.ts')
          .then((m) => m.renderPlot(box, item))
          .catch((e: unknown) => (p.textContent += ` (the plot could not load: ${(e as Error).message})`));
        break;
      }
    }
  }
}

const stillRunning = (): HTMLElement =>
  line('out-notice out-pending', 'Still running: timers this cell set keep firing. Stop clears them.');

/** "Not run", naming the earlier cell that did not finish (or holds shared code), with a link to it. */
function notRun(blocker: number | undefined, why: CellState['blockedWhy'], runWithout: (blocker: number) => void): HTMLElement {
  const p = line('out-notice out-pending', 'Not run: ');
  if (blocker === undefined) {
    p.append('a cell before it did not finish.');
    return p;
  }
  const a = document.createElement('a');
  a.href = `#cell-${blocker}`;
  a.textContent = `cell ${blocker}`;
  if (why === 'held')
    p.append(a, ' holds code from a shared link, which runs only by its own Run: read it, run it, then run this one again.');
  else {
    p.append(a, ' did not finish; fix it and run this one again, or ');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn out-action';
    b.textContent = `Run without cell ${blocker}`;
    b.addEventListener('click', () => runWithout(blocker));
    p.append(b);
  }
  return p;
}

function line(cls: string, text: string, tag = 'p'): HTMLElement {
  const el = document.createElement(tag);
  el.className = cls;
  el.textContent = text;
  return el;
}
