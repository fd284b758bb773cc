// The yardstick: the same workload on a flat tape of Float64Arrays. The graph
// is recorded once (it does not change between steps); a step replays it
// forward and backward with no allocation at all. This is about as fast as a
// scalar reverse-mode engine gets in JavaScript.

import { ALPHA, LEARNING_RATE, SIZES, initialWeights, moons } from './workload.ts';

const LEAF = 0;
const ADD = 1;
const MUL = 2;
const RELU = 3;

export class Tape {
  private ops: number[] = [];
  private lhs: number[] = [];
  private rhs: number[] = [];
  private init: number[] = [];
  op!: Uint8Array;
  a!: Int32Array;
  b!: Int32Array;
  value!: Float64Array;
  grad!: Float64Array;

  private push(op: number, a: number, b: number, v: number): number {
    this.ops.push(op);
    this.lhs.push(a);
    this.rhs.push(b);
    this.init.push(v);
    return this.ops.length - 1;
  }
  leaf(v: number): number {
    return this.push(LEAF, -1, -1, v);
  }
  add(a: number, b: number): number {
    return this.push(ADD, a, b, 0);
  }
  mul(a: number, b: number): number {
    return this.push(MUL, a, b, 0);
  }
  relu(a: number): number {
    return this.push(RELU, a, -1, 0);
  }

  freeze(): void {
    this.op = Uint8Array.from(this.ops);
    this.a = Int32Array.from(this.lhs);
    this.b = Int32Array.from(this.rhs);
    this.value = Float64Array.from(this.init);
    this.grad = new Float64Array(this.ops.length);
  }

  forward(): void {
    const { op, a, b, value: v } = this;
    for (let k = 0; k < op.length; k++) {
      switch (op[k]) {
        case ADD:
          v[k] = v[a[k]] + v[b[k]];
          break;
        case MUL:
          v[k] = v[a[k]] * v[b[k]];
          break;
        case RELU:
          v[k] = v[a[k]] < 0 ? 0 : v[a[k]];
          break;
      }
    }
  }

  backward(root: number): void {
    const { op, a, b, value: v, grad: g } = this;
    g.fill(0);
    g[root] = 1;
    for (let k = root; k >= 0; k--) {
      const gk = g[k];
      switch (op[k]) {
        case ADD:
          g[a[k]] += gk;
          g[b[k]] += gk;
          break;
        case MUL:
          g[a[k]] += v[b[k]] * gk;
          g[b[k]] += v[a[k]] * gk;
          break;
        case RELU:
          g[a[k]] += (v[k] > 0 ? 1 : 0) * gk;
          break;
      }
    }
  }
}

/** Records the whole workload on a tape; returns it with the parameter slots and the loss slot. */
export function buildTapeWorkload(): { tape: Tape; params: number[]; loss: number } {
  const tape = new Tape();
  const { xs, ys } = moons();
  const layers = initialWeights().map((layer) => layer.map((w) => ({ w: w.map((x) => tape.leaf(x)), b: tape.leaf(0) })));
  const params = layers.flatMap((layer) => layer.flatMap((n) => [...n.w, n.b]));
  const one = tape.leaf(1);
  let dataLoss = -1;
  for (let i = 0; i < xs.length; i++) {
    let h = xs[i].map((x) => tape.leaf(x));
    layers.forEach((layer, l) => {
      h = layer.map((n) => {
        let act = n.b;
        for (let k = 0; k < n.w.length; k++) act = tape.add(act, tape.mul(n.w[k], h[k]));
        return l < layers.length - 1 ? tape.relu(act) : act;
      });
    });
    const term = tape.relu(tape.add(tape.mul(h[0], tape.leaf(-ys[i])), one));
    dataLoss = dataLoss < 0 ? term : tape.add(dataLoss, term);
  }
  dataLoss = tape.mul(dataLoss, tape.leaf(1 / xs.length));
  let reg = -1;
  for (const p of params) {
    const sq = tape.mul(p, p);
    reg = reg < 0 ? sq : tape.add(reg, sq);
  }
  const loss = tape.add(dataLoss, tape.mul(reg, tape.leaf(ALPHA)));
  tape.freeze();
  return { tape, params, loss };
}

/** One training step: forward, backward, update. Returns the loss before the update. */
export function tapeStep(t: { tape: Tape; params: number[]; loss: number }): number {
  t.tape.forward();
  const loss = t.tape.value[t.loss];
  t.tape.backward(t.loss);
  for (const p of t.params) t.tape.value[p] -= LEARNING_RATE * t.tape.grad[p];
  return loss;
}

export const tapeSizes = SIZES;
