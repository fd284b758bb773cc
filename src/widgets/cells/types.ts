// What TypeScript says about a cell, in its editor: underlined diagnostics
// with the message on hover and listed under the code, completions with their
// signatures and doc comments, hover types. The language service runs in its
// own worker (src/runtime/ts.worker.ts), started by the first editor that
// opens, so nothing of it loads before the reader first focuses a cell.
// Types advise: nothing here stops a cell from running.

import * as Comlink from 'comlink';
import { linter, setDiagnosticsEffect, forceLinting, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorView, hoverTooltip, type ViewUpdate } from '@codemirror/view';
import { StateEffect, type Extension } from '@codemirror/state';
import type { CellCode, Info, TypesApi } from '../../runtime/ts.worker.ts';

export interface NotebookCode {
  cells: CellCode[];
  hide: string[];
}

let remote: Comlink.Remote<TypesApi> | null = null;
/** The worker could not load: offline before a first visit cached it, or a page left while it loaded. */
let unavailable = false;
const onUnavailable = new Set<() => void>();
let sent = '';
const open = new Set<EditorView>();
/** Tells the other editors that a cell above (or below) them changed. */
const notebookChanged = StateEffect.define<null>();

/** The language service, started on first use; null once its worker failed to load (types then go quiet). */
function service(): Comlink.Remote<TypesApi> | null {
  if (unavailable) return null;
  if (!remote) {
    const worker = new Worker(new URL('../../runtime/ts.worker.ts', import.meta.url), { type: 'module', name: 'typescript' });
    // Only a failed load reaches here: errors inside the worker come back to the caller through Comlink.
    // It is said in each open cell, not thrown: types advise, and a page being left aborts the load too.
    worker.addEventListener('error', () => {
      unavailable = true;
      for (const tell of onUnavailable) tell();
    });
    remote = Comlink.wrap<TypesApi>(worker);
    void remote.initialize();
  }
  return remote;
}

/** Sends the notebook's cells when they changed since the last request (messages keep their order). */
function sync(notebook: () => NotebookCode): Comlink.Remote<TypesApi> | null {
  const ts = service();
  if (!ts) return null;
  const now = notebook();
  const key = JSON.stringify(now);
  if (key !== sent) {
    sent = key;
    void ts.setNotebook(now);
  }
  return ts;
}

function infoBox(info: Info, cls: string): HTMLElement {
  const box = document.createElement('div');
  box.className = cls;
  const sig = document.createElement('code');
  sig.className = 'ts-signature';
  sig.textContent = info.signature;
  box.append(sig);
  if (info.doc) {
    const doc = document.createElement('p');
    doc.className = 'ts-doc';
    doc.textContent = info.doc;
    box.append(doc);
  }
  return box;
}

export interface Types {
  extension: Extension;
  /** How many type errors the cell has, once TypeScript has seen its current text. */
  errors(): Promise<number>;
  /** The id of the list of the cell's type errors. */
  listId: string;
  /** Called once with the editor the extension went into. */
  attach(view: EditorView): void;
  destroy(): void;
}

/**
 * A slip in the code's form is underlined, but neither listed nor counted as a type error: the run
 * says it once, in the cell's output, with its line and a caret (and nothing runs, so nothing "ran anyway").
 */
const SYNTAX = 'cm-syntax-slip';
const listed = (d: Diagnostic) => d.severity === 'error' && d.markClass !== SYNTAX;

/**
 * TypeScript for the editor of cell `n`. `notebook` gives every cell's code
 * in page order and the lesson's hidden globals; `list` is where the cell's
 * diagnostics are listed for the keyboard and screen readers.
 */
export function cellTypes(n: number, notebook: () => NotebookCode, list: HTMLElement): Types {
  const path = `cell-${n}`;
  let view: EditorView | null = null;
  let linted: { doc: unknown; errors: number } | null = null;
  let waiting: (() => void)[] = [];

  list.id = `cell-${n}-types`;
  list.className = 'cell-types';
  list.hidden = true;
  const summary = document.createElement('p');
  summary.className = 'cell-types-summary';
  // Announced when the count changes (the linter waits for a pause in typing).
  summary.setAttribute('aria-live', 'polite');
  const items = document.createElement('ul');
  list.append(summary, items);

  /** The service is gone: say so where the cell's type errors would be listed, and let no one wait for a count. */
  function tellUnavailable(): void {
    summary.textContent = 'TypeScript did not load, so this cell’s types are not checked; it still runs. Reload the page to try again.';
    items.replaceChildren();
    list.hidden = false;
    for (const w of waiting.splice(0)) w();
  }

  function show(v: EditorView, diagnostics: readonly Diagnostic[]): void {
    if (unavailable) return; // the note stays
    const errors = diagnostics.filter(listed);
    const text = errors.length === 0 ? '' : `TypeScript: ${errors.length} type error${errors.length === 1 ? '' : 's'}`;
    if (summary.textContent !== text) summary.textContent = text;
    list.hidden = errors.length === 0;
    const shown = errors.slice(0, 5);
    items.replaceChildren(
      ...shown.map((d) => {
        const li = document.createElement('li');
        const go = document.createElement('button');
        go.type = 'button';
        const line = v.state.doc.lineAt(Math.min(d.from, v.state.doc.length)).number;
        go.textContent = `Line ${line}: ${d.message}`;
        go.addEventListener('click', () => {
          v.dispatch({ selection: { anchor: d.from, head: d.to }, scrollIntoView: true });
          v.focus();
        });
        li.append(go);
        return li;
      }),
    );
    if (errors.length > shown.length) {
      const li = document.createElement('li');
      li.textContent = `and ${errors.length - shown.length} more, underlined in the code`;
      items.append(li);
    }
  }

  const lint = linter(
    async (v): Promise<readonly Diagnostic[]> => {
      const doc = v.state.doc;
      const ts = sync(notebook);
      if (!ts) return [];
      const found = await ts.getLints({ path });
      const diagnostics = found.map(({ syntax, ...d }): Diagnostic =>
        syntax ? { ...d, source: 'TypeScript', markClass: SYNTAX } : { ...d, source: 'TypeScript' },
      );
      if (v.state.doc === doc) {
        linted = { doc, errors: diagnostics.filter(listed).length };
        for (const w of waiting.splice(0)) w();
      }
      return diagnostics;
    },
    {
      delay: 300,
      // Another cell changed: what this one sees may have changed too.
      needsRefresh: (u: ViewUpdate) => u.transactions.some((tr) => tr.effects.some((e) => e.is(notebookChanged))),
    },
  );

  const complete = async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const ts = sync(notebook);
    if (!ts) return null;
    const result = await ts.getAutocompletion({ path, context: { pos: ctx.pos, explicit: ctx.explicit } });
    if (!result || ctx.aborted) return null;
    return {
      ...result,
      options: result.options.map((o) => ({
        ...o,
        info: async () => {
          const info = await ts.getCompletionInfo({ path, pos: ctx.pos, name: o.label });
          return info ? infoBox(info, 'ts-info') : null;
        },
      })),
      validFor: /^\w*$/,
    };
  };

  const hover = hoverTooltip(async (_v, pos) => {
    const info = await sync(notebook)?.getHover({ path, pos });
    if (!info) return null;
    return { pos: info.from, end: info.to, above: true, create: () => ({ dom: infoBox(info, 'ts-hover') }) };
  });

  const watch = EditorView.updateListener.of((u) => {
    if (u.docChanged) {
      linted = null;
      for (const other of open) if (other !== u.view) other.dispatch({ effects: notebookChanged.of(null) });
    }
    if (u.transactions.some((tr) => tr.effects.some((e) => e.is(setDiagnosticsEffect)))) {
      const all: Diagnostic[] = [];
      for (const tr of u.transactions) for (const e of tr.effects) if (e.is(setDiagnosticsEffect)) all.splice(0, all.length, ...e.value);
      show(u.view, all);
    }
  });

  // The completion list is driven from the editor (arrows, Page Up/Down), but a
  // scrollable region must also be reachable on its own: give it a tab stop,
  // and keep a click on its scrollbar from taking the focus out of the editor.
  const keyboardList = new MutationObserver(() => {
    for (const ul of view?.dom.querySelectorAll<HTMLElement>('.cm-tooltip-autocomplete ul[role="listbox"]:not([tabindex])') ?? []) {
      ul.tabIndex = 0;
      ul.addEventListener('mousedown', (e) => e.preventDefault());
    }
  });

  return {
    extension: [lint, autocompletion({ override: [complete], activateOnTypingDelay: 40 }), hover, watch],
    listId: list.id,
    attach(v) {
      view = v;
      open.add(v);
      keyboardList.observe(v.dom, { childList: true, subtree: true });
      onUnavailable.add(tellUnavailable);
      if (unavailable) tellUnavailable();
    },
    errors() {
      return new Promise<number>((resolve) => {
        const done = () => resolve(linted?.errors ?? 0);
        if (unavailable || (view && linted && linted.doc === view.state.doc)) return done();
        waiting.push(done);
        if (view) forceLinting(view);
      });
    },
    destroy() {
      keyboardList.disconnect();
      onUnavailable.delete(tellUnavailable);
      if (view) open.delete(view);
      waiting = [];
      list.remove();
    },
  };
}
