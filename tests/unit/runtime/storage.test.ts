import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../helpers/memory-storage.ts';
import {
  CellStorage,
  hashCode,
  isAddedId,
  MAX_ADDED_CELLS,
  MAX_CELL_NUMBER,
  newAddedId,
  type EditState,
} from '../../../src/runtime/storage.ts';

const AUTHOR = 'const a = 1;';
const codeOf = (state: EditState): string => (state.kind === 'none' ? '' : state.code);

test('an edit is saved and comes back as edited', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('derivatives', store);
  assert.deepEqual(s.loadEdit('a', AUTHOR), { kind: 'none' });
  assert.ok(s.saveEdit('a', 'const a = 2;', AUTHOR));
  assert.deepEqual(new CellStorage('derivatives', store).loadEdit('a', AUTHOR), { kind: 'edited', code: 'const a = 2;' });
  // other lessons and cells are separate
  assert.deepEqual(new CellStorage('closures', store).loadEdit('a', AUTHOR), { kind: 'none' });
  assert.deepEqual(s.loadEdit('b', AUTHOR), { kind: 'none' });
});

test('saving the author code again removes the edit', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit('a', 'x', AUTHOR);
  s.saveEdit('a', AUTHOR, AUTHOR);
  assert.equal(store.length, 0);
});

test('an edit of an older author version is reported stale, with the reader text kept', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit('a', 'my version', 'const a = 0; // the old lesson');
  const state = s.loadEdit('a', AUTHOR);
  assert.deepEqual(state, { kind: 'stale', code: 'my version' });
  s.rebase('a', AUTHOR);
  assert.deepEqual(s.loadEdit('a', AUTHOR), { kind: 'edited', code: 'my version' });
  assert.notEqual(hashCode('a'), hashCode('b'));
  assert.match(hashCode(AUTHOR), /^[0-9a-f]{8}$/);
});

test('without storage, or with a full one, cells still work and storage says it is unavailable', () => {
  const none = new CellStorage('l', null);
  assert.equal(none.available, false);
  assert.equal(none.saveEdit('a', 'x', AUTHOR), false);
  assert.deepEqual(none.loadEdit('a', AUTHOR), { kind: 'none' });
  assert.deepEqual(none.passed(), []);

  const throwing = new MemoryStorage();
  throwing.setItem = () => {
    throw new Error('QuotaExceededError');
  };
  const blocked = new CellStorage('l', throwing);
  assert.equal(blocked.available, false);
  assert.doesNotThrow(() => blocked.markPassed('a'));
});

test('passed exercises are remembered per lesson', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.markPassed('nudge');
  s.markPassed('grad-quiz');
  s.markPassed('nudge');
  assert.deepEqual(new CellStorage('l', store).passed(), ['grad-quiz', 'nudge']);
  assert.deepEqual(new CellStorage('other', store).passed(), []);
});

test('garbage in storage is ignored', () => {
  const store = new MemoryStorage();
  store.setItem('micrograd:edit:l:a', '{not json');
  assert.deepEqual(new CellStorage('l', store).loadEdit('a', AUTHOR), { kind: 'none' });
});

test('cells the reader added are remembered per page, in order; garbage reads as none', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('playground', store);
  assert.deepEqual(s.addedCells(), []);
  for (const id of ['added-b', 'added-a', 'added-c']) assert.equal(s.addAddedCell(id), true);
  assert.deepEqual(new CellStorage('playground', store).addedCells(), ['added-b', 'added-a', 'added-c']);
  assert.deepEqual(new CellStorage('derivatives', store).addedCells(), []);
  // Undo puts a removed cell back at its place.
  s.removeAddedCell('added-a');
  s.addAddedCell('added-a', 1);
  assert.deepEqual(s.addedCells(), ['added-b', 'added-a', 'added-c']);
  for (const id of s.addedCells()) s.removeAddedCell(id);
  assert.equal(store.length, 0);
  store.setItem(`micrograd:added:playground`, '{"not":"a list"}');
  assert.deepEqual(s.addedCells(), []);
  store.setItem(`micrograd:added:playground`, '[2, "x", -1, 4.5, 7, "added-", "added-Z", "added-k3"]');
  assert.deepEqual(s.addedCells(), ['added-2', 'added-7', 'added-k3']);
});

test("two tabs that each add a cell get two cells: ids are random, and one tab's list never drops the other's cell", () => {
  const store = new MemoryStorage();
  // Both tabs loaded the page before either added a cell.
  const tabA = new CellStorage('playground', store);
  const tabB = new CellStorage('playground', store);
  const a = newAddedId();
  const b = newAddedId();
  assert.notEqual(a, b);
  assert.ok(isAddedId(a) && isAddedId(b), `${a} ${b}`);
  tabA.addAddedCell(a);
  tabA.saveEdit(a, 'from A', '', 2);
  tabB.addAddedCell(b);
  tabB.saveEdit(b, 'from B', '', 2);
  const reloaded = new CellStorage('playground', store);
  assert.deepEqual(reloaded.addedCells(), [a, b]);
  assert.deepEqual(reloaded.loadEdit(a, ''), { kind: 'edited', code: 'from A' });
  assert.deepEqual(reloaded.loadEdit(b, ''), { kind: 'edited', code: 'from B' });
  // Removing one in tab B leaves tab A's.
  tabB.removeAddedCell(b);
  tabB.clearEdit(b);
  assert.deepEqual(new CellStorage('playground', store).addedCells(), [a]);
  assert.deepEqual(reloaded.loadEdit(a, ''), { kind: 'edited', code: 'from A' });
  // A tab still showing a cell another tab removed keeps what the reader types there: the cell is listed again.
  tabA.removeAddedCell(a);
  tabB.saveEdit(a, 'typed in B after A removed it', '', 2);
  assert.deepEqual(new CellStorage('playground', store).addedCells(), [a]);
});

test('a random id is 16 characters of base 36 after added-, from 8 random bytes', () => {
  const id = newAddedId((b) => b.fill(255));
  assert.equal(id, `added-${'73'.repeat(8)}`);
  assert.equal(
    newAddedId((b) => b.fill(0)),
    `added-${'00'.repeat(8)}`,
  );
});

test("a storage key of another tab's edit names the cell on this page; other pages and kinds are not ours", () => {
  const s = new CellStorage('playground', new MemoryStorage());
  assert.equal(s.editIdOf('micrograd:edit:playground:added-k3'), 'added-k3');
  assert.equal(s.editIdOf('micrograd:edit:playground:first-cell'), 'first-cell');
  assert.equal(s.editIdOf('micrograd:edit:derivatives:first-cell'), null);
  assert.equal(s.editIdOf('micrograd:added:playground'), null);
  assert.equal(s.editIdOf(null), null);
});

test('a corrupt list of added cells cannot give two cells one number, or take minutes to lay out', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('playground', store);
  // 1e300 + 1 === 1e300: a new cell would have taken the same number.
  store.setItem('micrograd:added:playground', '[1e300, 3, 3, 2, 9007199254740993]');
  assert.deepEqual(s.addedCells(), ['added-2', 'added-3']);
  store.setItem('micrograd:added:playground', JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i + 2)));
  const many = s.addedCells();
  assert.equal(many.length, MAX_ADDED_CELLS);
  assert.deepEqual(many.slice(0, 3), ['added-2', 'added-3', 'added-4']);
  assert.ok(many.every((id) => Number(id.slice('added-'.length)) <= MAX_CELL_NUMBER));
  // A full list takes no more.
  assert.equal(s.addAddedCell(newAddedId()), false);
});

test('cells added before ids were random (numbers) keep their saved code', () => {
  const store = new MemoryStorage();
  store.setItem('micrograd:added:playground', '[2, 3]');
  const old = new CellStorage('playground', store);
  old.saveEdit('added-3', 'kept from before', '', 3);
  const s = new CellStorage('playground', store);
  assert.deepEqual(s.addedCells(), ['added-2', 'added-3']);
  assert.deepEqual(s.loadEdit(s.addedCells()[1]!, ''), { kind: 'edited', code: 'kept from before' });
  // A new cell joins them; the list is written as ids from then on.
  const id = newAddedId();
  s.addAddedCell(id);
  assert.deepEqual(JSON.parse(store.getItem('micrograd:added:playground')!), ['added-2', 'added-3', id]);
});

test('edits kept by cell number before cells had ids find their cells, even after the author inserted one', () => {
  const store = new MemoryStorage();
  const old = 'const b = 2;';
  // Saved by the old page: cell 2 was `old`.
  store.setItem('micrograd:cell:l:2', JSON.stringify({ code: 'const b = 20;', base: hashCode(old) }));
  // Cell 1's edit, of a cell the author has since changed.
  store.setItem('micrograd:cell:l:1', JSON.stringify({ code: 'mine', base: hashCode('const a = 0;') }));
  // The lesson now has a new cell 2, and `old` moved to 3.
  const cells = [
    { n: 1, id: 'a', author: 'const a = 1;' },
    { n: 2, id: 'inserted', author: 'const z = 9;' },
    { n: 3, id: 'b', author: old },
  ];
  const s = new CellStorage('l', store);
  s.adoptEdits(cells);
  assert.deepEqual(s.loadEdit('b', old), { kind: 'edited', code: 'const b = 20;' }, 'found by the code it started from');
  assert.deepEqual(s.loadEdit('inserted', 'const z = 9;'), { kind: 'none' }, 'the inserted cell is untouched');
  assert.deepEqual(s.loadEdit('a', 'const a = 1;'), { kind: 'stale', code: 'mine' }, 'by place, and shown as stale');
  assert.equal(store.getItem('micrograd:cell:l:1'), null);
  assert.equal(store.getItem('micrograd:cell:l:2'), null);
});

test('an edit whose cell id is gone goes to the cell at its old place, never over an edit of that cell', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit('old-first-line', 'mine', 'const a = 0;', 1);
  s.saveEdit('gone-too', 'also mine', 'x', 2);
  s.saveEdit('b', 'my b', 'const b = 1;', 2);
  s.adoptEdits([
    { n: 1, id: 'new-first-line', author: 'const a = 1;' },
    { n: 2, id: 'b', author: 'const b = 1;' },
  ]);
  assert.deepEqual(s.loadEdit('new-first-line', 'const a = 1;'), { kind: 'stale', code: 'mine' });
  assert.deepEqual(s.loadEdit('b', 'const b = 1;'), { kind: 'edited', code: 'my b' });
  // No home for it: kept where it was, not lost.
  assert.ok(store.getItem('micrograd:edit:l:gone-too'));
});

test('two lost edits claiming one old place: one is the cell code, the other is offered beside it, and a swap loses neither', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit('first-old-id', 'version one', 'const a = 0;', 1);
  s.saveEdit('second-old-id', 'version two', 'const a = -1;', 1);
  const others = s.adoptEdits([{ n: 1, id: 'new-id', author: 'const a = 1;' }]);
  const shown = s.loadEdit('new-id', 'const a = 1;');
  const other = others.get(1);
  assert.equal(other?.length, 1);
  const both = [codeOf(shown), other![0]!.code].sort();
  assert.equal(shown.kind, 'stale');
  assert.deepEqual(both, ['version one', 'version two']);
  // "Use this version": the shown code goes to the other's place, the other becomes the cell's.
  assert.ok(s.keepOther(other![0]!, both[0] === other![0]!.code ? both[1]! : both[0]!, 1));
  s.saveEdit('new-id', other![0]!.code, 'const a = 1;', 1);
  const again = new CellStorage('l', store).adoptEdits([{ n: 1, id: 'new-id', author: 'const a = 1;' }]);
  const now = s.loadEdit('new-id', 'const a = 1;');
  assert.deepEqual([codeOf(now), again.get(1)![0]!.code].sort(), ['version one', 'version two']);
});

test('an edit whose old place holds an edit of its own is offered there, not hidden', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('l', store);
  s.saveEdit('gone', 'lost one', 'x', 2);
  s.saveEdit('b', 'my b', 'const b = 1;', 2);
  const others = s.adoptEdits([
    { n: 1, id: 'a', author: 'const a = 1;' },
    { n: 2, id: 'b', author: 'const b = 1;' },
  ]);
  assert.deepEqual(s.loadEdit('b', 'const b = 1;'), { kind: 'edited', code: 'my b' });
  assert.deepEqual(
    others.get(2)?.map((o) => o.code),
    ['lost one'],
  );
});

test('finding homes for 5,000 stored edits among 5,000 cells is linear: well under 3 s (it was 22 s)', () => {
  const store = new MemoryStorage();
  const N = 5000;
  for (let i = 1; i <= N; i++) store.setItem(`micrograd:cell:p:${i}`, JSON.stringify({ code: `mine ${i}`, base: 'deadbeef' }));
  const cells = Array.from({ length: N }, (_, i) => ({ n: i + 1, id: `c${i + 1}`, author: `const x${i} = ${i};` }));
  const t = performance.now();
  new CellStorage('p', store).adoptEdits(cells);
  const ms = performance.now() - t;
  assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  assert.deepEqual(new CellStorage('p', store).loadEdit(`c${N}`, `const x${N - 1} = ${N - 1};`), { kind: 'stale', code: `mine ${N}` });
});

test('a corrupt list of added cells says what was left out, and keeps every valid cell past the ones shown', () => {
  const store = new MemoryStorage();
  const s = new CellStorage('playground', store);
  store.setItem('micrograd:added:playground', '[1e300, 3, 3, 2, "x"]');
  assert.deepEqual(s.addedCells(), ['added-2', 'added-3']);
  assert.equal(
    s.addedProblem,
    `3 stored cells were not a cell's id or a whole number from 1 to ${MAX_CELL_NUMBER} (or repeated) and were left out.`,
  );
  store.setItem('micrograd:added:playground', '[2, 3]');
  s.addedCells();
  assert.equal(s.addedProblem, null);
  store.setItem('micrograd:added:playground', '{');
  assert.deepEqual(s.addedCells(), []);
  assert.match(s.addedProblem ?? '', /could not be read/);

  const stored = Array.from({ length: MAX_ADDED_CELLS + 50 }, (_, i) => i + 2);
  store.setItem('micrograd:added:playground', JSON.stringify(stored));
  const t = performance.now();
  const shown = s.addedCells();
  assert.ok(performance.now() - t < 500);
  assert.equal(shown.length, MAX_ADDED_CELLS);
  assert.match(s.addedProblem ?? '', new RegExp(`Only the first ${MAX_ADDED_CELLS} of your ${MAX_ADDED_CELLS + 50} added cells are shown`));
  // Removing a shown cell keeps the ones not shown (read as the ids their edits are under).
  s.removeAddedCell(shown[0]!);
  assert.deepEqual(
    JSON.parse(store.getItem('micrograd:added:playground')!),
    stored.slice(1).map((n) => `added-${n}`),
  );
});
