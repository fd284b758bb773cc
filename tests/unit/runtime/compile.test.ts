import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, originalPosition } from '../../../src/runtime/compile.ts';
import { errorItem } from '../../../src/runtime/output.ts';

function js(source: string): string {
  const r = compile(source);
  assert.ok(r.ok, `expected ${JSON.stringify(source)} to compile`);
  return r.js;
}

const run = (code: string, name = 'cell-1.js'): unknown => (0, eval)(`${code}\n//# sourceURL=${name}`);

test('types are stripped', () => {
  assert.equal(js('function f(x: number): number { return x * 2 }'), 'function f(x) { return x * 2 }');
});

test('top-level const, let and class become redeclarable; nested ones stay', () => {
  const out = js('const a = 1;\nlet b = 2;\nclass C {}\nfunction g() { const inner = 3; return inner; }\nfor (const k of [1]) {}');
  assert.match(out, /^var {3}a = 1;\nvar b = 2;\nvar C = class C \{\};\n/);
  assert.match(out, /const inner = 3/);
  assert.match(out, /for \(const k of \[1\]\)/);
});

test('two cells may declare the same const and class in one global scope', () => {
  run(js('const twiceDeclared = 1;\nclass TwiceClass { v() { return 1; } }'));
  run(js('const twiceDeclared = 2;\nclass TwiceClass { v() { return 2; } }'));
  const g = globalThis as unknown as { twiceDeclared: number; TwiceClass: new () => { v(): number } };
  assert.equal(g.twiceDeclared, 2);
  assert.equal(new g.TwiceClass().v(), 2);
});

test('the last expression statement is captured', () => {
  const r = compile('const q = 20;\nq + 1');
  assert.ok(r.ok && r.hasResult);
  assert.equal(run(r.js), 21);
  for (const src of ['const z = 1;', 'let y = 0;\ny = 3', 'console.log(1);\nfunction h() {}', '']) {
    const c = compile(src);
    assert.ok(c.ok && !c.hasResult, `no result for ${JSON.stringify(src)}`);
  }
});

test('line numbers are preserved, so runtime errors name the cell line', () => {
  const source = 'const a: number = 1;\ninterface P { x: number }\ntype Q = string;\n\nconst bad: any = undefined;\nbad.field;';
  const out = js(source);
  assert.equal(out.split('\n').length, source.split('\n').length);
  try {
    run(out, 'cell-7.js');
    assert.fail('should throw');
  } catch (e) {
    const item = errorItem(e, 7);
    assert.equal(item.kind, 'error');
    assert.ok(item.kind === 'error');
    assert.equal(item.line, 6);
    assert.equal(item.cell, 7);
    assert.match(item.message, /^TypeError: Cannot read properties of undefined/);
  }
});

test('a TypeScript syntax error carries its line and column', () => {
  const r = compile('const a: number = 1;\nlet b: string = ;');
  assert.ok(!r.ok);
  assert.equal(r.error.line, 2);
  assert.equal(r.error.column, 17);
  assert.match(r.error.message, /^SyntaxError: /);
});

test('a syntax error only the JavaScript parser sees has its line and column too', () => {
  const r = compile('let ok = 1;\nlet ok2 = 2;\nreturn 5;');
  assert.ok(!r.ok);
  assert.equal(r.error.line, 3);
  assert.equal(r.error.column, 1);
});

test('error columns point into the cell, even after types were stripped and classes rewritten', () => {
  const source = [
    'const typed: { inner?: { deep: number } } = {};',
    'class Box { v: number = 1 }',
    'const n: number = 1, s: string = "x"; const d: number = typed.inner!.deep;',
  ].join('\n');
  const r = compile(source);
  assert.ok(r.ok);
  try {
    run(r.js, 'cell-2.js');
    assert.fail('should throw');
  } catch (e) {
    const item = errorItem(e, 2, (_cell, line, column) => originalPosition(r.map, line, column));
    assert.ok(item.kind === 'error');
    assert.equal(item.line, 3);
    // V8 points at the property name `deep`; in the cell it sits after "typed.inner!." (a type assertion sucrase removed).
    const col = source.split('\n')[2].indexOf('deep') + 1;
    assert.equal(item.column, col);
  }
  // The class line: a column after the inserted `var Box = ` maps back to the cell.
  const classLine = r.js.split('\n')[1];
  const genCol = classLine.indexOf('class Box') + 1;
  assert.deepEqual(originalPosition(r.map, 2, genCol), { line: 2, column: 1 });
});

test('import() in a cell is refused with a clear error at its line', () => {
  const r = compile('const a = 1;\nconst m = await import("./x.js");');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.error.message, /^import\(\) is not available in cells: cells cannot load code/);
  assert.equal(r.error.line, 2);
  assert.ok(compile('const s = "import(x)"; // import(y)').ok, 'not in strings or comments');
});

test('top-level await: names stay shared, the last value is returned', async () => {
  const r = compile('const x = await Promise.resolve(5);\nclass K {}\nx * 2');
  assert.ok(r.ok && r.async && r.hasResult);
  if (!r.ok) return;
  const g = globalThis as unknown as Record<string, unknown>;
  assert.equal(await (0, eval)(r.js), 10);
  assert.equal(g.x, 5);
  assert.equal(typeof g.K, 'function');
  delete g.x;
  delete g.K;
});

test("a syntax error is said in the cell's words: no build tool named, the line shown with a caret under the column", () => {
  const r = compile('const a = 1;\nnew Value(3.0;');
  assert.ok(!r.ok);
  assert.doesNotMatch(r.error.message, /transforming|cell\.ts|sucrase/);
  assert.equal(r.error.message, 'SyntaxError: Unexpected token, expected ","\n  new Value(3.0;\n               ^');
  assert.deepEqual([r.error.line, r.error.column], [2, 14]);
});
