// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkCells from './src/remark/cells.mjs';
import { staticDiffTransformer } from './src/lessons/diff-marks.mjs';
import rehypeHeadingLinks from './src/remark/heading-links.mjs';
import rehypeSearchWeights from './src/remark/search-weights.mjs';
import { createHash } from 'node:crypto';
import { FRAME_SCRIPT, THEME_PICKER_SCRIPT, THEME_SCRIPT } from './src/lib/theme-script.mjs';
import { SANDBOX_BOOT_HASH } from './src/runtime/sandbox-document.mjs';
import { sameOriginModulePreload } from './scripts/vite-preload.mjs';

// BASE_PATH lets the same build be deployed under a sub-path (e.g. /repo/).
// Astro wants it with a trailing slash so `${BASE_URL}lessons/...` joins cleanly.
// Node's types are not installed, so reach the environment through a typed globalThis.
const env = /** @type {{ process?: { env: Record<string, string | undefined> } }} */ (globalThis).process?.env ?? {};
const rawBase = env.BASE_PATH || '/';
const base = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;

export default defineConfig({
  site: env.SITE_URL || undefined,
  base,
  // OUT_DIR lets parallel builds (tests of a second configuration) use their own folder.
  outDir: env.OUT_DIR || 'dist',
  // Every page is a folder with index.html, and every link ends in '/'.
  trailingSlash: 'always',
  build: { format: 'directory' },
  // A sitemap needs the site's address (SITE_URL): without one there is none to write.
  integrations: [mdx(), svelte(), ...(env.SITE_URL ? [sitemap({ filter: (page) => !/\/404\/?$/.test(page) })] : [])],
  security: {
    // A Content-Security-Policy <meta> on every page: scripts only from the
    // site itself (Astro adds hashes of its inline scripts). Reader code runs
    // in a worker inside a sandboxed srcdoc frame (docs/sandbox.md); such a
    // frame inherits this policy, so it allows what that worker needs and no
    // more: 'unsafe-eval' (cells are evaluated) and blob: workers. The
    // frame's own policy adds no network and no code loading. Inline styles
    // are allowed (Shiki and KaTeX write style attributes; CodeMirror injects
    // its theme as <style> elements, and a static page has no per-response
    // nonce to give it).
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      // Pagefind's WebAssembly runs in its own Web Worker, outside the page's
      // policy, so the page needs no 'wasm-unsafe-eval' (checked in the browser).
      scriptDirective: {
        resources: ["'self'", "'unsafe-eval'"],
        // The inline frame and theme scripts in Base.astro (is:inline, so Astro does not hash them itself),
        // and the sandbox frame's boot script (src/runtime/sandbox-document.mjs).
        hashes: [
          ...[FRAME_SCRIPT, THEME_SCRIPT, THEME_PICKER_SCRIPT].map(
            (code) => /** @type {const} */ (`sha256-${createHash('sha256').update(code).digest('base64')}`),
          ),
          SANDBOX_BOOT_HASH,
        ],
      },
      styleDirective: {
        resources: [
          { resource: "'self'", kind: 'element' },
          { resource: "'unsafe-inline'", kind: 'element' },
          { resource: "'unsafe-inline'", kind: 'attribute' },
        ],
      },
    },
  },
  markdown: {
    // Astro 7's default processor (Sätteri) runs no remark/rehype plugins; unified
    // does, and the lessons need them. $…$ and $$…$$ become KaTeX HTML at build
    // time: no math script runs in the browser.
    processor: unified({
      // ```ts cell blocks become runnable cells (src/remark/cells.mjs).
      remarkPlugins: [remarkMath, remarkCells],
      // Section headings link to themselves (src/remark/heading-links.mjs); terms in
      // bold weigh most in search (src/remark/search-weights.mjs).
      rehypePlugins: [rehypeKatex, rehypeHeadingLinks, rehypeSearchWeights],
    }),
    shikiConfig: {
      // Light colours inline by default; the dark ones ride along as
      // --shiki-dark variables that global.css switches on with prefers-color-scheme.
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: 'light',
      wrap: false,
      // `// [!code ++]` and `// [!code --]` mark changed lines in static code too (src/lessons/diff-marks.mjs).
      transformers: [staticDiffTransformer()],
    },
  },
  vite: {
    // Firefox reports a crossorigin modulepreload of an already loaded chunk as a failed load (scripts/vite-preload.mjs).
    plugins: [sameOriginModulePreload()],
    // Imported only by the cell worker: without this, the dev server discovers
    // them late and reloads the page in the middle of a run.
    optimizeDeps: { include: ['sucrase', 'acorn'] },
    build: {
      // The lazily loaded editor chunk is large on purpose; it is not on the critical path.
      chunkSizeWarningLimit: 2000,
      rolldownOptions: {
        // Astro's MDX output carries a "use astro:head-inject" directive that rolldown
        // warns about on every build; it is harmless (withastro/astro#18087). Drop only that one.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('astro:head-inject')) return;
          handler(level, log);
        },
      },
    },
  },
});
