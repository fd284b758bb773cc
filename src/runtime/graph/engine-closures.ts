// The engine's closures, taken from src/engine/value.ts when the site is built.
import source from '../../engine/value.ts?raw';
import { extractClosures } from './engine-source.ts';

export const ENGINE_CLOSURES = extractClosures(source);
