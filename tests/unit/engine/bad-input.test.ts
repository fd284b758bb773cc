// Bad input fails loudly, naming the op and what it got.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '../../../src/engine/index.ts';

const bad = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (err: unknown) => {
    if (!(err instanceof TypeError)) throw new Error(`expected a TypeError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
};

// Casts stand in for code that TypeScript would reject: cells run untyped.
const loose = (x: unknown) => x as number;

test('each binary op rejects a string, undefined and an object with the op name', () => {
  const a = new Value(2);
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    bad(() => a[op](loose('3')), `Value.${op}: expected a Value or a number, got string "3"`);
    bad(() => a[op](loose(undefined)), `Value.${op}: expected a Value or a number, got undefined`);
    bad(() => a[op](loose({ data: 1 })), `Value.${op}: expected a Value or a number, got object {"data":1}`);
  }
  bad(() => a.mul(loose(null)), 'Value.mul: expected a Value or a number, got null');
  bad(() => a.add(loose([1, 2])), 'Value.add: expected a Value or a number, got array [1,2]');
  bad(() => a.add(loose(true)), 'Value.add: expected a Value or a number, got boolean true');
  bad(() => a.add(loose(new Map())), 'Value.add: expected a Value or a number, got object Map');
});

test('pow rejects a non-number exponent, a Value included', () => {
  const a = new Value(2);
  bad(() => a.pow(loose('2')), 'Value.pow: expected a number exponent, got string "2"');
  bad(() => a.pow(loose(new Value(2))), 'Value.pow: expected a number exponent, got object Value');
  bad(() => a.pow(loose(undefined)), 'Value.pow: expected a number exponent, got undefined');
});

test('new Value rejects a non-number', () => {
  bad(() => new Value(loose('2')), 'new Value: expected a number, got string "2"');
  bad(() => new Value(loose(undefined)), 'new Value: expected a number, got undefined');
  bad(() => new Value(loose(new Value(1))), 'new Value: expected a number, got object Value');
});

test('a long string is clipped in the message', () => {
  const err = (() => {
    try {
      new Value(2).mul(loose('x'.repeat(500)));
    } catch (e) {
      return e as Error;
    }
    return null;
  })();
  assert.ok(err && err.message.length < 120, err?.message);
});

test('backward() names the node whose _backward is not a function, and says to store the function', () => {
  const a = new Value(2, [], '', 'a');
  const b = new Value(3, [], '', 'b');
  const out = a.mul(b);
  out.label = 'out';
  (out as unknown as { _backward: unknown })._backward = undefined; // the slip: out._backward = backward()
  assert.throws(
    () => out.backward(),
    (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, /the _backward of 'out' is not a function \(got undefined\)/);
      assert.match(e.message, /store the function itself/);
      return true;
    },
  );
  const unnamed = a.add(b);
  (unnamed as unknown as { _backward: unknown })._backward = 5;
  assert.throws(() => unnamed.backward(), /the _backward of the '\+' node is not a function \(got number 5\)/);
});
