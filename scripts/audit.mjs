// `npm run audit`: Lighthouse (the npm package) with the system Chromium on the
// home page and one lesson page of the built site; prints the four category
// scores. Builds first if the output folder is missing. Not part of `npm test`.
// Env: OUT_DIR (default dist), AUDIT_PORT (default 4399), CHROMIUM_PATH (see scripts/chromium.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';

const out = process.env.OUT_DIR || 'dist';
const port = Number(process.env.AUDIT_PORT || 4399);
const pages = ['', 'lessons/topological-sort/'];
const targets = { performance: 95, accessibility: 100, 'best-practices': 95, seo: 95 };

if (!existsSync(`${out}/index.html`)) {
  console.log(`no build in ${out}/: building`);
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: out, BASE_PATH: '/' } });
  if (build.status !== 0) process.exit(1);
}

const server = spawn(process.execPath, ['scripts/serve-static.mjs', out, String(port), '/', '--gzip'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => server.stdout.once('data', resolve));

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
});

let missed = 0;
try {
  for (const path of pages) {
    const url = `http://127.0.0.1:${port}/${path}`;
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(targets),
    });
    const { categories, audits } = result.lhr;
    console.log(`\n${url}`);
    // The measures behind the performance score, always: a score alone does not say what moved it.
    const measures = [
      'first-contentful-paint',
      'largest-contentful-paint',
      'total-blocking-time',
      'cumulative-layout-shift',
      'speed-index',
    ];
    console.log(`  ${measures.map((id) => `${id.replace(/-/g, ' ')} ${audits[id]?.displayValue ?? '?'}`).join(', ')}`);
    const blocking = audits['render-blocking-resources']?.details?.items ?? [];
    if (blocking.length)
      console.log(`  render-blocking: ${blocking.map((i) => `${i.url.replace(/^.*\//, '')} (${Math.round(i.wastedMs)} ms)`).join(', ')}`);
    for (const [id, target] of Object.entries(targets)) {
      const score = Math.round((categories[id]?.score ?? 0) * 100);
      const ok = score >= target;
      if (!ok) missed += 1;
      console.log(`  ${categories[id].title.padEnd(16)} ${String(score).padStart(3)}  (target ${target}${ok ? '' : ', MISSED'})`);
      if (!ok) {
        for (const ref of categories[id].auditRefs) {
          const a = audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1)
            console.log(`      - ${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  server.kill();
}
console.log(missed ? `\naudit: ${missed} score(s) below target` : '\naudit: every score meets its target');
