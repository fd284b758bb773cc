// Chapters 3-5 teach closures that set grads with `=` (chapter 6 brings `+=`):
// their examples are built with a Value whose closures do exactly that, and
// the step panel shows those closures, not the engine's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Value as EngineValue } from '../../../../src/engine/index.ts';
import { Value } from '../../../../src/runtime/graph/assigning-value.ts';
import { createStepper } from '../../../../src/runtime/graph/stepper.ts';
import { explain } from '../../../../src/runtime/graph/explain.ts';
import { extractClosures } from '../../../../src/runtime/graph/engine-source.ts';
import { buildExample } from '../../../../src/widgets/graph/examples.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const ENGINE = extractClosures(read('../../../../src/engine/value.ts'));
const ASSIGNING = {
  ...ENGINE,
  ...extractClosures(read('../../../../src/runtime/graph/assigning-value.ts'), 'Value as chapters 3–5 write it'),
};
const frontmatter = (file: string) => /^---\n([\s\S]*?)\n---/.exec(read(`../../../../content/lessons/${file}`))![1];

test("chapters 3, 4 and 5 say their closures set grads with '='; chapter 6, which teaches +=, does not", () => {
  for (const file of ['03-closures.mdx', '04-ordered-calls.mdx', '05-topological-sort.mdx']) {
    assert.match(frontmatter(file), /^\s+closures: '='$/m, file);
  }
  assert.doesNotMatch(frontmatter('06-accumulating-gradients.mdx'), /closures:/);
});

test("the panel's closures for chapters 3-5 use = and t ** 2, as chapter 3's class does, line for line", () => {
  const chapter3 = read('../../../../content/lessons/03-closures.mdx');
  for (const op of ['+', '*', 'tanh']) {
    const c = ASSIGNING[op];
    assert.equal(c.accumulates, false, op);
    const closure = c.code.split('\n').slice(c.closure[0] - 1, c.closure[1]);
    assert.match(closure[0], /const backward = \(\) => \{/, op);
    assert.ok(!closure.some((l) => l.includes('+=')), op);
    // Every line of the closure is a line of chapter 3's Value (the lesson adds comments after some).
    for (const line of closure) assert.ok(chapter3.includes(line.trim()), `${op}: ${line.trim()}`);
  }
  assert.match(ASSIGNING.tanh.code, /this\.grad = \(1 - t \*\* 2\) \* out\.grad;/);
  assert.equal(ENGINE.tanh.accumulates, true);
});

test("chapter 3's neuron explains o._backward() with =, and a second call sets n.grad again instead of adding", () => {
  const { root } = buildExample('neuron', Value);
  assert.ok(root instanceof EngineValue, 'still a Value to the stepper and the drawing');
  const st = createStepper(root, { isEngine: (n) => n instanceof EngineValue });
  st.seed();
  const once = st.call(st.state().trace.root);
  const x = explain(once.log[once.cursor - 1], once.trace, ASSIGNING);
  assert.deepEqual(x.lines, ['n.grad = (1 - t²) × o.grad → (1 - 0.7071²) × 1 = 0.5']);
  assert.equal(x.code?.origin, 'Value as chapters 3–5 write it, Value.tanh');
  const twice = st.call(st.state().trace.root);
  const n = twice.trace.nodes.find((v) => v.label === 'n')!;
  assert.ok(Math.abs(n.grad! - 0.5) < 1e-12, `n.grad stays 0.5, got ${n.grad}`);
  // The engine's neuron adds: the same two calls give 1.
  const engine = buildExample('neuron').root;
  const est = createStepper(engine, { isEngine: (v) => v instanceof EngineValue });
  est.seed();
  est.call(est.state().trace.root);
  const again = est.call(est.state().trace.root);
  assert.ok(Math.abs(again.trace.nodes.find((v) => v.label === 'n')!.grad! - 1) < 1e-12);
});
