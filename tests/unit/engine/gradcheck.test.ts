// Every op's gradient against central finite differences, on a few hundred
// random expression graphs in which nodes are reused (so contributions must
// accumulate). A seeded generator makes failures reproducible: the message
// names the seed and the recipe.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value, mulberry32, type Random } from '../../../src/engine/index.ts';

type Step =
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: number; b: number | { constant: number } }
  | { op: 'neg' | 'exp' | 'tanh' | 'relu'; a: number }
  | { op: 'pow'; a: number; k: number };

interface Recipe {
  leaves: number[];
  steps: Step[];
}

const UNARY = ['neg', 'exp', 'tanh', 'relu', 'pow'] as const;
const BINARY = ['add', 'sub', 'mul', 'div'] as const;

/** Evaluate a recipe into a graph; every step's result is a new node. */
function build(recipe: Recipe, leafData = recipe.leaves): { leaves: Value[]; nodes: Value[] } {
  const leaves = leafData.map((d, i) => new Value(d, [], '', `x${i}`));
  const nodes: Value[] = [...leaves];
  for (const s of recipe.steps) {
    const a = nodes[s.a];
    let out: Value;
    switch (s.op) {
      case 'pow':
        out = a.pow(s.k);
        break;
      case 'neg':
      case 'exp':
      case 'tanh':
      case 'relu':
        out = a[s.op]();
        break;
      default:
        out = a[s.op](typeof s.b === 'number' ? nodes[s.b] : s.b.constant);
    }
    nodes.push(out);
  }
  return { leaves, nodes };
}

/** The output: the sum of the last three nodes, so several paths meet. */
function output(nodes: Value[]): Value {
  return nodes.slice(-3).reduce((acc, v) => acc.add(v));
}

// Domains are kept away from kinks, poles and overflow, so the numerical
// slope is a fair judge; a step that would leave them is drawn again.
function safe(op: string, a: number, b: number, k: number): boolean {
  switch (op) {
    case 'div':
      return Math.abs(b) > 0.3 && Math.abs(a / b) < 50;
    case 'exp':
      return Math.abs(a) < 4;
    case 'relu':
      return Math.abs(a) > 1e-2;
    case 'pow':
      return Number.isInteger(k) ? Math.abs(a) < 10 : a > 0.2 && a < 10;
    case 'mul':
      return Math.abs(a * b) < 1e3;
    default:
      return true;
  }
}

function randomRecipe(random: Random): Recipe {
  const leaves = Array.from({ length: 2 + Math.floor(random() * 3) }, () => +(4 * random() - 2).toFixed(3));
  const { nodes } = build({ leaves, steps: [] });
  const steps: Step[] = [];
  const want = 4 + Math.floor(random() * 10);
  const pick = (): number => Math.floor(random() * nodes.length);
  for (let tries = 0; steps.length < want && tries < 200; tries++) {
    const unary = random() < 0.4;
    const a = pick();
    let step: Step;
    let bData = 0;
    let k = 0;
    if (unary) {
      const op = UNARY[Math.floor(random() * UNARY.length)];
      if (op === 'pow') {
        k = [2, 3, -1, 0.5, 1.5][Math.floor(random() * 5)];
        step = { op, a, k };
      } else {
        step = { op, a };
      }
    } else {
      const op = BINARY[Math.floor(random() * BINARY.length)];
      const useConstant = random() < 0.25;
      const b = useConstant ? { constant: +(4 * random() - 2).toFixed(2) } : pick();
      bData = typeof b === 'number' ? nodes[b].data : b.constant;
      step = { op, a, b };
    }
    if (step.op === 'pow' && !Number.isInteger(k) && nodes[a].data <= 0) continue;
    if (step.op === 'pow' && k === -1 && Math.abs(nodes[a].data) < 0.3) continue;
    if (!safe(step.op, nodes[a].data, bData, k)) continue;
    const next = build({ leaves, steps: [...steps, step] }).nodes.at(-1)!;
    if (!Number.isFinite(next.data) || Math.abs(next.data) > 1e3) continue;
    steps.push(step);
    nodes.push(next);
  }
  return { leaves, steps };
}

test('gradients of random graphs that reuse nodes match central differences', () => {
  const random = mulberry32(20261126);
  const opsSeen = new Set<string>();
  let checked = 0;
  for (let g = 0; g < 300; g++) {
    const recipe = randomRecipe(random);
    recipe.steps.forEach((s) => opsSeen.add(s.op));
    const { leaves, nodes } = build(recipe);
    output(nodes).backward();
    const h = 1e-6;
    recipe.leaves.forEach((x, i) => {
      const at = (d: number): number => {
        const data = [...recipe.leaves];
        data[i] = d;
        return output(build(recipe, data).nodes).data;
      };
      const numeric = (at(x + h) - at(x - h)) / (2 * h);
      const analytic = leaves[i].grad;
      const tol = 1e-4 * Math.max(1, Math.abs(numeric));
      // A relu input crossing 0 within ±h makes the slope undefined: skip those.
      if (!Number.isFinite(numeric)) return;
      assert.ok(
        Math.abs(analytic - numeric) <= tol,
        `graph ${g}, leaf x${i}: backward gave ${analytic}, finite differences ${numeric}\nrecipe ${JSON.stringify(recipe)}`,
      );
      checked++;
    });
  }
  assert.deepEqual([...opsSeen].sort(), ['add', 'div', 'exp', 'mul', 'neg', 'pow', 'relu', 'sub', 'tanh']);
  assert.ok(checked > 600, `only ${checked} gradients checked`);
});
