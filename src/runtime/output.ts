// Output gathered during one run: capped (lines and bytes) so a loop full of
// console.log cannot flood the page, and flushed to the page now and then so
// long runs show their progress.

import { formatValue } from './format.ts';
import type { OutputItem } from './protocol.ts';

export const MAX_LINES = 1000;
export const MAX_BYTES = 100_000;
const FLUSH_MS = 100;
/** An error message's length at most (the page's limit, from-worker.ts, is 4,000). */
export const MAX_MESSAGE = 2000;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export class OutputBuffer {
  private items: OutputItem[] = [];
  private lines = 0;
  private bytes = 0;
  private dropped = 0;
  /** The "more lines not shown" note was sent. */
  private noted = false;
  private lastFlush = Date.now();
  private readonly send: (items: OutputItem[]) => void;
  private readonly maxLines: number;
  private readonly maxBytes: number;

  constructor(send: (items: OutputItem[]) => void, maxLines = MAX_LINES, maxBytes = MAX_BYTES) {
    this.send = send;
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
  }

  /** A console line; `text` is only computed while under the cap. */
  log(level: 'log' | 'info' | 'warn' | 'error', text: () => string): void {
    if (this.lines >= this.maxLines || this.bytes >= this.maxBytes) {
      this.dropped++;
      return;
    }
    let t = text();
    if (this.bytes + t.length > this.maxBytes) t = `${t.slice(0, this.maxBytes - this.bytes)}…`;
    this.lines++;
    this.bytes += t.length;
    this.items.push({ kind: 'log', level, text: t });
    if (Date.now() - this.lastFlush > FLUSH_MS) this.flushItems();
  }

  push(item: OutputItem): void {
    this.items.push(item);
  }

  private flushItems(): void {
    this.lastFlush = Date.now();
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.send(items);
  }

  /**
   * Sends what is left, with the "… N more lines not shown" note: once per
   * buffer, so a timer that keeps printing past the cap adds nothing more
   * (`final`: no more lines can come, so the count is the whole count).
   */
  flush(final = true): void {
    if (this.dropped > 0 && !this.noted) {
      const text = final
        ? `… ${this.dropped} more line${this.dropped === 1 ? '' : 's'} not shown`
        : `… more lines not shown: a cell shows at most ${this.maxLines} lines or ${this.maxBytes / 1000} KB`;
      this.items.push({ kind: 'notice', text });
      this.noted = true;
    }
    this.flushItems();
  }
}

type ToSource = (cell: number, line: number, column: number) => { line: number; column: number };

/**
 * An error as an output item: message, and line/column from the first cell
 * frame of its stack. Never throws: a thrown thing whose name, message or
 * stack throws when read is said to be unreadable.
 */
export function errorItem(
  e: unknown,
  cell: number,
  /** Maps a position in cell K's compiled code back to the cell's own code. */
  toSource: ToSource = (_c, line, column) => ({ line, column }),
): OutputItem {
  try {
    return readError(e, cell, toSource);
  } catch {
    return {
      kind: 'error',
      message: 'Uncaught: the cell threw something that cannot be read (its message or name threw an error itself)',
      cell,
    };
  }
}

function readError(e: unknown, cell: number, toSource: ToSource): OutputItem {
  if (!(e instanceof Error) && !(e !== null && typeof e === 'object' && 'message' in e)) {
    return { kind: 'error', message: clip(`Uncaught ${formatValue(e)}`, MAX_MESSAGE), cell };
  }
  const err = e as Error;
  const message = clip(`${err.name || 'Error'}: ${err.message}`, MAX_MESSAGE);
  const stack = typeof err.stack === 'string' ? err.stack : '';
  const m = /cell-(\d+)\.js:(\d+):(\d+)/.exec(stack);
  if (!m) return { kind: 'error', message, cell };
  const at = toSource(Number(m[1]), Number(m[2]), Number(m[3]));
  return { kind: 'error', message, cell: Number(m[1]), line: at.line, column: at.column };
}
