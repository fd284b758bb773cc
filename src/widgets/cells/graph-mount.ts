// What a cell's drawn graph needs from Svelte, loaded together when a cell first draws one.
// A module of its own rather than import('svelte'): a namespace of the whole of Svelte kept
// every export of it alive in the chunk every island shares.
export { mount, unmount } from 'svelte';
export { default as GraphView } from '../GraphView.svelte';
