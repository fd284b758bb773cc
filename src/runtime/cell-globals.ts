// The names every cell can use without importing anything. A lesson's
// frontmatter may hide some of them (`cells.hide`), checked against this list
// at build time so a misspelt name is an error, not a silent no-op.
export const CELL_GLOBALS = ['Value', 'Neuron', 'Layer', 'MLP', 'trace', 'draw', 'plot', 'assert', 'checkNumber', 'timeit'] as const;
export type CellGlobal = (typeof CELL_GLOBALS)[number];
