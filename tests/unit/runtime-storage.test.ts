import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from './helpers/memory-storage.ts';
import { CellStorage, hashCode } from '../../src/runtime/storage.ts';


const AUTHOR = 'const a = 1;';

test('an edit is saved and comes back as edited', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('derivatives', store);
  assert.deepEqual(s.loadEdit(1, AUTHOR), { kind: 'none' });
  assert.ok(s.saveEdit(1, 'const a = 2;', AUTHOR));
  assert.deepEqual(new CellStorage('derivatives', store).loadEdit(1, AUTHOR), { kind: 'edited', code: 'const a = 2;' });
  // other lessons and cells are separate
  assert.deepEqual(new CellStorage('closures', store).loadEdit(1, AUTHOR), { kind: 'none' });
  assert.deepEqual(s.loadEdit(2, AUTHOR), { kind: 'none' });
});

test('saving the author code again removes the edit', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit(1, 'x', AUTHOR);
  s.saveEdit(1, AUTHOR, AUTHOR);
  assert.equal(store.length, 0);
});

test('an edit of an older author version is reported stale, with the reader text kept', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit(1, 'my version', 'const a = 0; // the old lesson');
  const state = s.loadEdit(1, AUTHOR);
  assert.deepEqual(state, { kind: 'stale', code: 'my version' });
  s.rebase(1, AUTHOR);
  assert.deepEqual(s.loadEdit(1, AUTHOR), { kind: 'edited', code: 'my version' });
  assert.notEqual(hashCode('a'), hashCode('b'));
  assert.match(hashCode(AUTHOR), /^[0-9a-f]{8}$/);
});

test('without storage, or with a full one, cells still work and storage says it is unavailable', () => {
  const none = new CellStorage('l', null);
  assert.equal(none.available, false);
  assert.equal(none.saveEdit(1, 'x', AUTHOR), false);
  assert.deepEqual(none.loadEdit(1, AUTHOR), { kind: 'none' });
  assert.deepEqual(none.passed(), []);

  const throwing = new MemoryStorage();
  throwing.setItem = () => {
    throw new Error('QuotaExceededError');
  };
  const blocked = new CellStorage('l', throwing);
  assert.equal(blocked.available, false);
  assert.doesNotThrow(() => blocked.markPassed(1));
});

test('passed exercises are remembered per lesson', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.markPassed(3);
  s.markPassed(1);
  s.markPassed(3);
  assert.deepEqual(new CellStorage('l', store).passed(), [1, 3]);
  assert.deepEqual(new CellStorage('other', store).passed(), []);
});

test('garbage in storage is ignored', () => {
  const store = new MemoryStorage();
  store.setItem('micrograd:cell:l:1', '{not json');
  assert.deepEqual(new CellStorage('l', store).loadEdit(1, AUTHOR), { kind: 'none' });
});

test('cells the reader added are remembered per page, in order; garbage reads as none', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('playground', store);
  assert.deepEqual(s.addedCells(), []);
  assert.equal(s.saveAddedCells([2, 3, 5]), true);
  assert.deepEqual(new CellStorage('playground', store).addedCells(), [2, 3, 5]);
  assert.deepEqual(new CellStorage('derivatives', store).addedCells(), []);
  s.saveAddedCells([]);
  assert.equal(store.length, 0);
  store.setItem(`micrograd:added:playground`, '{"not":"a list"}');
  assert.deepEqual(s.addedCells(), []);
  store.setItem(`micrograd:added:playground`, '[2, "x", -1, 4.5, 7]');
  assert.deepEqual(s.addedCells(), [2, 7]);
});
