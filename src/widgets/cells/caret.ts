// Where in a block of static code the reader clicked, as a character offset,
// so the editor that replaces it puts the caret there.

export function caretOffset(pre: HTMLElement, x: number, y: number): number {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  let node: Node | null = null;
  let offset = 0;
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) {
    node = pos.offsetNode;
    offset = pos.offset;
  } else {
    const r = document.caretRangeFromPoint?.(x, y);
    if (r) {
      node = r.startContainer;
      offset = r.startOffset;
    }
  }
  if (!node || !pre.contains(node)) return 0;
  const range = document.createRange();
  range.selectNodeContents(pre.querySelector('code') ?? pre);
  try {
    range.setEnd(node, offset);
  } catch {
    return 0;
  }
  // Text shown but not in the code (a removed line, a fold's summary: src/lessons/diff-marks.mjs) does not count.
  let shownOnly = 0;
  for (const el of pre.querySelectorAll('[data-not-code]')) {
    if (!range.intersectsNode(el)) continue;
    const part = document.createRange();
    part.selectNodeContents(el);
    if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) part.setEnd(range.endContainer, range.endOffset);
    shownOnly += part.toString().length;
  }
  return range.toString().length - shownOnly;
}
