// The chapter slugs in order, as DESIGN.md names them, then the appendix (shared by the browser tests).
export const CHAPTERS = [
  'derivatives',
  'manual-gradients',
  'closures',
  'ordered-calls',
  'topological-sort',
  'accumulating-gradients',
  'more-ops',
  'neurons-and-layers',
  'training',
  'making-it-fast',
  'bugs-gallery', // the appendix, listed after chapter 10
] as const;
