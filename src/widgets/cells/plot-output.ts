// How a `plot(...)` output shows under a cell: an SVG chart (role img, named
// by its title) and, beside it, the same numbers as tables, for a reader who
// cannot see the chart or wants the exact figures. Loaded on first use
// (output-view.ts), so pages whose cells never plot do not pay for it. The
// colours are the design's series tokens (light-dark pairs, cells.css), and
// each line also has its own dash, so colour is never the only difference.

import type { OutputItem } from '../../runtime/protocol.ts';
import { formatPathNumber, formatPlotNumber } from '../../runtime/format.ts';

type PlotItem = Extract<OutputItem, { kind: 'plot' }>;
type Pt = [number, number];

/** The drawing's height; its width is the box's (at most 640), so text stays at its size on a phone. */
const H = 260;
const P = { left: 52, right: 16, top: 14, bottom: 40 };
const SVG = 'http://www.w3.org/2000/svg';
/** Dashes for lines 1, 2, 3, …: the first solid, the rest told apart without colour. */
const DASHES = ['', '6 4', '2 3', '10 3 2 3'];
let plots = 0;

/** About five round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/** The range of `vs`, widened when it is a single value (a flat line still gets an axis). */
function range(vs: number[]): [number, number] {
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (hi - lo < 1e-12) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderPlot(box: HTMLElement, item: PlotItem): void {
  const id = `plot-${++plots}`;
  const W = Math.round(Math.min(640, Math.max(300, box.clientWidth || 640)));
  const all: Pt[] = [...item.lines.flatMap((l) => l.points), ...item.arrows.flatMap((a) => [a.from, a.to])];
  if (all.length === 0) all.push([0, 0]);
  const [x0, x1] = range(all.map((p) => p[0]));
  const [lo, hi] = range(all.map((p) => p[1]));
  const xt = ticks(x0, x1);
  const yt = ticks(lo, hi);
  const [y0, y1] = [Math.min(lo, yt[0]), Math.max(hi, yt[yt.length - 1])];
  const sx = (x: number) => P.left + ((x - x0) / (x1 - x0)) * (W - P.left - P.right);
  const sy = (y: number) => P.top + ((y1 - y) / (y1 - y0)) * (H - P.top - P.bottom);

  const figure = document.createElement('figure');
  figure.className = 'out-plot';
  const caption = document.createElement('figcaption');
  caption.textContent = item.title;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Plot: ${item.title}` });
  const desc = [item.lines.map((l) => l.name), item.arrows.map((a) => `arrow ${a.name}`)].flat().join(', ');
  svg.append(el('title', {}, `${item.title}: ${desc}${item.x ? `, by ${item.x}` : ''}`));
  // Arrows are drawn in the text's colour, thicker and solid, on top of the lines they often lie on.
  const defs = el('defs', {});
  const head = el('marker', { id: `${id}-head`, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 4, markerHeight: 4, orient: 'auto' });
  head.append(el('path', { d: 'M0,0L10,5L0,10z', class: 'plot-head' }));
  defs.append(head);
  svg.append(defs);

  const axes = el('g', { class: 'plot-axes' });
  for (const t of yt) {
    axes.append(el('line', { x1: P.left, x2: W - P.right, y1: sy(t), y2: sy(t), class: 'plot-grid' }));
    axes.append(el('text', { x: P.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, formatPlotNumber(t)));
  }
  for (const t of xt) axes.append(el('text', { x: sx(t), y: H - P.bottom + 16, 'text-anchor': 'middle' }, formatPlotNumber(t)));
  axes.append(el('line', { x1: P.left, x2: W - P.right, y1: H - P.bottom, y2: H - P.bottom, class: 'plot-axis' }));
  if (item.x) axes.append(el('text', { x: (P.left + W - P.right) / 2, y: H - 6, 'text-anchor': 'middle' }, item.x));
  if (item.y)
    axes.append(
      el(
        'text',
        { x: 12, y: (P.top + H - P.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(P.top + H - P.bottom) / 2})` },
        item.y,
      ),
    );
  svg.append(axes);

  const legend = document.createElement('ul');
  legend.className = 'legend plot-legend';
  const series = [
    ...item.lines.map((l) => ({ name: l.name, points: l.points, arrow: false })),
    ...item.arrows.map((a) => ({ name: a.name, points: [a.from, a.to], arrow: true })),
  ];
  series.forEach((s, i) => {
    const cls = s.arrow ? 'plot-arrow' : `plot-s${(i % 3) + 1}`;
    const dash = s.arrow ? '' : DASHES[i % DASHES.length];
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${formatPathNumber(sx(p[0]))},${formatPathNumber(sy(p[1]))}`).join('');
    svg.append(el('path', { d, class: cls, 'stroke-dasharray': dash, ...(s.arrow ? { 'marker-end': `url(#${id}-head)` } : {}) }));
    // A line of one or a few points, or an arrow's start, is hard to see as a stroke: dots too.
    if (s.arrow || s.points.length <= 12)
      for (const p of s.points.slice(0, s.arrow ? 1 : undefined))
        svg.append(el('circle', { cx: sx(p[0]), cy: sy(p[1]), r: 3.5, class: cls }));
    const li = document.createElement('li');
    const key = el('svg', { viewBox: '0 0 28 10', width: 28, height: 10, 'aria-hidden': 'true' });
    key.append(el('line', { x1: 1, x2: s.arrow ? 22 : 27, y1: 5, y2: 5, class: cls, 'stroke-dasharray': dash }));
    if (s.arrow) key.append(el('path', { d: 'M20,1L27,5L20,9z', class: 'plot-head' }));
    li.append(
      key,
      ` ${s.name}${s.arrow ? ` (arrow from ${formatPlotNumber(s.points[0][0])} to ${formatPlotNumber(s.points[1][0])})` : ''}`,
    );
    legend.append(li);
  });
  caption.append(legend);
  figure.append(caption, svg, numbers(item));
  box.replaceChildren(figure);
}

/** The plot's numbers as tables: lines that share their x values in one table, the arrows in another. */
function numbers(item: PlotItem): HTMLElement {
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = `The numbers of "${item.title}"`;
  details.append(summary);
  const groups: { xs: number[]; lines: PlotItem['lines'] }[] = [];
  for (const line of item.lines) {
    const xs = line.points.map((p) => p[0]);
    const same = groups.find((g) => g.xs.length === xs.length && g.xs.every((x, i) => x === xs[i]));
    if (same) same.lines.push(line);
    else groups.push({ xs, lines: [line] });
  }
  for (const g of groups) {
    details.append(
      table(
        [item.x ?? 'x', ...g.lines.map((l) => l.name)],
        g.xs.map((x, i) => [x, ...g.lines.map((l) => l.points[i][1])]),
      ),
    );
  }
  if (item.arrows.length) {
    const rows = item.arrows.map((a) => [a.name, ...a.from, ...a.to]);
    details.append(table(['arrow', 'from x', 'from y', 'to x', 'to y'], rows));
  }
  return details;
}

function table(head: string[], rows: (string | number)[][]): HTMLTableElement {
  const t = document.createElement('table');
  const tr = t.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    tr.append(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    for (const v of r) row.insertCell().textContent = typeof v === 'number' ? formatPlotNumber(v) : v;
  }
  return t;
}
