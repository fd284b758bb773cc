// The TypeScript environment cells are checked in, shared by the editor's
// worker (ts.worker.ts, files bundled as strings) and the lesson check in
// tests/unit (files read from disk): the same options, files and answers.

import ts from 'typescript';
import { createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment } from '@typescript/vfs';
import { CELL_ENV_PATH, toCell, type Scope } from './ts-scope.ts';
import { CELL_HOST_TYPES } from './cell-host.ts';

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['es2022'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
  strict: true,
  // A cell that throws at the top on purpose must not grey out the cells after it.
  allowUnreachableCode: true,
  types: [],
};

export const HOST_PATH = '/cell-host.d.ts';

export interface Lint {
  from: number;
  to: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** A slip in the code's form (TypeScript's syntactic diagnostics), which the run also reports, with a caret. */
  syntax?: boolean;
}

/**
 * What cells see of the cell API: the declarations TypeScript emits from
 * cell-api.ts's source, doc comments kept and `@internal` parts left out.
 */
export function cellEnvTypes(cellApiSource: string): string {
  return ts.transpileDeclaration(cellApiSource, { compilerOptions: { stripInternal: true } }).outputText;
}

/**
 * `libs`: lib.*.d.ts by file name; `engine`: src/engine/*.ts by file name;
 * `cellApi`: the source of cell-api.ts.
 */
export function createCellEnvironment(
  libs: Map<string, string>,
  engine: Map<string, string>,
  cellApi: string,
): VirtualTypeScriptEnvironment {
  const files = new Map<string, string>();
  for (const [name, text] of libs) files.set(`/${name}`, text);
  for (const [name, text] of engine) files.set(`/engine/${name}`, text);
  files.set(CELL_ENV_PATH, cellEnvTypes(cellApi));
  files.set(HOST_PATH, CELL_HOST_TYPES);
  return createVirtualTypeScriptEnvironment(createSystem(files), [HOST_PATH], ts, COMPILER_OPTIONS);
}

/** Creates or updates `file` with the scope's text. */
export function putScope(env: VirtualTypeScriptEnvironment, file: string, scope: Scope): void {
  if (!env.getSourceFile(file)) env.createFile(file, scope.text);
  else if (env.getSourceFile(file)!.text !== scope.text) env.updateFile(file, scope.text);
}

/** TypeScript's syntax and type errors in the cell of `scope`, in the cell's own coordinates. */
export function cellLints(env: VirtualTypeScriptEnvironment, file: string, scope: Scope): Lint[] {
  const ls = env.languageService;
  const out: Lint[] = [];
  const syntactic = new Set<ts.Diagnostic>(ls.getSyntacticDiagnostics(file));
  for (const d of [...syntactic, ...ls.getSemanticDiagnostics(file)]) {
    if (d.start === undefined) continue;
    const span = toCell(scope, d.start, d.start + (d.length ?? 0));
    if (!span) continue;
    const severity =
      d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'info';
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    out.push(syntactic.has(d) ? { ...span, message, severity, syntax: true } : { ...span, message, severity });
  }
  return out;
}
