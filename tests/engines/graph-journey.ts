// The graph journey on its own, so it is one place to change when the graph's
// step controls change. It keeps to the names DESIGN.md fixes: the svg (role
// img) named "Computation graph…", nodes g.value[data-label=…] with text.grad
// "grad 0.5000", step buttons named "call <label>._backward()".
import { openEditor } from './journeys-helpers.ts';
import { waitForText, waitShown, type Tab } from './tab.ts';
import type { Query } from './page-query.ts';

/** In the playground: the lecture's neuron with o.grad = 1 set in code, drawn; one call of o._backward() gives n 0.5000. */
export async function stepThroughGraph(tab: Tab): Promise<void> {
  await tab.goto('playground/');
  const cell: Query = [{ role: 'group', name: 'Code cell 1' }];
  // The starter ends with draw(o): set the base case on a line of its own above it.
  await openEditor(tab, cell);
  await tab.press('Control+End');
  await tab.press('Home');
  await tab.type('o.grad = 1;');
  await tab.press('Enter');
  await tab.press('Control+Enter');
  await waitShown(tab, [...cell, { role: 'img', namePrefix: 'Computation graph' }], 'the graph of o', 15_000);
  const grad = (label: string): Query => [...cell, { css: `g.value[data-label="${label}"] text.grad` }];
  await waitForText(tab, grad('o'), (t) => t === 'grad 1.0000', "o's grad, set in code");
  await waitForText(tab, grad('n'), (t) => t === 'grad 0.0000', "n's grad before the call");
  await tab.click([...cell, { role: 'button', name: 'call o._backward()' }]);
  await waitForText(tab, grad('n'), (t) => t === 'grad 0.5000', "n's grad after o._backward()");
}
