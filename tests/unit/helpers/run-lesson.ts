// A chapter's cells run as "Run all" runs them on the page: each cell compiled by
// the worker's own compile() into one shared global scope (so a later cell may
// declare `Value` again, as the chapters do), with the engine's names and the
// cell API, minus what the lesson's frontmatter hides; an exercise runs its
// solution. Each cell's printed lines, result and error are kept apart, so a
// test can hold a sentence of the prose against the cell it speaks of.

import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { parseLesson, type Lesson, type LessonCell } from '../../../src/lessons/parse.ts';
import { compile } from '../../../src/runtime/compile.ts';
import * as engine from '../../../src/engine/index.ts';
import { assert, checkNumber, timeit, plot, bindCellApi } from '../../../src/runtime/cell-api.ts';
import { CELL_GLOBALS } from '../../../src/runtime/cell-globals.ts';

export interface CellRun {
  n: number;
  title?: string;
  /** Every console.log of the cell, one string per call, its arguments joined by spaces. */
  printed: string[];
  /** The value of the cell's last expression, as String() gives it, when it ends in one. */
  result?: string;
  /** The error the cell ended in, as "Name: message". */
  error?: string;
}

export interface LessonRun {
  lesson: Lesson;
  cells: CellRun[];
  /** Runs more code in the same scope, after the cells (an exercise's check, a probe). */
  more(code: string): CellRun;
}

export function lessonText(file: string): string {
  return readFileSync(new URL(`../../../content/lessons/${file}`, import.meta.url), 'utf8');
}

/**
 * Runs the cells of `file` (in content/lessons/) in page order, up to cell `until` (all by
 * default); `code` may give a cell other code to run than its own (or its solution).
 */
export function runLesson(file: string, options: { until?: number; code?: (cell: LessonCell) => string | undefined } = {}): LessonRun {
  const text = lessonText(file);
  const hidden = /^\s*hide:\s*\[([^\]]*)\]/m.exec(text)?.[1] ?? '';
  const lesson = parseLesson(text, file);
  bindCellApi({ showGraph: () => {}, showPlot: () => {}, now: () => performance.now() });
  // plot is the API's own, so a lesson's plot() call is checked as the page checks it.
  const names: Record<string, unknown> = { ...engine, assert, checkNumber, timeit, plot, draw: () => {} };
  let into: string[] = [];
  const context: Record<string, unknown> = {
    console: {
      log: (...args: unknown[]): void => {
        into.push(args.map(String).join(' '));
      },
    },
  };
  for (const name of CELL_GLOBALS) if (!hidden.includes(`'${name}'`)) context[name] = names[name];
  vm.createContext(context);

  let extra = 0;
  const execute = (n: number, code: string, title?: string): CellRun => {
    const run: CellRun = { n, title, printed: [] };
    into = run.printed;
    const compiled = compile(code);
    if (!compiled.ok) throw new Error(`${file}, cell ${n}: ${compiled.error.message} (line ${compiled.error.line})`);
    try {
      const value: unknown = vm.runInContext(compiled.js, context);
      if (compiled.hasResult) run.result = String(value);
    } catch (e) {
      run.error = `${(e as Error).name}: ${(e as Error).message}`;
    }
    return run;
  };
  const cells = lesson.cells
    .filter((cell) => cell.n <= (options.until ?? Infinity))
    .map((cell) => execute(cell.n, options.code?.(cell) ?? (cell.exercise && cell.solution ? cell.solution : cell.code), cell.title));
  return { lesson, cells, more: (code) => execute(1000 + ++extra, code) };
}
