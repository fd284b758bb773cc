// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

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
  integrations: [mdx(), svelte()],
  markdown: {
    // Astro 7's default processor (Sätteri) runs no remark/rehype plugins; unified
    // does, and the lessons need them. $…$ and $$…$$ become KaTeX HTML at build
    // time: no math script runs in the browser.
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [rehypeKatex],
    }),
    shikiConfig: {
      // Light colours inline by default; the dark ones ride along as
      // --shiki-dark variables that global.css switches on with prefers-color-scheme.
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: 'light',
      wrap: false,
    },
  },
  vite: {
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
