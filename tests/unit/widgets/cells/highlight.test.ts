// The reader's own code in colour outside the editor (issue 31, item 5): the
// editor's grammar and token classes, so it looks as it does while editing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightRuns } from '../../../../src/widgets/cells/highlight.ts';

test('keywords, numbers, strings, comments, types and definitions get the editor token classes', () => {
  const code = 'const v: number = new Value(3.0).data; // mine\nconsole.log("hi", v);';
  const runs = highlightRuns(code);
  assert.equal(runs.map(([t]) => t).join(''), code, 'every character, once, in order');
  const cls = (text: string) => runs.find(([t]) => t === text)?.[1];
  assert.equal(cls('const'), 'tok-keyword');
  assert.equal(cls('new'), 'tok-keyword');
  assert.equal(cls('3.0'), 'tok-number');
  assert.equal(cls('"hi"'), 'tok-string');
  assert.equal(cls('// mine'), 'tok-comment');
  assert.equal(cls('number'), 'tok-typeName');
  assert.equal(cls('v'), 'tok-variableName tok-definition');
  assert.equal(cls('data'), 'tok-propertyName');
});

test('broken code is still shown whole', () => {
  const code = 'const v = new Value(3.0;\n\tclass {';
  assert.equal(
    highlightRuns(code)
      .map(([t]) => t)
      .join(''),
    code,
  );
});
