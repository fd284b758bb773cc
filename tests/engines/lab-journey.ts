// The training lab in another engine: opened from a link with its choices in
// the address, it trains XOR to 95 %, then draws one point's graph and steps
// one _backward call. Keeps to the names the lab's issue fixes: "Start
// training", "Pause", "Point number", "Open this point's graph", the graph's
// img "Computation graph of N values…", and the step buttons.
import type { Site } from './site.ts';
import { expectNoProblems } from './journeys-helpers.ts';
import { LONG, waitForAttr, waitForText, waitShown, type Tab } from './tab.ts';
import type { Query } from './page-query.ts';

export async function trainTheLab(tab: Tab, site: Site): Promise<void> {
  await tab.goto('lessons/training/#lab=moons&data=xor&layers=2&neurons=4&act=tanh');
  const lab: Query = [{ css: '#lab-moons' }];
  // The link scrolls the lab into view, which wakes its island.
  await waitForAttr(tab, [{ css: 'astro-island:has(#lab-moons)' }], 'ssr', (v) => v === null, 'the lab ready', LONG);
  await waitForText(tab, [...lab, { css: '[data-testid="lab-points"]' }], (t) => t.endsWith('(XOR)'), 'the XOR points from the link');
  await tab.click([...lab, { role: 'button', name: 'Start training' }]);
  const accuracy = (t: string) => Number(t.replace('%', ''));
  await waitForText(tab, [...lab, { css: '[data-testid="lab-accuracy"]' }], (t) => accuracy(t) >= 95, 'training to 95 %', LONG);
  await tab.click([...lab, { role: 'button', name: 'Pause' }]);
  await waitForText(tab, [...lab, { css: '[data-testid="lab-status"]' }], (t) => t === 'Paused.', 'paused');

  await tab.click([...lab, { css: '.point input[type="number"]' }]);
  await tab.type('3');
  await tab.press('Enter');
  await tab.click([...lab, { role: 'button', name: "Open this point's graph" }]);
  const graph: Query = [...lab, { role: 'img', namePrefix: 'Computation graph of' }];
  await waitShown(tab, graph, "point 3's graph", LONG);
  await tab.click([...lab, { role: 'button', name: 'set grad = 1' }]);
  await tab.click([...lab, { role: 'button', name: 'call loss._backward()' }]);
  // loss = term / 100, so term's grad becomes 1/100.
  await waitForText(
    tab,
    [...lab, { css: 'g.value[data-label="term"] text.grad' }],
    (t) => t === 'grad 0.0100',
    "term's grad after loss._backward()",
  );
  await expectNoProblems(tab, site, 'training the lab and stepping a point’s graph');
}
