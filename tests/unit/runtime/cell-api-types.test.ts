// What the editor's TypeScript service says cells can call matches what the
// worker gives them: `draw(v, { stage })`, as the lessons and the README tell
// authors to write it, type-checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { draw } from '../../../src/runtime/cell-api.ts';
import type { GraphStage } from '../../../src/runtime/graph/stages.ts';
import { lintsOf } from '../helpers/cell-types.ts';

// Checked by `npm run check`: the stages a cell may name are exactly the graph's stages.
type Options = Exclude<Parameters<typeof draw>[1], string | undefined>;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameStages: Equal<NonNullable<Options['stage']>, GraphStage> = true;

test("draw(v, { stage }) and draw(v, 'caption') type-check in a cell; a misspelt stage does not", () => {
  assert.equal(sameStages, true);
  const ok = (code: string) => lintsOf(['const a = new Value(2);', code], 1).map((l) => l.message);
  assert.deepEqual(ok("draw(a, { stage: 'calls' });"), []);
  assert.deepEqual(ok("draw(a, { label: 'the neuron', stage: 'ordered' });"), []);
  assert.deepEqual(ok("draw(a, 'a caption');"), []);
  assert.equal(ok("draw(a, { stage: 'everything' });").length, 1);
});
