// Review items kept under a name the site no longer uses, mapped to the
// place that asks the same question now, so a reader's misses survive the
// change. Chapter 2's grad quiz (`widget:GradQuiz/<node>`) became Predict
// first on the L graph by hand: each node's grad is asked there after the
// call of the node above it (the output's as the base case), under the ids
// the step panel gives (`<source>/<above>._backward/<node>`, `<source>/<node>.grad`).

import type { ReviewItem } from './review.ts';

const QUIZ = 'widget:GradQuiz';
const L_GRAPH = 'widget:GraphView:L';
/** The node whose call passes each node its grad; null: the output, the base case. */
const ABOVE: Record<string, string | null> = { L: null, f: 'L', d: 'L', c: 'd', e: 'd', a: 'e', b: 'e' };

/**
 * The item under its current name. Anything else under the quiz's old source
 * is left as it is: the review page drops it, as no longer taught, and says so.
 */
export function renamed(item: ReviewItem): ReviewItem {
  if (item.source !== QUIZ) return item;
  const node = item.id.slice(QUIZ.length + 1);
  if (!Object.hasOwn(ABOVE, node)) return item;
  const above = ABOVE[node];
  const id = above === null ? `${L_GRAPH}/${node}.grad` : `${L_GRAPH}/${above}._backward/${node}`;
  return { ...item, id, source: L_GRAPH };
}
