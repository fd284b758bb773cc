// The lab's colours, read from the page's tokens. The tokens are light-dark()
// pairs, which only a real property resolves: each is read through the colour
// of a hidden probe element inside the widget.

import { parseColour, type Palette } from '../training/heatmap.ts';

export function readPalette(probe: HTMLElement): Palette {
  const resolved = (token: string): string => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  return {
    positive: parseColour(resolved('--w-series-1')),
    negative: parseColour(resolved('--w-series-2')),
    background: parseColour(resolved('--bg')),
    outline: resolved('--fg') || '#000',
  };
}
