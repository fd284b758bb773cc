import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellIds, derivedId } from '../../../src/lib/cell-ids.ts';

test('a cell is named by the first words of its first line, comments included', () => {
  assert.equal(derivedId('// Nudge x both ways, and divide the change\nconst h = 1e-6;'), 'nudge-x-both-ways-and-divide');
  assert.equal(derivedId('\n\nconst a = new Value(2.0);'), 'const-a-new-value-2-0');
  assert.equal(derivedId('  ;;;\n}'), 'cell');
  assert.ok(derivedId('a'.repeat(80)).length <= 48);
});

test('ids are unique on a page: explicit ones as written, repeats of derived ones numbered', () => {
  const ids = cellIds([
    { code: 'a.backward()' },
    { code: 'a.backward()', id: 'again' },
    { code: 'a.backward()' },
    { code: '', id: 'a-backward' },
  ]);
  assert.deepEqual(ids, ['a-backward-2', 'again', 'a-backward-3', 'a-backward']);
});

test('inserting a cell does not rename the others', () => {
  const before = cellIds([{ code: 'const a = 1;' }, { code: 'const b = 2;' }]);
  const after = cellIds([{ code: 'const a = 1;' }, { code: 'console.log(a)' }, { code: 'const b = 2;' }]);
  assert.deepEqual([after[0], after[2]], before);
});

test('a bad or repeated explicit id is an error that names the cell', () => {
  assert.throws(() => cellIds([{ code: '', id: 'Bad Id' }], (i) => `lesson.mdx cell ${i + 1}`), /lesson\.mdx cell 1: id=Bad Id/);
  assert.throws(
    () =>
      cellIds([
        { code: '', id: 'x' },
        { code: '', id: 'x' },
      ]),
    /cell 2: id=x is used by another cell/,
  );
});
