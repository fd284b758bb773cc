// The editor's TypeScript environment in Node, built from the same files the
// worker bundles (typescript/lib and src/engine), for tests of what it reports.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCellEnvironment, cellLints, putScope, type Lint } from '../../../src/runtime/ts-env.ts';
import { composeScope } from '../../../src/runtime/ts-scope.ts';

const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.es5.d.ts'));
const engineDir = new URL('../../../src/engine/', import.meta.url);
const read = (dir: string, names: string[]) => new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

const libs = read(
  libDir,
  readdirSync(libDir).filter((n) => /^lib\.(es|decorators).*\.d\.ts$/.test(n) && !n.includes('.full.')),
);
const engine = read(
  engineDir.pathname,
  readdirSync(engineDir).filter((n) => n.endsWith('.ts')),
);
const cellApi = readFileSync(new URL('../../../src/runtime/cell-api.ts', import.meta.url), 'utf8');

const env = createCellEnvironment(libs, engine, cellApi);
let files = 0;

/** TypeScript's errors in `cells[index]`, checked after the cells before it, with `hide` hidden. */
export function lintsOf(cells: string[], index: number, hide: string[] = []): Lint[] {
  const scope = composeScope(cells, index, hide);
  const file = `/test-${files++}.ts`;
  putScope(env, file, scope);
  const lints = cellLints(env, file, scope);
  env.deleteFile(file);
  return lints;
}
