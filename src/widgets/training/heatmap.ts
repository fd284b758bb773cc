// The two-moons lab's picture: the network's score over the plane as a heat
// map, with the data points on top. The scores come as a coarse grid (one
// number per cell, computed in the worker); the grid is painted one pixel per
// cell and the browser scales it up with smoothing, so the colours blend
// between cell centres instead of showing blocks, and the page pays for one
// image draw however fine it looks. No Svelte, no engine: a canvas and numbers.

export type RGB = readonly [number, number, number];

export interface Palette {
  /** Colour of class +1 (where the score is positive). */
  positive: RGB;
  /** Colour of class −1. */
  negative: RGB;
  /** The page's background, which a score near 0 fades to. */
  background: RGB;
  /** Outline of the points. */
  outline: string;
}

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * The colour of one score: the class's colour where the network answers that
 * class, mixed into the background from 12% (unsure, near 0) to 50% (|score| ≥ 1).
 */
export function scoreColour(score: number, palette: Palette): RGB {
  // A ReLU neuron that does not fire gives exactly 0: the background, no class.
  if (score === 0) return palette.background;
  const c = score > 0 ? palette.positive : palette.negative;
  const t = 0.12 + 0.38 * Math.min(1, Math.abs(score));
  const bg = palette.background;
  return [Math.round(bg[0] + (c[0] - bg[0]) * t), Math.round(bg[1] + (c[1] - bg[1]) * t), Math.round(bg[2] + (c[2] - bg[2]) * t)];
}

/**
 * A CSS colour as numbers: #rgb, #rrggbb, or rgb(r, g, b) / rgb(r g b), the form
 * getComputedStyle gives; grey for anything else.
 */
export function parseColour(css: string): RGB {
  const text = css.trim();
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const h = text.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = /^[0-9a-f]{6}$/i.test(full) ? parseInt(full, 16) : NaN;
  return Number.isFinite(n) ? [(n >> 16) & 255, (n >> 8) & 255, n & 255] : [128, 128, 128];
}

/** The grid's colours as RGBA bytes, one pixel per cell, row by row from the top. */
export function gridPixels(grid: ArrayLike<number>, cols: number, rows: number, palette: Palette): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(new ArrayBuffer(cols * rows * 4));
  for (let i = 0; i < cols * rows; i++) {
    const [r, g, b] = scoreColour(grid[i], palette);
    px[4 * i] = r;
    px[4 * i + 1] = g;
    px[4 * i + 2] = b;
    px[4 * i + 3] = 255;
  }
  return px;
}

/**
 * Paints the grid at one pixel per cell onto a canvas exactly that size: one
 * putImageData, no scaling. The lab's neuron tiles are drawn this way; scaling
 * each through a second canvas cost the page more than half its frames.
 */
export function paintPixels(canvas: HTMLCanvasElement, grid: ArrayLike<number>, cols: number, rows: number, palette: Palette): void {
  canvas.getContext('2d')?.putImageData(new ImageData(gridPixels(grid, cols, rows, palette), cols, rows), 0, 0);
}

/** A small canvas, kept between redraws, that holds the grid at one pixel per cell. */
let small: HTMLCanvasElement | null = null;

/** Paints the grid over the whole canvas, its cells blended into each other. */
export function paintGrid(
  canvas: HTMLCanvasElement,
  grid: ArrayLike<number>,
  cols: number,
  rows: number,
  palette: Palette,
): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  small ??= document.createElement('canvas');
  if (small.width !== cols || small.height !== rows) {
    small.width = cols;
    small.height = rows;
  }
  small.getContext('2d')?.putImageData(new ImageData(gridPixels(grid, cols, rows, palette), cols, rows), 0, 0);
  // Each grid value is the score at a cell's centre; scaled this way the
  // pixel centres land on the cell centres and smoothing blends between them.
  // Bilinear ('low') is all an upscale needs, and the cheapest to paint 30 times a second.
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  return ctx;
}

export interface Marks {
  /** Points held out of training: drawn hollow. */
  test?: { xs: readonly (readonly number[])[]; ys: readonly number[] };
  /** The keyboard's cursor, in plane units. */
  cursor?: readonly [number, number] | null;
  /** A point picked out with a ring. */
  chosen?: readonly number[] | null | undefined;
}

/** Paints the heat map of `grid` over the whole canvas and the points on top. */
export function paintHeatMap(
  canvas: HTMLCanvasElement,
  grid: ArrayLike<number>,
  cols: number,
  rows: number,
  points: { xs: readonly (readonly number[])[]; ys: readonly number[] },
  bounds: Bounds,
  palette: Palette,
  marks: Marks = {},
): void {
  const ctx = paintGrid(canvas, grid, cols, rows, palette);
  if (!ctx) return;
  const W = canvas.width;
  const H = canvas.height;
  const { xMin, xMax, yMin, yMax } = bounds;
  const px = (x: number) => ((x - xMin) / (xMax - xMin)) * W;
  const py = (y: number) => ((yMax - y) / (yMax - yMin)) * H;
  const draw = (set: { xs: readonly (readonly number[])[]; ys: readonly number[] }, hollow: boolean) => {
    ctx.lineWidth = 1.5;
    for (let i = 0; i < set.xs.length; i++) {
      const [x, y] = set.xs[i];
      const positive = set.ys[i] > 0;
      const colour = `rgb(${(positive ? palette.positive : palette.negative).join(',')})`;
      ctx.fillStyle = colour;
      ctx.strokeStyle = hollow ? colour : palette.outline;
      ctx.beginPath();
      if (positive) ctx.arc(px(x), py(y), 5, 0, 2 * Math.PI);
      else ctx.rect(px(x) - 4.5, py(y) - 4.5, 9, 9);
      if (!hollow) ctx.fill();
      ctx.stroke();
    }
  };
  if (marks.test) draw(marks.test, true);
  draw(points, false);
  if (marks.chosen) {
    ctx.strokeStyle = palette.outline;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px(marks.chosen[0]), py(marks.chosen[1]), 10, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (marks.cursor) {
    const [cx, cy] = [px(marks.cursor[0]), py(marks.cursor[1])];
    ctx.strokeStyle = palette.outline;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 10, cy);
    ctx.lineTo(cx + 10, cy);
    ctx.moveTo(cx, cy - 10);
    ctx.lineTo(cx, cy + 10);
    ctx.stroke();
  }
}
