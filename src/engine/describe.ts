// A short, unambiguous account of a bad argument for error messages:
// `string "3"`, `undefined`, `object {"a":1}`, `array [1,2]`.

const MAX = 40;

export function describe(x: unknown): string {
  if (x === null) return 'null';
  switch (typeof x) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `string ${clip(JSON.stringify(x))}`;
    case 'number':
    case 'boolean':
      return `${typeof x} ${String(x)}`;
    case 'bigint':
      return `bigint ${String(x)}n`;
    case 'symbol':
      return `symbol ${String(x.description ?? '')}`;
    case 'function':
      return `function ${x.name || '(anonymous)'}`;
  }
  if (Array.isArray(x)) return `array ${clip(safeJson(x))}`;
  const name = (x as object).constructor?.name;
  if (name && name !== 'Object') return `object ${name}`;
  return `object ${clip(safeJson(x))}`;
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return '{…}';
  }
}

function clip(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s;
}
