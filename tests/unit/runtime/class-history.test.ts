// A class redefined by a later cell, then put back by running an earlier cell
// again (issue 31, item 1: chapter 10's `Value.from is not a function`): the
// error says which version is live and offers Restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../../src/runtime/compile.ts';
import { ClassHistory } from '../../../src/runtime/class-history.ts';
import { readFromWorker } from '../../../src/runtime/from-worker.ts';

const classesOf = (code: string): string[] => {
  const c = compile(code);
  assert.ok(c.ok);
  return c.classes;
};

test('compile names the classes a cell declares at top level, await or not', () => {
  assert.deepEqual(classesOf('class Value {}\nclass Neuron2 extends Object {}\nconst x = class Inner {};'), ['Value', 'Neuron2']);
  assert.deepEqual(classesOf('class $V {}\nawait 1;'), ['$V']);
  assert.deepEqual(classesOf('function f() { class Local {} }'), []);
});

test('an early cell run again after a later one redefined its class: the later cells are told, and no one else', () => {
  const h = new ClassHistory();
  h.ran(2, ['Value']);
  h.ran(9, ['Value']);
  assert.equal(h.hint(10, 'Value.from(1)'), null, 'in page order: nothing to say');
  h.ran(2, ['Value']);
  assert.equal(
    h.hint(10, 'const v = Value.from(1);'),
    "Value here is cell 2's version: cell 2 ran after cell 9, whose Value this cell expects. Restart and run the cells in order to get it back.",
  );
  assert.equal(h.hint(10, 'const MyValue = 1; MyValue.x;'), null, 'another name that contains it');
  assert.equal(h.hint(5, 'Value.from(1)'), null, 'cell 5 expects cell 2 own version, which is live');
  assert.equal(h.hint(1, 'Value'), null, 'no version above cell 1');
});

test('the page accepts a notice offering Restart, and nothing else in its place', () => {
  const read = (items: unknown[]) => readFromWorker({ type: 'output', runId: 1, items });
  assert.deepEqual(read([{ kind: 'notice', text: 'why', restart: true }]), {
    type: 'output',
    runId: 1,
    items: [{ kind: 'notice', text: 'why', restart: true }],
  });
  assert.deepEqual(read([{ kind: 'notice', text: 'plain' }]), { type: 'output', runId: 1, items: [{ kind: 'notice', text: 'plain' }] });
  const odd = read([{ kind: 'notice', text: 'why', restart: 'yes' }]);
  assert.ok(odd === null || (odd.type === 'output' && odd.items.length === 0));
});
