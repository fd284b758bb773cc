// The closures of chapters 3-5's Value (./assigning-value.ts), taken from its source when the site is built;
// an op it does not define runs the engine's own closure, so that one is shown.
import source from './assigning-value.ts?raw';
import { extractClosures } from './engine-source.ts';
import { ENGINE_CLOSURES } from './engine-closures.ts';

export const ASSIGNING_CLOSURES = { ...ENGINE_CLOSURES, ...extractClosures(source, 'Value as chapters 3–5 write it') };
