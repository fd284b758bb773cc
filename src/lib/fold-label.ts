// The summary of a folded stretch of unchanged lines, the same in the static
// code (src/lessons/diff-marks.mjs, at build time) and in the editor.

export function foldLabel(count: number): string {
  return `⋯ ${count} unchanged line${count === 1 ? '' : 's'}`;
}
