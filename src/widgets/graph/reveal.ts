// Where to scroll a graph so the values a step touched are in sight: a step on
// a value the reader cannot see teaches nothing. Moves as little as possible.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Viewport {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest box holding all of `boxes` (null for none). */
export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  return boxes.reduce((a, b) => ({
    left: Math.min(a.left, b.left),
    top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right),
    bottom: Math.max(a.bottom, b.bottom),
  }));
}

/**
 * The scroll position that brings `want` into view with `margin` around it,
 * moving the least. When `want` is larger than the view, `must` (the value
 * being worked on, inside `want`) is brought into view instead.
 */
export function scrollToReveal(view: Viewport, want: Box, must: Box, margin = 12): { left: number; top: number } {
  return {
    left: axis(view.left, view.width, want.left, want.right, must.left, must.right, margin),
    top: axis(view.top, view.height, want.top, want.bottom, must.top, must.bottom, margin),
  };
}

function axis(start: number, size: number, lo: number, hi: number, mustLo: number, mustHi: number, margin: number): number {
  if (hi - lo + 2 * margin > size) {
    lo = mustLo;
    hi = mustHi;
  }
  const m = Math.max(0, Math.min(margin, (size - (hi - lo)) / 2));
  if (lo - m < start) return Math.max(0, lo - m);
  if (hi + m > start + size) return Math.max(0, hi + m - size);
  return start;
}
