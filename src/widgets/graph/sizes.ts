// Sizes of a drawn graph that views need without laying one out: the text
// size the layout measures with, the smallest readable scale, the fit, and
// whether a shape meets a box. Kept apart from layout.ts, which brings dagre,
// so a view of a graph laid out at build time (PathsView) does not load it.

import type { Box } from './reveal.ts';

// The SVG draws text in a monospace font at this size, so widths can be
// computed here without a DOM (and the server and the browser agree).
export const FONT_SIZE = 13;
export const CHAR_WIDTH = FONT_SIZE * 0.62;
/** Node text is never drawn smaller than this when a view opens or fits (px). */
export const MIN_TEXT_PX = 11;
/** The smallest scale that keeps node text readable: a hair above, so rounding never draws 10.99 px. */
export const READABLE = (MIN_TEXT_PX + 0.01) / FONT_SIZE;
/** What the frame's border and a fit's slack take from its width (px). */
export const FRAME = 6;

/** The scale that fits a drawing `width` wide into a frame, never above 1 nor below readable text (the rest scrolls). */
export function fitScale(frameWidth: number, width: number): number {
  return Math.min(1, Math.max(READABLE, (frameWidth - (FRAME - 2)) / width));
}

/** Whether a shape (its centre, and its size when it has one) meets `box`; nothing meets null. */
export function meets(box: Box | null, s: { x: number; y: number; width?: number; height?: number }): boolean {
  if (box === null) return false;
  const w = (s.width ?? 0) / 2;
  const h = (s.height ?? 0) / 2;
  return s.x + w >= box.left && s.x - w <= box.right && s.y + h >= box.top && s.y - h <= box.bottom;
}
