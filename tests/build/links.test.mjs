// No broken internal link, asset or #anchor in the built site, at the root and
// under a sub-path. `npm test` builds both (dist/ and dist-sub/ with BASE_PATH=/sub/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkLinks } from '../../scripts/check-links.mjs';

for (const [dir, base] of [
  ['dist', '/'],
  ['dist-sub', '/sub/'],
]) {
  test(`every internal link in ${dir}/ lands (base ${base})`, { skip: !existsSync(dir) && `${dir}/ not built` }, () => {
    const { pages, problems } = checkLinks(dir, base);
    assert.ok(pages >= 3, `only ${pages} pages found`);
    assert.deepEqual(problems, []);
  });
}

test('the checker itself finds a missing page, a missing asset and a missing anchor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'a', 'index.html'), '<h2 id="here">x</h2><a href="#here">ok</a>');
  writeFileSync(
    join(dir, 'index.html'),
    '<a href="/sub/a/">ok</a><a href="/sub/a/#here">ok</a><a href="/sub/a/#gone">bad anchor</a>' +
      '<a href="/sub/b/">bad page</a><img src="pic.png" alt=""><a href="/a/">outside the base</a>' +
      '<a href="https://example.org/">external</a>',
  );
  const { problems } = checkLinks(dir, '/sub/');
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems.join('\n'), /#gone.*no element with id "gone"/);
  assert.match(problems.join('\n'), /\/sub\/b\/.*no such file/);
  assert.match(problems.join('\n'), /pic\.png.*no such file/);
  assert.match(problems.join('\n'), /\/a\/ -> no such file/);
});
