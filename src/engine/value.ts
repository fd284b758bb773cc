// A scalar that remembers how it was computed, so gradients can flow back
// through it. Every op has the same shape: build `out`, give it a closure
// `_backward` that adds (local derivative × out.grad) into each input's grad,
// return `out`.

import { describe } from './describe.ts';

export type Operand = Value | number;

// Leaves have nothing to propagate; one shared function saves an allocation per leaf.
const leafBackward = (): void => {};
// The default children of a leaf, shared for the same reason.
const NO_CHILDREN: readonly Value[] = [];

// Each backward() pass takes two fresh numbers (see topologicalOrder).
let passCounter = 0;

/** A scalar that remembers how it was computed, so gradients can flow back through it. */
export class Value {
  /** The number this Value holds. */
  data: number;
  /** d(output)/d(this), filled in by backward(); starts at 0. */
  grad = 0;
  /** Adds this Value's share of out.grad into its inputs' grads; does nothing for a leaf. */
  _backward: () => void = leafBackward;
  // The inputs, in two fields rather than an array: every op has one or two,
  // and an array per node was one more object for the garbage collector.
  /** The first input, or null for a leaf. */
  _a: Value | null;
  /** The second input, or null. */
  _b: Value | null;
  /** The op that made it ('+', '*', 'tanh', …), or '' for a leaf. */
  _op: string;
  /** A name for drawings and messages. */
  label: string;
  /** Which backward() pass last reached this node (see topologicalOrder). */
  _mark = 0;

  constructor(data: number, children: readonly Value[] = NO_CHILDREN, op = '', label = '') {
    if (typeof data !== 'number') {
      throw new TypeError(`new Value: expected a number, got ${describe(data)}`);
    }
    if (children.length > 2) {
      throw new RangeError(`new Value: a Value has at most two inputs, got ${children.length}`);
    }
    this.data = data;
    this._a = children.length > 0 ? children[0] : null;
    this._b = children.length > 1 ? children[1] : null;
    this._op = op;
    this.label = label;
  }

  /** The inputs this Value was computed from, in creation order (a new array each time you ask). */
  get _prev(): Value[] {
    if (this._a === null) return [];
    return this._b === null ? [this._a] : [this._a, this._b];
  }

  /** this + other; a number is wrapped in a leaf Value. */
  add(other: Operand): Value {
    const that = asValue(other, 'add');
    const out = result(this.data + that.data, '+', this, that);
    out._backward = () => {
      this.grad += out.grad;
      that.grad += out.grad;
    };
    return out;
  }

  /** this − other. */
  sub(other: Operand): Value {
    const that = asValue(other, 'sub');
    const out = result(this.data - that.data, '-', this, that);
    out._backward = () => {
      this.grad += out.grad;
      that.grad += -out.grad;
    };
    return out;
  }

  /** this × other; a number is wrapped in a leaf Value. */
  mul(other: Operand): Value {
    const that = asValue(other, 'mul');
    const out = result(this.data * that.data, '*', this, that);
    out._backward = () => {
      this.grad += that.data * out.grad;
      that.grad += this.data * out.grad;
    };
    return out;
  }

  /** this / other. */
  div(other: Operand): Value {
    const that = asValue(other, 'div');
    const out = result(this.data / that.data, '/', this, that);
    out._backward = () => {
      this.grad += (1 / that.data) * out.grad;
      that.grad += (-this.data / (that.data * that.data)) * out.grad;
    };
    return out;
  }

  /** −this. */
  neg(): Value {
    const out = result(-this.data, 'neg', this);
    out._backward = () => {
      this.grad += -out.grad;
    };
    return out;
  }

  /** this to the power k, a plain number. */
  pow(k: number): Value {
    if (typeof k !== 'number') {
      throw new TypeError(`Value.pow: expected a number exponent, got ${describe(k)}`);
    }
    const out = result(this.data ** k, `**${k}`, this);
    out._backward = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** e to the power of this. */
  exp(): Value {
    const out = result(Math.exp(this.data), 'exp', this);
    out._backward = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  /** The hyperbolic tangent of this; its local derivative is 1 − tanh². */
  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = result(t, 'tanh', this);
    out._backward = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** max(0, this). */
  relu(): Value {
    const out = result(this.data < 0 ? 0 : this.data, 'ReLU', this);
    out._backward = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  // Reverse-mode pass: order the graph so every node comes after its inputs,
  // seed d(this)/d(this) = 1, then call each `_backward` from the output back.
  /** Sets this.grad = 1 and calls every `_backward` below it, outputs before inputs. */
  backward(): void {
    const order = topologicalOrder(this);
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      if (typeof node._backward !== 'function') throw notCallable(node);
      node._backward();
    }
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

// Depth-first post-order without recursion, so a chain of a million nodes
// cannot overflow the call stack. The stack holds nodes only; whether a node
// was reached before, and whether its inputs are listed yet, is written on the
// node itself as a number of this pass, so no visited Set and no [node, flag]
// pair is allocated per node. A mark left from an earlier pass is smaller than
// both of this pass's numbers, so nothing needs clearing between passes.
export function topologicalOrder(root: Value): Value[] {
  passCounter += 2;
  const entered = passCounter - 1; // on the stack, its inputs still to list
  const listed = passCounter; // in the order
  const order: Value[] = [];
  const stack: Value[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v._mark === listed) continue; // reached twice: listed already
    if (v._mark === entered) {
      v._mark = listed; // popped again: every input of v is in the order
      order.push(v);
      continue;
    }
    v._mark = entered;
    stack.push(v); // come back to v after its inputs
    // The second input first, so the first is popped, and listed, first.
    if (v._b !== null && v._b._mark < entered) stack.push(v._b);
    if (v._a !== null && v._a._mark < entered) stack.push(v._a);
  }
  return order;
}

// The Value an op returns, its inputs written straight into the two fields.
// Passing them as [this, that] to the constructor made an array per value; V8
// can leave it out when it inlines the constructor into the op, but in
// Chrome's workers it often did not, and the garbage cost a training step a third.
function result(data: number, op: string, a: Value, b: Value | null = null): Value {
  const out = new Value(data);
  out._a = a;
  out._b = b;
  out._op = op;
  return out;
}

// A reader who writes `out._backward = backward()` stores what the call returned.
function notCallable(node: Value): TypeError {
  const name = node.label !== '' ? `'${node.label}'` : node._op !== '' ? `the '${node._op}' node` : 'a leaf';
  return new TypeError(
    `backward(): the _backward of ${name} is not a function (got ${describe(node._backward)}); ` +
      'store the function itself, out._backward = () => { … }, not the result of calling it',
  );
}

function asValue(x: unknown, op: string): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') return new Value(x);
  throw new TypeError(`Value.${op}: expected a Value or a number, got ${describe(x)}`);
}

// V8 keeps a field as a small integer until it first holds a fraction, then
// converts every object that already has it. Without this, the first
// backward() through a big graph built before it pays that conversion once
// per node (a 10^6-node chain: seconds). One Value with a fractional grad,
// made as the module loads, settles the field's kind before any real Value.
new Value(0.5).grad = 0.5;
