/// <reference lib="webworker" />
// TypeScript's language service for the cell editors, in its own worker
// (started on the first focus in an editor, by src/widgets/cells/types.ts).
// Every file it knows comes with the site: the standard library's .d.ts files
// and the engine's sources are bundled into this worker as strings, so no
// request leaves the origin and the service worker's precache covers them.
// The page sends the notebook's cells; each cell is checked in the scope that
// ts-scope.ts builds from the cells above it, and every position that goes
// back to the page is in the cell's own coordinates.

import ts from 'typescript';
import type { VirtualTypeScriptEnvironment } from '@typescript/vfs';
import { getAutocompletion } from '@valtown/codemirror-ts/worker';
import * as Comlink from 'comlink';
import { composeScope, toCell, type Scope } from './ts-scope.ts';
import { HOST_PATH, cellLints, createCellEnvironment, putScope, type Lint } from './ts-env.ts';
import cellApi from './cell-api.ts?raw';

const libs = import.meta.glob(
  [
    '/node_modules/typescript/lib/lib.es5.d.ts',
    '/node_modules/typescript/lib/lib.es20{15,16,17,18,19,20,21,22}*.d.ts',
    '/node_modules/typescript/lib/lib.decorators*.d.ts',
    '!**/*.full.d.ts',
  ],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
) as Record<string, string>;
const engine = import.meta.glob('../engine/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const byName = (files: Record<string, string>) => new Map(Object.entries(files).map(([path, text]) => [path.split('/').pop()!, text]));

export type { Lint };

export interface CellCode {
  n: number;
  code: string;
}

export interface Info {
  from: number;
  to: number;
  signature: string;
  doc: string;
}

let env: VirtualTypeScriptEnvironment | null = null;
let cells: CellCode[] = [];
let hide: string[] = [];

function start(): VirtualTypeScriptEnvironment {
  env ??= createCellEnvironment(byName(libs), byName(engine), cellApi);
  return env;
}

/** The vfs file of cell `n`, brought up to date with the notebook; null if the page has no such cell. */
function fileOf(path: string): { env: VirtualTypeScriptEnvironment; file: string; scope: Scope } | null {
  const e = start();
  const n = Number(path.replace(/^cell-/, ''));
  const index = cells.findIndex((c) => c.n === n);
  if (index < 0) return null;
  const file = `/cell-${n}.ts`;
  const scope = composeScope(
    cells.map((c) => c.code),
    index,
    hide,
  );
  putScope(e, file, scope);
  return { env: e, file, scope };
}

const text = (parts: readonly ts.SymbolDisplayPart[] | undefined) => ts.displayPartsToString(parts ? [...parts] : []);

function docOf(doc: readonly ts.SymbolDisplayPart[] | undefined, tags: readonly ts.JSDocTagInfo[] | undefined): string {
  const lines = [text(doc)];
  for (const tag of tags ?? []) lines.push(`@${tag.name} ${text(tag.text)}`.trim());
  return lines.filter(Boolean).join('\n');
}

const api = {
  /** Loads TypeScript and checks the standard library once, so the first question is answered sooner. */
  initialize(): void {
    start().languageService.getSemanticDiagnostics(HOST_PATH);
  },

  setNotebook(next: { cells: CellCode[]; hide: string[] }): void {
    cells = next.cells;
    hide = next.hide;
  },

  getLints({ path }: { path: string }): Lint[] {
    const f = fileOf(path);
    if (!f) return [];
    return cellLints(f.env, f.file, f.scope);
  },

  async getAutocompletion({ path, context }: { path: string; context: { pos: number; explicit: boolean } }) {
    const f = fileOf(path);
    if (!f) return null;
    const pos = context.pos + f.scope.offset;
    const result = await getAutocompletion({ env: f.env, path: f.file, context: { pos, explicit: context.explicit } });
    if (!result) return null;
    return { ...result, from: result.from - f.scope.offset };
  },

  /** The signature and doc comment of one completion, shown beside the list. */
  getCompletionInfo({ path, pos, name }: { path: string; pos: number; name: string }): Info | null {
    const f = fileOf(path);
    if (!f) return null;
    const d = f.env.languageService.getCompletionEntryDetails(f.file, pos + f.scope.offset, name, {}, undefined, {}, undefined);
    if (!d) return null;
    return { from: pos, to: pos, signature: text(d.displayParts), doc: docOf(d.documentation, d.tags) };
  },

  getHover({ path, pos }: { path: string; pos: number }): Info | null {
    const f = fileOf(path);
    if (!f) return null;
    const q = f.env.languageService.getQuickInfoAtPosition(f.file, pos + f.scope.offset);
    if (!q) return null;
    const span = toCell(f.scope, q.textSpan.start, q.textSpan.start + q.textSpan.length);
    if (!span) return null;
    return { ...span, signature: text(q.displayParts), doc: docOf(q.documentation, q.tags) };
  },
};

export type TypesApi = typeof api;

Comlink.expose(api);
