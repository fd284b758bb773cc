import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorSlot } from '../../../../src/widgets/cells/editor-slot.ts';

class FakeEditor {
  keys: string[] = [];
  typeKeys(keys: readonly string[]) {
    this.keys.push(...keys);
  }
}

test('keys typed while the editor loads are replayed into it, in order, once', async () => {
  let resolve!: (e: FakeEditor) => void;
  let loads = 0;
  const ready: FakeEditor[] = [];
  const slot = new EditorSlot(
    () => {
      loads++;
      return new Promise<FakeEditor>((r) => (resolve = r));
    },
    { ready: (e) => ready.push(e), failed: () => assert.fail('no failure') },
  );
  assert.equal(slot.typing, false);
  slot.keep('c');
  const a = slot.open();
  slot.keep('o');
  const b = slot.open();
  slot.keep('Backspace');
  assert.equal(slot.typing, true);
  const editor = new FakeEditor();
  resolve(editor);
  assert.equal(await a, editor);
  assert.equal(await b, editor);
  assert.deepEqual(editor.keys, ['c', 'o', 'Backspace']);
  assert.equal(loads, 1, 'one load for every caller');
  assert.deepEqual(ready, [editor]);
  assert.equal(slot.typing, false);
  assert.equal(await slot.open(), editor);
  assert.equal(loads, 1);
});

test('a failed load is reported, keeps the typed keys, and the next open tries again', async () => {
  let fail = true;
  const failures: unknown[] = [];
  const slot = new EditorSlot(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(new FakeEditor())), {
    ready: () => undefined,
    failed: (e) => failures.push(e),
  });
  slot.keep('x');
  await assert.rejects(slot.open(), /offline/);
  assert.equal(failures.length, 1);
  assert.equal(slot.editor, null);
  assert.equal(slot.typing, true, 'what was typed is kept');
  fail = false;
  const editor = await slot.open();
  assert.deepEqual(editor.keys, ['x']);
  assert.equal(slot.editor, editor);
});
