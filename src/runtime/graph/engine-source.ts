// The engine's own closures, cut from the source of src/engine/value.ts, so
// the step-through shows the code that really ran (never a hand-written copy).
// Pure: it takes the source as a string (engine-closures.ts imports it at build time).

export interface EngineClosure {
  /** The method that builds this op, e.g. "tanh". */
  method: string;
  /** The whole method, dedented: short, and the closure reads best with the lines that set it up. */
  code: string;
  /** 1-based first and last line of the `out._backward = …` closure within `code`. */
  closure: [number, number];
}

/** Op symbol (as in `_op`) to its closure. A power's op is "**k": its key is "**". */
export function extractClosures(source: string): Record<string, EngineClosure> {
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
    const start = body.findIndex((l) => /^\s*out\._backward = /.test(l));
    if (!op || start < 0) continue;
    const stop = body.findIndex((l, j) => j > start && /^\s*\};\s*$/.test(l));
    out[op[1] ?? op[2]] = { method: head[1], code: text, closure: [start + 1, (stop < 0 ? start : stop) + 1] };
  }
  return out;
}

/** The closure behind an op symbol, if the engine has one. */
export function closureOf(table: Record<string, EngineClosure>, op: string): EngineClosure | undefined {
  if (Object.hasOwn(table, op)) return table[op];
  return op.startsWith('**') ? table['**'] : undefined;
}
