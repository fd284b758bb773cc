// Neurons, layers and multi-layer perceptrons built from Values. As in
// micrograd, all three extend Module, which zeroes the grads of whatever
// parameters() lists.
//
// Two flavours, one option:
// - activation 'tanh' (the lecture): every layer applies tanh; weights and
//   biases start uniform in [-1, 1).
// - activation 'relu' (micrograd's demo): hidden layers apply ReLU, the last
//   layer is linear; weights start uniform in [-1, 1), biases at 0.

import { Value, type Operand } from './value.ts';
import { mulberry32, uniform, type Random } from './random.ts';

export type Activation = 'tanh' | 'relu' | 'linear';

export interface NeuronOptions {
  activation?: Activation;
  /** Where initial weights come from; defaults to mulberry32(seed). */
  random?: Random;
  /** Seed for the default random source (default 1). */
  seed?: number;
}

export type MLPOptions = NeuronOptions;

/** micrograd's Module: anything that lists its parameters can zero their grads. */
export class Module {
  parameters(): Value[] {
    return [];
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }
}

export class Neuron extends Module {
  w: Value[];
  b: Value;
  activation: Activation;

  constructor(nin: number, options: NeuronOptions = {}) {
    super();
    const random = options.random ?? mulberry32(options.seed ?? 1);
    this.activation = options.activation ?? 'tanh';
    this.w = [];
    for (let i = 0; i < nin; i++) this.w.push(new Value(uniform(random), [], '', `w${i + 1}`));
    // micrograd starts biases at 0; the lecture draws them like the weights.
    this.b = new Value(this.activation === 'tanh' ? uniform(random) : 0, [], '', 'b');
  }

  forward(x: Operand[]): Value {
    if (x.length !== this.w.length) {
      throw new RangeError(`Neuron.forward: expected ${this.w.length} inputs, got ${x.length}`);
    }
    // act = b + w1·x1 + w2·x2 + …, summed in that order.
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i].mul(x[i]));
    if (this.activation === 'tanh') return act.tanh();
    if (this.activation === 'relu') return act.relu();
    return act;
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }

  toString(): string {
    return `${this.activation === 'linear' ? 'Linear' : this.activation === 'relu' ? 'ReLU' : 'Tanh'}Neuron(${this.w.length})`;
  }
}

export class Layer extends Module {
  neurons: Neuron[];

  constructor(nin: number, nout: number, options: NeuronOptions = {}) {
    super();
    const random = options.random ?? mulberry32(options.seed ?? 1);
    this.neurons = [];
    for (let i = 0; i < nout; i++) this.neurons.push(new Neuron(nin, { ...options, random }));
  }

  forward(x: Operand[]): Value[] {
    return this.neurons.map((n) => n.forward(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }

  toString(): string {
    return `Layer of [${this.neurons.join(', ')}]`;
  }
}

export class MLP extends Module {
  layers: Layer[];

  /** `new MLP(3, [4, 4, 1])`: 3 inputs, two hidden layers of 4, one output. */
  constructor(nin: number, nouts: number[], options: MLPOptions = {}) {
    super();
    const random = options.random ?? mulberry32(options.seed ?? 1);
    const hidden = options.activation ?? 'tanh';
    // The lecture keeps tanh on the output too; micrograd's ReLU net ends linear.
    const last: Activation = hidden === 'relu' ? 'linear' : hidden;
    const sizes = [nin, ...nouts];
    this.layers = [];
    for (let i = 0; i < nouts.length; i++) {
      const activation = i === nouts.length - 1 ? last : hidden;
      this.layers.push(new Layer(sizes[i], sizes[i + 1], { activation, random }));
    }
  }

  /** The outputs of the last layer (one Value each: `forward(x)[0]` for a single output). */
  forward(x: Operand[]): Value[] {
    let h: Operand[] = x;
    for (const layer of this.layers) h = layer.forward(h);
    return h as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  toString(): string {
    return `MLP of [${this.layers.join(', ')}]`;
  }
}
