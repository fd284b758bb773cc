// The built-in objects every cell and the runtime itself rely on, kept as
// they were: a snapshot of their own properties when the worker starts, and
// after each run (and each timer a cell set) anything a cell added, replaced
// or deleted on them is put back and named. So `Object.prototype.check = 1`
// or a wrapped `MessagePort.prototype.postMessage` lasts for the one run that
// did it, is reported as that cell's error, and the next run works without a
// Restart. Everything used here is captured before any cell runs.

const { getOwnPropertyDescriptor, defineProperty, getPrototypeOf, setPrototypeOf, isExtensible } = Object;
const { ownKeys, deleteProperty, apply } = Reflect;
const arrayPush = Array.prototype.push;
const mapGet = Map.prototype.get;
const mapHas = Map.prototype.has;
const setHas = Set.prototype.has;
const StringOf = String;
const { is, hasOwn } = Object;
/** Objects already non-extensible at the start (none today, but an engine may ship some). */
const frozenAtStart = new Map<object, true>();

interface Snapshot {
  target: object;
  name: string;
  proto: object | null;
  /** Own keys, as an array walked by index (a cell may replace the iterators). */
  keyList: PropertyKey[];
  keys: Set<PropertyKey>;
  /** Descriptors with a null prototype, so a polluted Object.prototype cannot add `get` to them. */
  props: Map<PropertyKey, PropertyDescriptor>;
}

function names(root: Record<string, unknown>): [string, object][] {
  const out: [string, object][] = [];
  const add = (name: string, o: unknown): void => {
    if ((typeof o === 'object' || typeof o === 'function') && o !== null) out.push([name, o]);
  };
  const ctors = [
    'Object',
    'Function',
    'Array',
    'String',
    'Number',
    'Boolean',
    'Symbol',
    'BigInt',
    'Error',
    'TypeError',
    'RangeError',
    'SyntaxError',
    'ReferenceError',
    'EvalError',
    'URIError',
    'AggregateError',
    'Promise',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'WeakRef',
    'RegExp',
    'Date',
    'ArrayBuffer',
    'DataView',
    'Float64Array',
    'Float32Array',
    'Int32Array',
    'Uint32Array',
    'Int16Array',
    'Uint16Array',
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'BigInt64Array',
    'BigUint64Array',
    'MessagePort',
    'MessageChannel',
    'EventTarget',
    'Event',
    'MessageEvent',
    'Blob',
    'TextEncoder',
    'TextDecoder',
    'Intl',
  ];
  for (const c of ctors) {
    const f = root[c] as { prototype?: unknown } | undefined;
    add(c, f);
    add(`${c}.prototype`, f?.prototype);
  }
  for (const n of ['JSON', 'Math', 'Reflect', 'Atomics', 'console']) add(n, root[n]);
  const typedArray = getPrototypeOf(Int8Array) as { prototype: object };
  add('TypedArray', typedArray);
  add('TypedArray.prototype', typedArray.prototype);
  const iter = getPrototypeOf(getPrototypeOf([][Symbol.iterator]())) as object;
  add('Iterator.prototype', iter);
  add('ArrayIterator.prototype', getPrototypeOf([][Symbol.iterator]()));
  add('MapIterator.prototype', getPrototypeOf(new Map()[Symbol.iterator]()));
  add('SetIterator.prototype', getPrototypeOf(new Set()[Symbol.iterator]()));
  add('StringIterator.prototype', getPrototypeOf(''[Symbol.iterator]()));
  const gen = function* () {};
  add('Generator.prototype', getPrototypeOf(gen()));
  add('GeneratorFunction.prototype', getPrototypeOf(gen));
  const asyncFn = async function () {};
  add('AsyncFunction.prototype', getPrototypeOf(asyncFn));
  // The global scope's own prototype chain (postMessage, setTimeout and the like live there in some engines).
  let p = getPrototypeOf(root) as object | null;
  for (let i = 0; p && p !== Object.prototype && i < 4; i++, p = getPrototypeOf(p) as object | null) add(`global prototype ${i}`, p);
  return out;
}

function take(name: string, target: object): Snapshot {
  const keyList = ownKeys(target);
  const keys = new Set<PropertyKey>(keyList);
  const props = new Map<PropertyKey, PropertyDescriptor>();
  for (const k of keyList) {
    const d = getOwnPropertyDescriptor(target, k);
    if (d) props.set(k, setPrototypeOf(d, null) as PropertyDescriptor);
  }
  if (!isExtensible(target)) frozenAtStart.set(target, true);
  return { target, name, proto: getPrototypeOf(target) as object | null, keyList, keys, props };
}

/** A descriptor's own field (a polluted Object.prototype must not lend it a `get`). */
function field(d: PropertyDescriptor, k: keyof PropertyDescriptor): unknown {
  return hasOwn(d, k) ? d[k] : undefined;
}

function same(d: PropertyDescriptor, was: PropertyDescriptor): boolean {
  return (
    is(field(d, 'value'), was.value) &&
    field(d, 'get') === was.get &&
    field(d, 'set') === was.set &&
    field(d, 'writable') === was.writable &&
    field(d, 'enumerable') === was.enumerable
  );
}

export class IntrinsicsGuard {
  private readonly snaps: Snapshot[] = [];

  constructor(root: object = globalThis) {
    for (const [name, target] of names(root as Record<string, unknown>)) apply(arrayPush, this.snaps, [take(name, target)]);
  }

  /**
   * Puts back whatever changed since the snapshot. Returns what was changed
   * (for the cell's error), and what could not be put back (frozen by the cell).
   */
  restore(): { changed: string[]; stuck: string[] } {
    const changed: string[] = [];
    const stuck: string[] = [];
    const snaps = this.snaps;
    for (let i = 0; i < snaps.length; i++) {
      const s = snaps[i];
      const { target, name } = s;
      if (getPrototypeOf(target) !== s.proto) {
        apply(arrayPush, changed, [`the prototype of ${name}`]);
        try {
          setPrototypeOf(target, s.proto);
        } catch {
          apply(arrayPush, stuck, [`the prototype of ${name}`]);
        }
      }
      const now = ownKeys(target);
      for (let j = 0; j < now.length; j++) {
        const k = now[j];
        if (apply(setHas, s.keys, [k])) continue;
        apply(arrayPush, changed, [`${name}.${keyName(k)}`]);
        if (!deleteProperty(target, k)) apply(arrayPush, stuck, [`${name}.${keyName(k)}`]);
      }
      for (let j = 0; j < s.keyList.length; j++) {
        const k = s.keyList[j];
        const was = apply(mapGet, s.props, [k]) as PropertyDescriptor | undefined;
        if (!was) continue;
        const d = getOwnPropertyDescriptor(target, k);
        if (d && same(d, was)) continue;
        apply(arrayPush, changed, [`${name}.${keyName(k)}`]);
        try {
          defineProperty(target, k, was);
        } catch {
          apply(arrayPush, stuck, [`${name}.${keyName(k)}`]);
        }
      }
      if (!isExtensible(target)) {
        // Object.freeze / preventExtensions cannot be undone: only a new worker can.
        if (!apply(mapHas, frozenAtStart, [target])) apply(arrayPush, stuck, [`${name} (frozen)`]);
      }
    }
    return { changed, stuck };
  }
}

function keyName(k: PropertyKey): string {
  return typeof k === 'symbol' ? `[${StringOf(k.description)}]` : StringOf(k);
}

/** The sentence under a cell that changed built-ins. */
export function changedMessage(changed: string[], stuck: string[]): string {
  const list = (xs: string[]): string => (xs.length > 4 ? `${xs.slice(0, 4).join(', ')} and ${xs.length - 4} more` : xs.join(', '));
  if (stuck.length > 0) {
    return `This cell changed built-in objects that every cell relies on (${list(stuck)}), and that could not be undone: press Restart before running more cells.`;
  }
  return `This cell changed built-in objects that every cell relies on (${list(changed)}); they were put back as they were, so later cells are not affected.`;
}
