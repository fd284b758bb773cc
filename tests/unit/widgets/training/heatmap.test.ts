// The two-moons heat map's colours (src/widgets/training/heatmap.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridPixels, parseColour, scoreColour, type Palette } from '../../../../src/widgets/training/heatmap.ts';

const palette: Palette = { positive: [200, 0, 0], negative: [0, 0, 200], background: [255, 255, 255], outline: '#000' };

test('a score takes its class colour, stronger the surer the network is', () => {
  const unsure = scoreColour(0.01, palette);
  const sure = scoreColour(3, palette);
  assert.ok(unsure[0] > unsure[2], 'a positive score leans to the positive colour');
  assert.deepEqual(sure, [228, 128, 128], '|score| >= 1 mixes half the class colour into the background');
  assert.ok(sure[1] < unsure[1], 'surer is further from the background');
  const negative = scoreColour(-3, palette);
  assert.ok(negative[2] > negative[0], 'a negative score leans to the negative colour');
});

test('the grid becomes one opaque pixel per cell, in row order', () => {
  const px = gridPixels([1, -1, 0.5, -0.5], 2, 2, palette);
  assert.equal(px.length, 16);
  assert.deepEqual([...px.slice(0, 4)], [...scoreColour(1, palette), 255]);
  assert.deepEqual([...px.slice(4, 8)], [...scoreColour(-1, palette), 255]);
  assert.ok([3, 7, 11, 15].every((i) => px[i] === 255));
});

test('colours parse from #rgb and #rrggbb, anything else is grey', () => {
  assert.deepEqual(parseColour('#1a2b3c'), [0x1a, 0x2b, 0x3c]);
  assert.deepEqual(parseColour(' #fff '), [255, 255, 255]);
  assert.deepEqual(parseColour('rgb(1, 2, 3)'), [1, 2, 3]);
  assert.deepEqual(parseColour('rgb(4 5 6)'), [4, 5, 6]);
  // A token read raw (light-dark(…) is only resolved on a real property) is not a colour.
  assert.deepEqual(parseColour('light-dark(#fff, #000)'), [128, 128, 128]);
});
