// The engine's public entry: everything lessons, cells and widgets use.
export { Value, topologicalOrder, type Operand } from './value.ts';
export { Module, Neuron, Layer, MLP, type Activation, type NeuronOptions, type MLPOptions } from './nn.ts';
export { mulberry32, uniform, type Random } from './random.ts';
export { trace, traceLive, nameOf, idOf, childrenOf, type Trace, type TraceNode } from './trace.ts';
export { describe } from './describe.ts';
