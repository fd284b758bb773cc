// How the cells of one page become one typed TypeScript file for the
// language service (src/runtime/ts.worker.ts). Cells run top to bottom in one
// shared scope, and a later cell may declare `class Value` again. TypeScript
// sees that as one module where every cell opens a block inside the block of
// the cell before it:
//
//   import { Value, ... } from '/engine/index.ts';   // the visible globals
//   {
//   <cell 1>
//   {
//   <cell 2>        // sees cell 1; its `class Value` shadows cell 1's
//   }
//   }
//
// Block-scoped declarations (const, let, class, function) in an inner block
// shadow the outer ones without "Cannot redeclare", and a cell sees only the
// cells above it. Positions inside the asked-for cell are its own plus an
// offset.

import { CELL_GLOBALS } from './cell-globals.ts';

/** The globals that come from the engine; `draw`, `assert` and `timeit` come from the cell environment. */
const FROM_ENGINE = new Set(['Value', 'Neuron', 'Layer', 'MLP', 'trace']);

export const ENGINE_PATH = '/engine/index.ts';
export const CELL_ENV_PATH = '/cell-env.ts';

export interface Scope {
  /** The whole file. */
  text: string;
  /** Where the cell's own code starts in `text`. */
  offset: number;
  /** The length of the cell's own code. */
  length: number;
}

/** The import lines that give a cell its globals, minus the ones the lesson hides. */
export function globalsHeader(hide: readonly string[]): string {
  const visible = CELL_GLOBALS.filter((g) => !hide.includes(g));
  const engine = visible.filter((g) => FROM_ENGINE.has(g));
  const env = visible.filter((g) => !FROM_ENGINE.has(g));
  const lines: string[] = [];
  if (engine.length) lines.push(`import { ${engine.join(', ')} } from '${ENGINE_PATH}';`);
  if (env.length) lines.push(`import { ${env.join(', ')} } from '${CELL_ENV_PATH}';`);
  // A module even when nothing is imported, so top-level await type-checks.
  lines.push('export {};');
  return `${lines.join('\n')}\n`;
}

/**
 * The file in which `cells[index]` is checked: the header, the cells before it
 * each opening a block, the cell itself, and the closing braces.
 */
export function composeScope(cells: readonly string[], index: number, hide: readonly string[]): Scope {
  let text = globalsHeader(hide);
  for (let i = 0; i < index; i++) text += `{\n${cells[i]}\n`;
  text += '{\n';
  const offset = text.length;
  const own = cells[index] ?? '';
  text += `${own}\n${'}'.repeat(index + 1)}\n`;
  return { text, offset, length: own.length };
}

/**
 * A span of the whole file in the cell's own coordinates, or null when it lies
 * in a cell above. A span past the cell's end (a missing `}` reported at the
 * end of the file) is moved to the cell's end, where the reader can see it.
 */
export function toCell(scope: Scope, from: number, to: number): { from: number; to: number } | null {
  if (from < scope.offset) return null;
  const clamp = (x: number) => Math.max(0, Math.min(scope.length, x - scope.offset));
  return { from: clamp(from), to: Math.max(clamp(from), clamp(to)) };
}
