// A lesson's exercises (its exercise cells, and widgets that are exercises),
// read from its MDX source at build time by the one lesson parser
// (./parse.ts), so they are numbered and named as the page numbers
// and names its cells. The chapter sidebar and list need them to tell when all
// of a chapter's exercises are passed.

import { parseLesson } from './parse.ts';
import type { ExerciseKey } from '../runtime/progress.ts';
import { WIDGET_EXERCISES } from '../lib/widget-exercises.ts';

export function exerciseCells(body: string): ExerciseKey[] {
  const lesson = parseLesson(body);
  const out: ExerciseKey[] = lesson.cells.filter((c) => c.exercise).map((c) => ({ n: c.n, id: c.id }));
  // Widgets that are exercises count too (they have no cell number: n is 0).
  for (const [name, id] of Object.entries(WIDGET_EXERCISES)) {
    if (lesson.widgets.some((w) => w.name === name)) out.push({ n: 0, id });
  }
  return out;
}
