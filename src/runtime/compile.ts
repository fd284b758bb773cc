// TypeScript cell source -> JavaScript that one shared global scope can run
// again and again. sucrase strips the types (keeping line numbers); acorn then
// finds the top-level statements so that:
//   - top-level `const`/`let` become `var` and `class X` becomes `var X = class X`,
//     so a later cell (or a rerun) may declare the same name again, as the
//     lecture does with `Value`;
//   - we know whether the cell ends in an expression statement, whose value
//     (the completion value of an indirect eval) is shown under the cell.
// Lines stay where they were in the cell, so error positions map back.

import { transform } from 'sucrase';
import { parse } from 'acorn';

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
  | { ok: true; js: string; hasResult: boolean; map: PositionMap }
  | { ok: false; error: CompileError };

interface AcornNode {
  type: string;
  start: number;
  end: number;
  kind?: string;
  id?: { name: string } | null;
  expression?: AcornNode;
  directive?: string;
}

export function compile(source: string): CompileResult {
  let js: string;
  let mappings = '';
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
    return { ok: false, error: syntaxError(e) };
  }
  let body: AcornNode[];
  try {
    const program = parse(js, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: false }) as unknown as {
      body: AcornNode[];
    };
    body = program.body;
  } catch (e) {
    return { ok: false, error: syntaxError(e) };
  }

  // Edits from the end backwards, so earlier offsets stay valid.
  const edits: { at: number; remove: number; insert: string }[] = [];
  for (const node of body) {
    if (node.type === 'VariableDeclaration' && (node.kind === 'const' || node.kind === 'let')) {
      // `const` -> `var  ` keeps every column; `let` -> `var` is the same length.
      const kw = node.kind;
      edits.push({ at: node.start, remove: kw.length, insert: kw === 'const' ? 'var  ' : 'var' });
    } else if (node.type === 'ClassDeclaration' && node.id) {
      edits.push({ at: node.start, remove: 0, insert: `var ${node.id.name} = ` });
      edits.push({ at: node.end, remove: 0, insert: ';' });
    }
  }
  edits.sort((a, b) => b.at - a.at);
  const lineStarts = [0];
  for (let i = 0; i < js.length; i++) if (js.charCodeAt(i) === 10) lineStarts.push(i + 1);
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

  const last = body[body.length - 1];
  const hasResult =
    last !== undefined &&
    last.type === 'ExpressionStatement' &&
    last.directive === undefined &&
    last.expression?.type !== 'AssignmentExpression';
  return { ok: true, js, hasResult, map: { segments: decodeMappings(mappings), inserts } };
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

/** sucrase says "Unexpected token (2:12)"; acorn says "Unexpected token (2:11)" with a 0-based column. */
function syntaxError(e: unknown): CompileError {
  const err = e as { message?: string; loc?: { line: number; column: number } };
  const raw = String(err.message ?? e);
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (err.loc && 'raisedAt' in (err as object)) {
    // acorn: loc.column is 0-based
    return { message: `SyntaxError: ${message}`, line: err.loc.line, column: err.loc.column + 1 };
  }
  if (m) return { message: `SyntaxError: ${message}`, line: Number(m[1]), column: Number(m[2]) };
  return { message: `SyntaxError: ${message}`, line: 1, column: 1 };
}
