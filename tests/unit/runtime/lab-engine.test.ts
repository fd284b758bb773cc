// The training lab with the reader's own Value (src/runtime/lab-engine.ts): the
// same training as the site's engine, a reader's bug visible in it, and what the
// lab says it saw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../src/engine/value.ts';
import { EngineMissing, diagnose, trainWith, type LabSteps, type ValueLike } from '../../../src/runtime/lab-engine.ts';
import { DEFAULT_CONFIG, LECTURE_CONFIG, dataOf, labNet } from '../../../src/widgets/training/config.ts';
import { batchOf, createRun, learningRateAt, parameterValues, step } from '../../../src/widgets/training/trainer.ts';

/** A reader's Value as chapter 7 builds it, with a switch for chapter 6's bug (= for +=) and one for a forgotten base case. */
function readerClass(bugs: { assign?: boolean; noBaseCase?: boolean } = {}) {
  const put = (v: R, g: number) => (bugs.assign ? (v.grad = g) : (v.grad += g));
  class R implements ValueLike {
    data: number;
    grad = 0;
    prev: R[];
    _backward = () => {};
    constructor(data: number, prev: R[] = []) {
      this.data = data;
      this.prev = prev;
    }
    add(o: R): R {
      const out = new R(this.data + o.data, [this, o]);
      out._backward = () => {
        put(this, out.grad);
        put(o, out.grad);
      };
      return out;
    }
    mul(o: R): R {
      const out = new R(this.data * o.data, [this, o]);
      out._backward = () => {
        put(this, o.data * out.grad);
        put(o, this.data * out.grad);
      };
      return out;
    }
    tanh(): R {
      const t = Math.tanh(this.data);
      const out = new R(t, [this]);
      out._backward = () => put(this, (1 - t * t) * out.grad);
      return out;
    }
    relu(): R {
      const out = new R(this.data < 0 ? 0 : this.data, [this]);
      out._backward = () => put(this, (out.data > 0 ? 1 : 0) * out.grad);
      return out;
    }
    backward(): void {
      const order: R[] = [];
      const seen = new Set<R>();
      const visit = (v: R) => {
        if (seen.has(v)) return;
        seen.add(v);
        v.prev.forEach(visit);
        order.push(v);
      };
      visit(this);
      if (!bugs.noBaseCase) this.grad = 1;
      for (const v of order.reverse()) v._backward();
    }
  }
  return R;
}

/** The lab's job for `steps` steps of a config from its start. */
function jobOf(config = LECTURE_CONFIG, steps = 20): LabSteps {
  const data = dataOf(config);
  const run = createRun(config, data);
  return {
    net: labNet(config, data.inputs),
    params: parameterValues(run.model),
    xs: data.xs,
    ys: data.ys,
    steps: Array.from({ length: steps }, (_, k) => ({ indices: batchOf(config, data.xs.length, k), rate: learningRateAt(config, k) })),
  };
}

test("with the site's engine or a correct class of the reader's, the same training as the lab's own", () => {
  for (const config of [LECTURE_CONFIG, { ...DEFAULT_CONFIG, count: 20, layers: 1, neurons: 4 }]) {
    const run = createRun(config, dataOf(config));
    const losses = Array.from({ length: 10 }, () => step(run).loss);
    const theirs = parameterValues(run.model);
    for (const V of [Value, readerClass()]) {
      const out = trainWith(V as never, jobOf(config, 10));
      out.losses.forEach((l, k) =>
        assert.ok(Math.abs(l - losses[k]) <= 1e-12 * Math.abs(losses[k]), `step ${k + 1}: ${l} vs ${losses[k]}`),
      );
      out.params.forEach((p, i) => assert.ok(Math.abs(p - theirs[i]) <= 1e-9 * Math.max(1, Math.abs(theirs[i])), `parameter ${i}`));
      assert.equal(diagnose(out.losses, out.grads), null);
    }
  }
});

test("a reader's bug shows in training, and the lab says what it saw", () => {
  const healthy = trainWith(readerClass(), jobOf(LECTURE_CONFIG, 60));
  assert.ok(healthy.losses[59] < 0.05);
  const assigned = trainWith(readerClass({ assign: true }), jobOf(LECTURE_CONFIG, 60));
  assert.ok(assigned.losses[59] > 10 * healthy.losses[59], `= for +=: ${assigned.losses[59]}`);
  const noBase = trainWith(readerClass({ noBaseCase: true }), jobOf(LECTURE_CONFIG, 20));
  assert.match(diagnose(noBase.losses, noBase.grads)!, /every grad is 0 while the loss is not/);
  assert.match(diagnose([1, 2, NaN], [0.1]) ?? '', /not a number/);
  assert.match(diagnose([1, 1, 1, 1, 1, 3, 3, 3, 3, 3], [0.1]) ?? '', /rising/);
  assert.match(diagnose(Array(50).fill(2), [0.1]) ?? '', /hardly fallen in 50 steps/);
});

test('a class without what the network needs is named in a sentence', () => {
  class NoRelu {
    data: number;
    grad = 0;
    constructor(d: number) {
      this.data = d;
    }
    add() {
      return this;
    }
    mul() {
      return this;
    }
    backward() {}
  }
  assert.throws(
    () => trainWith(NoRelu as never, jobOf(DEFAULT_CONFIG, 1)),
    (e: unknown) => e instanceof EngineMissing && /no relu\(\) method/.test((e as Error).message),
  );
});
