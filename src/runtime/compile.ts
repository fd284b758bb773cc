// TypeScript cell source -> JavaScript that one shared global scope can run
// again and again. sucrase strips the types (keeping line numbers); acorn then
// finds the top-level statements so that:
//   - top-level `const`/`let` become `var` and `class X` becomes `var X = class X`,
//     so a later cell (or a rerun) may declare the same name again, as the
//     lecture does with `Value`;
//   - we know whether the cell ends in an expression statement, whose value
//     (the completion value of an indirect eval) is shown under the cell;
//   - a cell with top-level `await` runs inside an async function whose
//     top-level names are declared outside it (still globals), and whose last
//     expression is returned: the worker awaits it;
//   - with `origins`, each `new` reports what it made and each statement
//     outside a function says its line first, so a drawn graph knows the order
//     and the lines that made its values (graph/origins.ts).
// Lines stay where they were in the cell, so error positions map back.

import { transform } from 'sucrase';
import { parse, tokenizer } from 'acorn';

export interface CompileError {
  message: string;
  /** 1-based line in the cell. */
  line: number;
  /** 1-based column in the cell. */
  column: number;
}

/**
 * Where columns of the compiled JavaScript came from in the cell, line by line
 * (sucrase keeps lines but drops type annotations, so columns move).
 * Plain data, so it can stay in the worker next to the cell it belongs to.
 */
export interface PositionMap {
  /** Per 0-based line: [generated column, source column] pairs, both 0-based, ascending. */
  segments: [number, number][][];
  /** Per 0-based line: text this module inserted after sucrase, as [column in sucrase's output, length]. */
  inserts: [number, number][][];
}

export type CompileResult =
  | {
      ok: true;
      js: string;
      hasResult: boolean;
      map: PositionMap;
      /** The cell uses top-level await: evaluating it gives a promise of its result. */
      async: boolean;
      /** The classes it declares at top level: a later run of another cell may replace them. */
      classes: string[];
      /** It calls draw(), so what it makes is worth recording (a cheap look at the text: a mention counts). */
      draws: boolean;
    }
  | { ok: false; error: CompileError };

interface AcornNode {
  type: string;
  start: number;
  end: number;
  kind?: string;
  id?: AcornNode | null;
  name?: string;
  expression?: AcornNode;
  directive?: string;
  declarations?: AcornNode[];
  init?: AcornNode | null;
  // patterns
  properties?: AcornNode[];
  elements?: (AcornNode | null)[];
  value?: AcornNode;
  argument?: AcornNode;
  left?: AcornNode;
  body?: AcornNode | AcornNode[];
  consequent?: AcornNode | AcornNode[];
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassBody']);

/**
 * The edits for `origins` (see the top): every `new` in the cell wrapped in
 * `<hook>.made(…)`, and `<hook>.at(line);` before each statement of a list
 * (the cell's, a block's, a case's) that is not inside a function or class,
 * so a value made inside a function is placed at the line that called it.
 */
function originEdits(body: AcornNode[], hook: string, lineOf: (at: number) => number) {
  const wraps: { at: number; remove: number; insert: string }[] = [];
  const marks: { at: number; remove: number; insert: string }[] = [];
  const list = (nodes: AcornNode[], inFunction: boolean): void => {
    for (const n of nodes) {
      if (!inFunction && n.directive === undefined) marks.push({ at: n.start, remove: 0, insert: `${hook}.at(${lineOf(n.start)});` });
      visit(n, inFunction);
    }
  };
  const visit = (node: AcornNode, inFunction: boolean): void => {
    if (node.type === 'NewExpression') {
      wraps.push({ at: node.start, remove: 0, insert: `${hook}.made(` });
      wraps.push({ at: node.end, remove: 0, insert: ')' });
    }
    const inside = inFunction || FUNCTIONS.has(node.type);
    const lists = node.type === 'BlockStatement' || node.type === 'StaticBlock' ? 'body' : node.type === 'SwitchCase' ? 'consequent' : null;
    const isNode = (x: unknown): x is AcornNode => x !== null && typeof x === 'object' && typeof (x as AcornNode).type === 'string';
    for (const [key, child] of Object.entries(node)) {
      if (key === lists && Array.isArray(child)) list(child as AcornNode[], inside);
      else if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) visit(c, inside);
      } else if (isNode(child)) visit(child, inside);
    }
  };
  list(body, false);
  return { wraps, marks };
}

/** Every name a declaration pattern binds: `a`, `{ a, b: [c] }`, `...rest`. */
function boundNames(p: AcornNode | null | undefined, out: string[]): void {
  if (!p) return;
  if (p.type === 'Identifier' && p.name) out.push(p.name);
  else if (p.type === 'ObjectPattern') for (const q of p.properties ?? []) boundNames(q.type === 'RestElement' ? q.argument : q.value, out);
  else if (p.type === 'ArrayPattern') for (const q of p.elements ?? []) boundNames(q, out);
  else if (p.type === 'RestElement') boundNames(p.argument, out);
  else if (p.type === 'AssignmentPattern') boundNames(p.left, out);
}

function parseBody(js: string, allowAwait: boolean): AcornNode[] {
  const program = parse(js, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    allowReturnOutsideFunction: false,
    allowAwaitOutsideFunction: allowAwait,
  }) as unknown as {
    body: AcornNode[];
  };
  return program.body;
}

export interface CompileOptions {
  /** The global whose `made` and `at` the instrumented code calls (graph/origins.ts's Origins). */
  origins?: string;
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  let js: string;
  let mappings: string;
  try {
    const out = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      filePath: 'cell.ts',
      sourceMapOptions: { compiledFilename: 'cell.js' },
    });
    js = out.code;
    mappings = out.sourceMap?.mappings ?? '';
  } catch (e) {
    return { ok: false, error: withLine(syntaxError(e), source) };
  }
  const imported = dynamicImport(js);
  if (imported) return { ok: false, error: imported };
  let body: AcornNode[];
  let isAsync = false;
  try {
    body = parseBody(js, false);
  } catch (e) {
    // Only top-level await makes the strict parse fail where the lenient one succeeds.
    try {
      body = parseBody(js, true);
      isAsync = true;
    } catch {
      return { ok: false, error: withLine(syntaxError(e), source) };
    }
  }

  // Edits from the end backwards, so earlier offsets stay valid.
  const edits: { at: number; remove: number; insert: string }[] = [];
  const hoisted: string[] = [];
  const classes: string[] = [];
  for (const node of body) {
    if (node.type === 'VariableDeclaration' && (node.kind === 'const' || node.kind === 'let' || node.kind === 'var')) {
      const kw = node.kind;
      if (!isAsync) {
        // `const` -> `var  ` keeps every column; `let` -> `var` is the same length.
        if (kw !== 'var') edits.push({ at: node.start, remove: kw.length, insert: kw === 'const' ? 'var  ' : 'var' });
        continue;
      }
      // Inside the async function the names are assigned, not declared: the declaration
      // goes outside (hoisted) and `const {a} = x` becomes `      ({a} = x)`.
      const decls = node.declarations ?? [];
      for (const d of decls) boundNames(d.id, hoisted);
      const patterned = decls.some((d) => d.id?.type !== 'Identifier');
      const last = decls[decls.length - 1];
      edits.push({ at: node.start, remove: kw.length, insert: patterned ? `${' '.repeat(kw.length - 1)}(` : ' '.repeat(kw.length) });
      if (patterned && last) edits.push({ at: last.end, remove: 0, insert: ')' });
    } else if (node.type === 'ClassDeclaration' && node.id?.name) {
      classes.push(node.id.name);
      if (isAsync) hoisted.push(node.id.name);
      edits.push({ at: node.start, remove: 0, insert: `${isAsync ? '' : 'var '}${node.id.name} = ` });
      edits.push({ at: node.end, remove: 0, insert: ';' });
    } else if (isAsync && node.type === 'FunctionDeclaration' && node.id?.name) {
      hoisted.push(node.id.name);
      edits.push({ at: node.start, remove: 0, insert: `${node.id.name} = ` });
      edits.push({ at: node.end, remove: 0, insert: ';' });
    }
  }
  // Wraps go in before the async rewrite's `return (` at the same offset (so they land inside it), marks after (so they land first).
  const lineStarts = [0];
  for (let i = 0; i < js.length; i++) if (js.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (at: number): number => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > at) line--;
    return line + 1;
  };
  const origin = options.origins ? originEdits(body, options.origins, lineOf) : { wraps: [], marks: [] };
  edits.push(...origin.wraps);
  const last = body[body.length - 1];
  const hasResult =
    last !== undefined &&
    last.type === 'ExpressionStatement' &&
    last.directive === undefined &&
    last.expression?.type !== 'AssignmentExpression';
  if (isAsync) {
    if (hasResult && last.expression) {
      edits.push({ at: last.expression.start, remove: 0, insert: 'return (' });
      edits.push({ at: last.expression.end, remove: 0, insert: ')' });
    }
    const names = [...new Set(hoisted)];
    edits.push({ at: 0, remove: 0, insert: `${names.length ? `var ${names.join(', ')}; ` : ''}(async () => {` });
    // Edits at one offset apply in order, each landing before the last: the suffix goes first so it ends up last.
    edits.unshift({ at: js.length, remove: 0, insert: '\n})()' });
  }
  edits.push(...origin.marks);
  const draws = /\bdraw\s*\(/.test(js);
  edits.sort((a, b) => b.at - a.at);
  const inserts: [number, number][][] = lineStarts.map(() => []);
  for (const e of edits) {
    const grow = e.insert.length - e.remove;
    if (grow > 0) {
      let line = lineStarts.length - 1;
      while (lineStarts[line] > e.at) line--;
      inserts[line].push([e.at - lineStarts[line], grow]);
    }
    js = js.slice(0, e.at) + e.insert + js.slice(e.at + e.remove);
  }
  for (const list of inserts) list.sort((a, b) => a[0] - b[0]);
  return { ok: true, js, hasResult, map: { segments: decodeMappings(mappings), inserts }, async: isAsync, classes, draws };
}

/** `import(…)` anywhere in a cell: refused, with the line it is on (cells load no code). */
function dynamicImport(js: string): CompileError | null {
  try {
    let prev: { type: { keyword?: string }; start: number } | null = null;
    for (const tok of tokenizer(js, { ecmaVersion: 'latest', allowAwaitOutsideFunction: true, locations: true })) {
      if (prev?.type.keyword === 'import' && tok.type.label === '(') {
        const line = js.slice(0, prev.start).split('\n').length;
        const column = prev.start - js.lastIndexOf('\n', prev.start - 1);
        return { message: 'import() is not available in cells: cells cannot load code; everything they use is already here', line, column };
      }
      prev = tok;
    }
  } catch {
    /* a syntax error: the parser reports it */
  }
  return null;
}

/** The cell's own 1-based line and column for a 1-based position in the compiled code. */
export function originalPosition(map: PositionMap, line: number, column: number): { line: number; column: number } {
  let col = column - 1;
  // Undo the text inserted after sucrase (`var X = ` before a class), left to right.
  let shift = 0;
  for (const [at, len] of map.inserts[line - 1] ?? []) {
    if (col - shift < at) break;
    if (col - shift < at + len) {
      col = at + shift;
      break;
    }
    shift += len;
  }
  col -= shift;
  const segs = map.segments[line - 1];
  if (!segs || segs.length === 0) return { line, column: col + 1 };
  let best = segs[0];
  for (const seg of segs) {
    if (seg[0] <= col) best = seg;
    else break;
  }
  return { line, column: Math.max(0, best[1] + (col - best[0])) + 1 };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's "mappings" into [generated column, source column] per line. */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let srcCol = 0;
  for (const lineText of mappings.split(';')) {
    const segs: [number, number][] = [];
    let genCol = 0;
    for (const segText of lineText.split(',')) {
      if (!segText) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segText) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += values[0] ?? 0;
      if (values.length >= 4) {
        srcCol += values[3];
        segs.push([genCol, srcCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

/**
 * The cell's own line under the message, with a caret under the column: the
 * reader sees where, in the editor's words, not a tool's.
 */
function withLine(error: CompileError, source: string): CompileError {
  const text = source.split('\n')[error.line - 1];
  if (text === undefined || text.length > 200) return error;
  const caret = `${' '.repeat(Math.max(0, Math.min(error.column - 1, text.length)))}^`;
  return { ...error, message: `${error.message}\n  ${text}\n  ${caret}` };
}

/** sucrase says "Error transforming cell.ts: Unexpected token (2:12)"; acorn says "Unexpected token (2:11)" with a 0-based column. */
function syntaxError(e: unknown): CompileError {
  const err = e as { message?: string; loc?: { line: number; column: number } };
  // The build tool's words are not the reader's: "Error transforming cell.ts: " goes.
  const raw = String(err.message ?? e).replace(/^Error transforming [^:]*: /, '');
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (err.loc && 'raisedAt' in (err as object)) {
    // acorn: loc.column is 0-based
    return { message: `SyntaxError: ${message}`, line: err.loc.line, column: err.loc.column + 1 };
  }
  if (m) return { message: `SyntaxError: ${message}`, line: Number(m[1]), column: Number(m[2]) };
  return { message: `SyntaxError: ${message}`, line: 1, column: 1 };
}
