// Nudging a leaf on a drawn graph, loaded the first time a reader turns it on
// (GraphView's "Nudge a leaf"): the state, the fields on the drawing, the readout under it.
export { Nudge } from './nudge.svelte.ts';
export { default as NudgeFields } from './NudgeFields.svelte';
export { default as NudgeReadout } from './NudgeReadout.svelte';
