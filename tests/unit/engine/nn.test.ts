// Neuron, Layer and MLP: shapes, seeding, both activation flavours, training.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Layer, MLP, Module, Neuron, Value, mulberry32 } from '../../../src/engine/index.ts';

test('mulberry32 is deterministic and in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, mulberry32(43)));
});

test('MLP(3, [4, 4, 1]) has 41 parameters in layer, neuron, weights-then-bias order', () => {
  const n = new MLP(3, [4, 4, 1], { seed: 7 });
  const ps = n.parameters();
  assert.equal(ps.length, 4 * 4 + 4 * 5 + 1 * 5);
  assert.equal(ps[0], n.layers[0].neurons[0].w[0]);
  assert.equal(ps[3], n.layers[0].neurons[0].b);
  assert.equal(ps.at(-1), n.layers[2].neurons[0].b);
  assert.ok(ps.every((p) => p instanceof Value && p.data >= -1 && p.data < 1));
});

test('the same seed gives the same weights; another seed gives others', () => {
  const data = (seed: number) => new MLP(3, [4, 4, 1], { seed }).parameters().map((p) => p.data);
  assert.deepEqual(data(1), data(1));
  assert.notDeepEqual(data(1), data(2));
});

test('tanh flavour (the lecture): every layer tanh, random biases', () => {
  const n = new MLP(3, [4, 1], { seed: 3 });
  assert.deepEqual(
    n.layers.map((l) => l.neurons[0].activation),
    ['tanh', 'tanh'],
  );
  assert.ok(n.layers[0].neurons.some((u) => u.b.data !== 0));
  const [out] = n.forward([2, 3, -1]);
  assert.equal(out._op, 'tanh');
  assert.ok(out.data > -1 && out.data < 1);
});

test("relu flavour (micrograd's demo): ReLU hidden layers, linear output, zero biases", () => {
  const n = new MLP(2, [16, 16, 1], { activation: 'relu', seed: 1337 });
  assert.deepEqual(
    n.layers.map((l) => l.neurons[0].activation),
    ['relu', 'relu', 'linear'],
  );
  assert.ok(
    n
      .parameters()
      .filter((_, i, ps) => ps[i].label === 'b')
      .every((b) => b.data === 0),
  );
  assert.equal(n.parameters().length, 337);
  const [out] = n.forward([0.5, -0.2]);
  assert.equal(out._op, '+');
});

test('Neuron computes act = b + Σ wᵢ·xᵢ, then the activation', () => {
  const u = new Neuron(2, { activation: 'linear', random: () => 0.75 }); // every weight 0.5
  assert.equal(u.forward([2, 4]).data, 0.5 * 2 + 0.5 * 4 + 0);
  const t = new Neuron(2, { random: () => 0.75 }); // tanh: bias 0.5 too
  assert.equal(t.forward([2, 4]).data, Math.tanh(0.5 + 1 + 2));
  assert.throws(() => u.forward([1]), /Neuron.forward: expected 2 inputs, got 1/);
});

test('Layer returns one output per neuron; zeroGrad clears every grad', () => {
  const layer = new Layer(3, 4, { seed: 5 });
  const outs = layer.forward([1, 2, 3]);
  assert.equal(outs.length, 4);
  outs.reduce((a, b) => a.add(b)).backward();
  assert.ok(layer.parameters().some((p) => p.grad !== 0));
  layer.zeroGrad();
  assert.ok(layer.parameters().every((p) => p.grad === 0));
});

test("Neuron, Layer and MLP share one zeroGrad, Module's, as micrograd's classes do", () => {
  for (const cls of [Neuron, Layer, MLP]) {
    assert.ok(cls.prototype instanceof Module, cls.name);
    assert.ok(!Object.hasOwn(cls.prototype, 'zeroGrad'), `${cls.name} writes its own zeroGrad`);
  }
  assert.deepEqual(new Module().parameters(), []);
  const n = new Neuron(2, { seed: 4 });
  n.forward([1, -2]).backward();
  assert.ok(n.parameters().some((p) => p.grad !== 0));
  n.zeroGrad();
  assert.ok(n.parameters().every((p) => p.grad === 0));
});

test('training the lecture example drives the loss down', () => {
  const xs = [
    [2, 3, -1],
    [3, -1, 0.5],
    [0.5, 1, 1],
    [1, 1, -1],
  ];
  const ys = [1, -1, -1, 1];
  const n = new MLP(3, [4, 4, 1], { seed: 42 });
  const lossOf = () => xs.map((x, i) => n.forward(x)[0].sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  const first = lossOf().data;
  let loss = first;
  for (let k = 0; k < 100; k++) {
    const l = lossOf();
    n.zeroGrad();
    l.backward();
    for (const p of n.parameters()) p.data -= 0.05 * p.grad;
    loss = l.data;
  }
  assert.ok(loss < first / 10, `loss went from ${first} to ${loss}`);
  n.zeroGrad();
  assert.ok(n.parameters().every((p) => p.grad === 0));
});
