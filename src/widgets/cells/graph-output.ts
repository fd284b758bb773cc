// How a `draw(v)` output shows under a cell: the graph view
// (../GraphView.svelte), loaded on demand, wired to the live objects in the
// worker through the notebook's graph session. Its stage is the one draw()
// asked for, else the chapter's (data-graph-stage on the notebook). A short
// line names the graph until the view has loaded (and stays if it cannot load).

import type { OutputItem } from '../../runtime/protocol.ts';
import type { GraphSession } from '../../runtime/graph/session.ts';
import { pointAt } from './pointed-lines.ts';

const unmounts = new WeakMap<HTMLElement, () => void>();

/** Unmounts the graph views inside `container` (before its output is cleared). */
export function clearGraphs(container: HTMLElement): void {
  for (const box of container.querySelectorAll<HTMLElement>('.out-graph')) {
    unmounts.get(box)?.();
    unmounts.delete(box);
  }
}

export function renderGraph(box: HTMLElement, item: Extract<OutputItem, { kind: 'graph' }>, session: GraphSession): void {
  const p = document.createElement('p');
  p.className = 'out-notice';
  const count = item.trace.nodes.length;
  p.textContent = `Computation graph of ${count} value${count === 1 ? '' : 's'}${item.label ? `: ${item.label}` : ''}`;
  box.dataset.graphId = String(item.graphId);
  box.append(p);
  const chapter = box.closest<HTMLElement>('[data-notebook]')?.dataset.graphStage;
  const stage = item.stage ?? chapter;
  const predict = box.closest<HTMLElement>('[data-notebook]')?.dataset.graphPredict === 'true';
  // A miss on the graph is reviewed under the cell that drew it.
  const cell = box.closest<HTMLElement>('[data-cell-id]')?.dataset.cellId;
  void import('../GraphView.svelte')
    .then(({ mount, unmount, default: GraphView }) => {
      if (!box.isConnected) return;
      const target = document.createElement('div');
      box.append(target);
      // The step-through points at the cell lines that made a value or hold the closure that runs.
      let pointed: HTMLElement | null = null;
      const view = mount(GraphView, {
        target,
        props: {
          trace: item.trace,
          session,
          stage,
          predict,
          loadPanel: () => import('../graph/StepPanel.svelte'),
          ...(item.forward ? { forward: item.forward } : {}),
          onPoint: (at) => (pointed = pointAt(box, at, pointed)),
          loadTable: () => import('../graph/GraphTable.svelte'),
          ...(item.engine ? { loadNudge: () => import('../graph/nudge/index.ts') } : {}),
          ...(cell ? { reviewAs: `cell:${cell}` } : {}),
          ...(item.label ? { label: item.label } : {}),
        },
      });
      unmounts.set(box, () => {
        pointed = pointAt(box, null, pointed);
        void unmount(view);
      });
      p.remove();
    })
    .catch((e: unknown) => {
      p.textContent += ` (the drawing could not load: ${(e as Error).message})`;
    });
}
