// The engine's own closures, cut from the source of src/engine/value.ts, so
// the step-through shows the code that really ran (never a hand-written copy).
// Pure: it takes the source as a string (engine-closures.ts imports it at build time).

export interface EngineClosure {
  /** Where its source is, for the panel's caption, e.g. "src/engine/value.ts". */
  where: string;
  /** The method that builds this op, e.g. "tanh". */
  method: string;
  /** The whole method, dedented: short, and the closure reads best with the lines that set it up. */
  code: string;
  /** 1-based first and last line of the `out._backward = …` closure within `code`. */
  closure: [number, number];
  /** Whether it adds into its inputs' grads (`+=`, the engine and chapter 6 on) or sets them (`=`, chapters 3-5). */
  accumulates: boolean;
}

/** Op symbol (as in `_op`) to its closure. A power's op is "**k": its key is "**". */
export function extractClosures(source: string, where = 'src/engine/value.ts'): Record<string, EngineClosure> {
  const lines = source.split('\n');
  const out: Record<string, EngineClosure> = {};
  for (let i = 0; i < lines.length; i++) {
    const head = /^ {2}(\w+)\([^)]*\)(?::\s*[\w.]+)?\s*\{\s*$/.exec(lines[i]);
    if (!head) continue;
    const end = lines.findIndex((l, j) => j > i && l === '  }');
    if (end < 0) break;
    const body = lines.slice(i, end + 1).map((l) => l.slice(2));
    i = end;
    const text = body.join('\n');
    const op = /\b(?:new Value|result)\([^;]*,\s*(?:'([^']*)'|`([^`$]*)\$\{)/.exec(text);
    // `out._backward = () => {`, or chapter 3's two steps: `const backward = () => {` … `out._backward = backward;`.
    const start = body.findIndex((l) => /^\s*(?:out\._backward|const backward) = \(/.test(l));
    if (!op || start < 0) continue;
    const stop = body.findIndex((l, j) => j > start && /^\s*\};\s*$/.test(l));
    const end2 = stop < 0 ? start : stop;
    const accumulates = body.slice(start, end2 + 1).some((l) => /\.grad \+= /.test(l));
    out[op[1] ?? op[2]] = { where, method: head[1], code: text, closure: [start + 1, end2 + 1], accumulates };
  }
  return out;
}

/** The closure behind an op symbol, if the engine has one. */
export function closureOf(table: Record<string, EngineClosure>, op: string): EngineClosure | undefined {
  if (Object.hasOwn(table, op)) return table[op];
  return op.startsWith('**') ? table['**'] : undefined;
}
