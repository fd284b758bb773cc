// The layers are the linter's to keep (eslint.config.js): an import that
// crosses one fails `npm run lint`, naming the rule; one that keeps to its
// layer passes. Linted as if the text were a file in that folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../..', import.meta.url)) });

async function crossings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('the engine imports nothing of the runtime', async () => {
  const found = await crossings(
    'src/engine/zz-fixture.ts',
    "import type { OutputItem } from '../runtime/protocol.ts';\nexport type X = OutputItem;\n",
  );
  assert.equal(found.length, 1);
  assert.match(found[0], /the engine imports nothing \(runtime\)/);
  assert.deepEqual(await crossings('src/engine/zz-fixture.ts', "import type { Trace } from './trace.ts';\nexport type X = Trace;\n"), []);
});

test('code that runs in the browser carries no build-time lesson code', async () => {
  const found = await crossings(
    'src/widgets/cells/zz-fixture.ts',
    "import { parseLesson } from '../../lessons/parse.ts';\nexport const p = parseLesson;\n",
  );
  assert.equal(found.length, 1);
  assert.match(found[0], /no build-time code \(lessons\)/);
});

test('the runtime knows nothing of Svelte or the widgets', async () => {
  assert.equal((await crossings('src/runtime/zz-fixture.ts', "import { mount } from 'svelte';\nexport const m = mount;\n")).length, 1);
  assert.equal(
    (
      await crossings(
        'src/runtime/graph/zz-fixture.ts',
        "import { StepSession } from '../../widgets/graph/step-session.svelte.ts';\nexport const s = StepSession;\n",
      )
    ).length,
    1,
  );
  assert.deepEqual(
    await crossings('src/runtime/graph/zz-fixture.ts', "import { trace } from '../../engine/trace.ts';\nexport const t = trace;\n"),
    [],
  );
});

test('lesson content knows nothing of the UI', async () => {
  assert.equal(
    (
      await crossings(
        'src/lessons/zz-fixture.ts',
        "import { WIDGET_EXERCISES } from '../widgets/progress.ts';\nexport const w = WIDGET_EXERCISES;\n",
      )
    ).length,
    1,
  );
});
