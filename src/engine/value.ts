// A scalar that remembers how it was computed, so gradients can flow back
// through it. Every op has the same shape: build `out`, give it a closure
// `_backward` that adds (local derivative × out.grad) into each input's grad,
// return `out`.

import { describe } from './describe.ts';

export type Operand = Value | number;

// Leaves have nothing to propagate; one shared function saves an allocation per leaf.
const leafBackward = (): void => {};

// Each backward() pass gets a fresh number; a node stamped with it has been
// visited. This replaces a visited Set (fewer allocations, no hashing).
let passCounter = 0;

/** A scalar that remembers how it was computed, so gradients can flow back through it. */
export class Value {
  /** The number this Value holds. */
  data: number;
  /** d(output)/d(this), filled in by backward(); starts at 0. */
  grad = 0;
  /** Adds this Value's share of out.grad into its inputs' grads; does nothing for a leaf. */
  _backward: () => void = leafBackward;
  /** The inputs this Value was computed from, in creation order. */
  _prev: Value[];
  /** The op that made it ('+', '*', 'tanh', …), or '' for a leaf. */
  _op: string;
  /** A name for drawings and messages. */
  label: string;
  _visited = 0;

  constructor(data: number, children: Value[] = [], op = '', label = '') {
    if (typeof data !== 'number') {
      throw new TypeError(`new Value: expected a number, got ${describe(data)}`);
    }
    this.data = data;
    this._prev = children;
    this._op = op;
    this.label = label;
  }

  /** this + other; a number is wrapped in a leaf Value. */
  add(other: Operand): Value {
    const that = asValue(other, 'add');
    const out = new Value(this.data + that.data, [this, that], '+');
    out._backward = () => {
      this.grad += out.grad;
      that.grad += out.grad;
    };
    return out;
  }

  /** this − other. */
  sub(other: Operand): Value {
    const that = asValue(other, 'sub');
    const out = new Value(this.data - that.data, [this, that], '-');
    out._backward = () => {
      this.grad += out.grad;
      that.grad += -out.grad;
    };
    return out;
  }

  /** this × other; a number is wrapped in a leaf Value. */
  mul(other: Operand): Value {
    const that = asValue(other, 'mul');
    const out = new Value(this.data * that.data, [this, that], '*');
    out._backward = () => {
      this.grad += that.data * out.grad;
      that.grad += this.data * out.grad;
    };
    return out;
  }

  /** this / other. */
  div(other: Operand): Value {
    const that = asValue(other, 'div');
    const out = new Value(this.data / that.data, [this, that], '/');
    out._backward = () => {
      this.grad += (1 / that.data) * out.grad;
      that.grad += (-this.data / (that.data * that.data)) * out.grad;
    };
    return out;
  }

  /** −this. */
  neg(): Value {
    const out = new Value(-this.data, [this], 'neg');
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
    const out = new Value(this.data ** k, [this], `**${k}`);
    out._backward = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** e to the power of this. */
  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], 'exp');
    out._backward = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  /** The hyperbolic tangent of this; its local derivative is 1 − tanh². */
  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out._backward = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** max(0, this). */
  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], 'ReLU');
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
// cannot overflow the call stack. `stack` holds the path from the root;
// `nextChild[i]` says which child of stack[i] to visit next.
export function topologicalOrder(root: Value): Value[] {
  const pass = ++passCounter;
  const order: Value[] = [];
  const stack: Value[] = [root];
  const nextChild: number[] = [0];
  root._visited = pass;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = nextChild[top];
    if (i < node._prev.length) {
      nextChild[top] = i + 1;
      const child = node._prev[i];
      if (child._visited !== pass) {
        child._visited = pass;
        stack.push(child);
        nextChild.push(0);
      }
    } else {
      stack.pop();
      nextChild.pop();
      order.push(node);
    }
  }
  return order;
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
