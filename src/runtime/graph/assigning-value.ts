// Value as chapters 3 to 5 write it: each closure *sets* its inputs' grads
// with `=` (chapter 6 finds the bug in that and switches to `+=`), and tanh
// squares with `t ** 2`. A lesson whose frontmatter says `graph.closures: '='`
// draws its examples with this class, so the step panel shows (cut from this
// file, as engine-closures.ts cuts the engine's) the closure that really runs,
// and a closure called twice sets the same grad twice instead of adding.
// Only the ops those chapters teach are here; any other is the engine's own.

import { Value as EngineValue } from '../../engine/value.ts';

export class Value extends EngineValue {
  add(other: Value): Value {
    const out = new Value(this.data + other.data, [this, other], '+');
    const backward = () => {
      this.grad = 1.0 * out.grad;
      other.grad = 1.0 * out.grad;
    };
    out._backward = backward;
    return out;
  }

  mul(other: Value): Value {
    const out = new Value(this.data * other.data, [this, other], '*');
    const backward = () => {
      this.grad = other.data * out.grad;
      other.grad = this.data * out.grad;
    };
    out._backward = backward;
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    const backward = () => {
      this.grad = (1 - t ** 2) * out.grad;
    };
    out._backward = backward;
    return out;
  }
}
