// The step-through's operations live in one table (src/runtime/graph/ops.ts):
// an operation added there and not implemented by the stepper does not compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const root = new URL('../../../../', import.meta.url).pathname;
const opsFile = `${root}src/runtime/graph/ops.ts`;

/** TypeScript's errors in the graph subsystem and its users, with ops.ts's text replaced by `ops`. */
function errors(ops: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === opsFile ? ops : read(f));
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, onError, fresh) => (f === opsFile ? ts.createSourceFile(f, ops, v) : getSource(f, v, onError, fresh));
  const files = ['stepper.ts', 'registry.ts', 'session.ts'].map((f) => `${root}src/runtime/graph/${f}`);
  const program = ts.createProgram([...files, `${root}src/runtime/notebook.ts`], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName.replace(root, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

const real = readFileSync(opsFile, 'utf8');

test('the graph subsystem compiles against the table as it is', () => {
  assert.deepEqual(errors(real), []);
});

test('an operation added to the table is one edit: the stepper is then asked for it, and nothing else', () => {
  const added = real.replace('  redraw: [],', '  redraw: [],\n  peek: [],');
  assert.notEqual(added, real);
  const found = errors(added);
  assert.ok(found.length > 0, 'adding an operation without implementing it must not compile');
  assert.ok(
    found.every((e) => e.startsWith('src/runtime/graph/stepper.ts') && e.includes("'peek'")),
    found.join('\n'),
  );
});
