// The graph journey on its own, so it is one place to change when the graph's
// step controls change. It keeps to the names DESIGN.md fixes: the svg (role
// img) named "Computation graph…", nodes g.value[data-label=…] with text.grad
// "grad 0.5000", step buttons named "call <label>._backward()".
import { openEditor } from './journeys-helpers.ts';
import { waitFor, waitForText, waitShown, type Tab } from './tab.ts';
import type { Query } from './page-query.ts';

/**
 * In the playground: the lecture's neuron with o.grad = 1 set in code, drawn; one call of o._backward() gives n 0.5000;
 * then, with Predict first on, n._backward() asks for two grads, and the keyboard answers them; then one
 * step of the forward pass makes x1, the first value the code made, and marks its line in the editor.
 */
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

  // Predict first: the next call asks for the grads it will change before it shows them.
  await tab.click([...cell, { role: 'button', name: 'Predict first' }]);
  await tab.click([...cell, { role: 'button', name: 'call n._backward()' }]);
  const first: Query = [...cell, { css: 'form.predict input' }];
  await waitShown(tab, first, 'the predicted-grad fields', 10_000);
  await waitFor(
    () => tab.query(first, 'focused'),
    (f) => f === true,
    'the first field focused',
  );
  await waitForText(tab, grad('b'), (t) => t === 'grad 0.0000', "b's grad, not shown before the answer");
  await tab.type('0.5');
  await tab.click([...cell, { css: 'form.predict li:nth-child(2) input' }]);
  await tab.type('0.5');
  await tab.press('Enter');
  await waitForText(tab, grad('b'), (t) => t === 'grad 0.5000', "b's grad once the answers are checked");
  await waitForText(tab, [...cell, { css: '.score' }], (t) => t === '2 of 2 predicted', 'the score');

  // The forward pass: the first value the code made, its line in the panel and in the editor.
  await tab.click([...cell, { role: 'button', name: 'Forward pass' }]);
  await tab.click([...cell, { role: 'button', name: 'step forward' }]);
  await waitForText(tab, [...cell, { css: '[data-testid="forward"] .title code' }], (t) => t === 'x1 = 2', "x1's line, made first");
  await waitForText(
    tab,
    [...cell, { css: '.cm-line.cm-pointed' }],
    (t) => t.startsWith('const x1 = new Value(2.0'),
    'the line that made x1',
  );
}
