// The engine is the one the reader built: every method of the engine's classes
// (src/engine/value.ts, nn.ts) and every function value.ts exports must be
// written in some chapter, in a class (or as a function) of the same name. For
// an op with a `_backward` closure, "taught" means more than the name: the
// closure's statements must appear, as the engine has them, in that chapter's
// method. `npm run build` runs this first; it exits 1 naming each op taught
// nowhere. ENGINE_FILES (comma-separated) and LESSONS_DIR point it elsewhere,
// for tests/build/untaught-op.test.mjs. A folder of test lessons that teaches
// nothing (tests/fixtures/mechanics) says so in a fixture.json whose
// `engineTaughtIn` names the chapters that do: its own lessons are still read
// (a misspelt fence word stops the build), and the engine is checked against those.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_LANGS, parseLesson } from '../src/lessons/parse.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Code with comments removed and every run of whitespace made one space, for comparing statements. */
function normalise(code) {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lines of the block that opens on `lines[start]`, up to its closing line at the same indent. */
function block(lines, start) {
  const indent = /^\s*/.exec(lines[start])[0];
  const end = lines.findIndex((l, i) => i > start && l === `${indent}}`);
  return lines.slice(start, end < 0 ? lines.length : end + 1);
}

/**
 * Classes and their methods, and top-level functions, in TypeScript source.
 * `indent` is how far a class's methods are indented inside it.
 */
export function definitions(source) {
  const lines = source.split('\n');
  const classes = new Map();
  const functions = new Map();
  for (let i = 0; i < lines.length; i++) {
    const cls = /^(\s*)(?:export\s+)?class\s+(\w+)/.exec(lines[i]);
    if (cls) {
      const body = block(lines, i);
      const methods = classes.get(cls[2]) ?? new Map();
      const inner = `${cls[1]}  `;
      for (let j = 1; j < body.length; j++) {
        const m = new RegExp(`^${inner}(?:static\\s+|get\\s+)?(\\w+)\\s*\\(`).exec(body[j]);
        if (m && !['if', 'for', 'while', 'switch', 'return'].includes(m[1])) methods.set(m[1], block(body, j).join('\n'));
      }
      classes.set(cls[2], methods);
      continue;
    }
    const fn = /^(?:export\s+)?function\s+(\w+)\s*\(/.exec(lines[i]);
    if (fn) functions.set(fn[1], block(lines, i).join('\n'));
    // Methods added to a class in place: `Value.prototype.sub = function (…) {`.
    const patched = /^(\w+)\.prototype\.(\w+)\s*=\s*function\b/.exec(lines[i]);
    if (patched) {
      const methods = classes.get(patched[1]) ?? new Map();
      methods.set(patched[2], block(lines, i).join('\n'));
      classes.set(patched[1], methods);
    }
  }
  return { classes, functions };
}

/** The statements inside `out._backward = () => { … };`, normalised; none if the method has no closure. */
export function closureStatements(method) {
  const lines = method.split('\n');
  const start = lines.findIndex((l) => /out\._backward\s*=/.test(l));
  if (start < 0) return [];
  const body = block(lines, start).slice(1, -1);
  return body.map(normalise).filter((s) => s !== '');
}

/** Every TypeScript fence of every lesson, as written: [file, code] (src/lessons/parse.ts reads them). */
export function lessonCode(dir) {
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()) {
    const lesson = parseLesson(readFileSync(join(dir, file), 'utf8'), file);
    for (const cell of lesson.cells) {
      out.push([file, cell.source]);
      for (const node of cell.attached) out.push([file, node.value]);
    }
    for (const block of lesson.blocks) if (CODE_LANGS.has(block.lang)) out.push([file, block.code]);
  }
  return out;
}

/**
 * What the engine defines that no lesson teaches: a list of
 * "value.ts: Value.sub (its _backward as the engine has it)" lines.
 */
export function untaught(engineFiles, lessonsDir) {
  const lessons = lessonCode(lessonsDir).map(([file, code]) => ({ file, ...definitions(code) }));
  const missing = [];
  for (const path of engineFiles) {
    const name = path.split('/').pop();
    const engine = definitions(readFileSync(path, 'utf8'));
    for (const [cls, methods] of engine.classes) {
      for (const [method, code] of methods) {
        const wanted = closureStatements(code);
        const taught = lessons.some((l) => {
          const mine = l.classes.get(cls)?.get(method);
          if (mine === undefined) return false;
          const have = new Set(closureStatements(mine));
          return wanted.every((s) => have.has(s));
        });
        if (!taught) missing.push(`${name}: ${cls}.${method}${wanted.length ? ' (its _backward as the engine has it)' : ''}`);
      }
    }
    // Only what the engine exports is the reader's; private helpers (asValue) are not.
    for (const [fn, code] of engine.functions) {
      if (!code.startsWith('export ')) continue;
      if (!lessons.some((l) => l.functions.has(fn))) missing.push(`${name}: function ${fn}`);
    }
  }
  return missing;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = (process.env.ENGINE_FILES || 'src/engine/value.ts,src/engine/nn.ts').split(',').map((f) => join(root, f.trim()));
  const lessonsDir = join(root, process.env.LESSONS_DIR || 'content/lessons');
  const fixture = join(lessonsDir, 'fixture.json');
  const taughtIn = existsSync(fixture) ? JSON.parse(readFileSync(fixture, 'utf8')).engineTaughtIn : undefined;
  let missing;
  try {
    if (taughtIn) {
      lessonCode(lessonsDir);
      console.log(
        `check-taught: ${process.env.LESSONS_DIR} is a test fixture (its fixture.json): the engine is checked against ${taughtIn}`,
      );
    }
    missing = untaught(files, taughtIn ? join(root, taughtIn) : lessonsDir);
  } catch (e) {
    // An author's mistake in a lesson (src/lessons/parse.ts names file and line): said once, plainly.
    console.error(`check-taught: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  if (missing.length > 0) {
    console.error(
      `check-taught: the engine has ops and methods that no chapter teaches (every one must be written in some chapter, as the engine has it):`,
    );
    for (const m of missing) console.error(`  - ${m}`);
    process.exit(1);
  }
  console.log(`check-taught: every op and method of ${files.map((f) => f.split('/').pop()).join(' and ')} is taught in a chapter`);
}
