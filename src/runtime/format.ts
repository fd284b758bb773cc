// How the site writes numbers and values, in one place.
//
// Numbers: every way a number is written for a reader, each named for where it
// is shown (a cell's output, a graph's record, an explanation, a lab, the nudge
// explorer, a plot) and for SVG path data. The widgets import them from here;
// none writes its own.
//
// Values: any JavaScript value as the short, readable text shown under a cell.
// Values print as micrograd does: Value(data=0.7071, grad=0). Arrays, objects,
// Maps and Sets are shown a few levels deep; cycles print as [Circular];
// long results are clipped.

// ---- Numbers ----------------------------------------------------------------

/** A number in a cell's output, as JavaScript writes it, except that -0 stays "-0". */
export function formatOutputNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/** A value's data or grad in a graph's record or table: 4 decimals, as micrograd's draw_dot; blank when missing. */
export function formatNodeNumber(n: number | null | undefined): string {
  return typeof n === 'number' ? n.toFixed(4) : '';
}

/**
 * A number inside an explanation's words and sums (the step panel's chain
 * rule, a constant in a value's name such as `a*2`, the grads a prediction
 * expects, an answer the review asks for again): up to 4 decimals, trailing
 * zeros dropped, never "-0"; "?" when missing.
 */
export function formatExplanationNumber(x: number | null | undefined): string {
  if (typeof x !== 'number') return '?';
  return String(Number(x.toFixed(4)));
}

/** A number in the training labs: `digits` fixed decimals, a true minus sign, never "−0.0000". */
export function formatLabNumber(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  const s = n.toFixed(digits);
  return (/^-0\.?0*$/.test(s) ? s.slice(1) : s).replace('-', '−');
}

/** A number in the nudge explorer (chapter 1): at most `digits` decimals, trailing zeros dropped, a true minus sign, never "−0". */
export function formatNudgeNumber(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'not a number' : n > 0 ? '∞' : '−∞';
  let s = n.toFixed(digits);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  if (/^-0$/.test(s)) s = '0';
  return s.replace('-', '−');
}

/** A number in a plot()'s table and on its axes: five significant digits at most. */
export function formatPlotNumber(n: number): string {
  return String(Number(n.toPrecision(5)));
}

/** A coordinate in SVG path data (graph edges, curves): a tenth of a pixel is fine enough. */
export function formatPathNumber(n: number): string {
  return n.toFixed(1);
}

// ---- Values -----------------------------------------------------------------

export interface FormatOptions {
  /** How deep to go into arrays and objects. */
  depth?: number;
  /** Items shown per array/object/Map/Set before "… N more". */
  maxItems?: number;
  /** Characters in the whole result before it is clipped. */
  maxLength?: number;
}

const DEFAULTS: Required<FormatOptions> = { depth: 3, maxItems: 30, maxLength: 10_000 };

/** Whether `x` looks like a Value: numeric data and grad, and a _prev or _backward. */
export function isValueLike(x: unknown): x is { data: number; grad: number; label?: unknown } {
  if (x === null || typeof x !== 'object') return false;
  const v = x as Record<string, unknown>;
  return typeof v.data === 'number' && typeof v.grad === 'number' && ('_prev' in v || '_backward' in v);
}

/**
 * The text of any value, and never a throw: a Proxy whose traps throw, or a
 * getter that does, is said to be unshowable (console.log, a cell's result and
 * an error's text all come through here).
 */
export function formatValue(x: unknown, options: FormatOptions = {}): string {
  const o = { ...DEFAULTS, ...options };
  let out: string;
  try {
    out = fmt(x, o.depth, new Set(), o, true);
  } catch (e) {
    return `<a value that cannot be shown: ${whyUnreadable(e)}>`;
  }
  return out.length > o.maxLength ? `${out.slice(0, o.maxLength - 1)}… (${out.length - o.maxLength + 1} more characters)` : out;
}

function whyUnreadable(e: unknown): string {
  try {
    return `reading it threw ${String((e as Error).name)}: ${String((e as Error).message)}`.slice(0, 300);
  } catch {
    return 'reading it threw an error';
  }
}

/** Arguments of console.log: strings as they are, the rest formatted, joined by spaces. */
export function formatArgs(args: unknown[], options: FormatOptions = {}): string {
  return args.map((a) => (typeof a === 'string' ? a : formatValue(a, options))).join(' ');
}

function fmt(x: unknown, depth: number, seen: Set<object>, o: Required<FormatOptions>, _top: boolean): string {
  switch (typeof x) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return formatOutputNumber(x);
    case 'string':
      return JSON.stringify(x);
    case 'boolean':
      return String(x);
    case 'bigint':
      return `${x}n`;
    case 'symbol':
      return x.toString();
    case 'function': {
      const isClass = /^class\b/.test(Function.prototype.toString.call(x));
      return `[${isClass ? 'class' : 'Function'} ${(x as { name?: string }).name || '(anonymous)'}]`;
    }
  }
  if (x === null) return 'null';
  const obj = x as object;
  if (isValueLike(obj)) {
    return `Value(data=${formatOutputNumber(obj.data)}, grad=${formatOutputNumber(obj.grad)})`;
  }
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Error) return `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  seen.add(obj);
  try {
    if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
      const arr = obj as ArrayLike<unknown>;
      if (depth <= 0) return `[Array(${arr.length})]`;
      const items: string[] = [];
      const n = Math.min(arr.length, o.maxItems);
      for (let i = 0; i < n; i++) items.push(fmt(arr[i], depth - 1, seen, o, false));
      if (arr.length > n) items.push(`… ${arr.length - n} more`);
      return `[${items.join(', ')}]`;
    }
    if (obj instanceof Map) {
      if (depth <= 0) return `[Map(${obj.size})]`;
      const items: string[] = [];
      for (const [k, v] of obj) {
        if (items.length >= o.maxItems) {
          items.push(`… ${obj.size - o.maxItems} more`);
          break;
        }
        items.push(`${fmt(k, depth - 1, seen, o, false)} => ${fmt(v, depth - 1, seen, o, false)}`);
      }
      return `Map(${obj.size}) {${items.length ? ` ${items.join(', ')} ` : ''}}`;
    }
    if (obj instanceof Set) {
      if (depth <= 0) return `[Set(${obj.size})]`;
      const items: string[] = [];
      for (const v of obj) {
        if (items.length >= o.maxItems) {
          items.push(`… ${obj.size - o.maxItems} more`);
          break;
        }
        items.push(fmt(v, depth - 1, seen, o, false));
      }
      return `Set(${obj.size}) {${items.length ? ` ${items.join(', ')} ` : ''}}`;
    }
    const ctor = (obj as { constructor?: { name?: string } }).constructor?.name;
    const prefix = ctor && ctor !== 'Object' ? `${ctor} ` : '';
    const keys = Object.keys(obj);
    if (depth <= 0) return `[${ctor || 'Object'}]`;
    if (keys.length === 0) return `${prefix}{}`;
    const items: string[] = [];
    for (const k of keys.slice(0, o.maxItems)) {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      let v: unknown;
      try {
        v = (obj as Record<string, unknown>)[k];
      } catch {
        v = '[getter threw]';
      }
      items.push(`${key}: ${fmt(v, depth - 1, seen, o, false)}`);
    }
    if (keys.length > o.maxItems) items.push(`… ${keys.length - o.maxItems} more`);
    return `${prefix}{ ${items.join(', ')} }`;
  } finally {
    seen.delete(obj);
  }
}
