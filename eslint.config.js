// ESLint for the whole codebase: TypeScript (typescript-eslint), Svelte
// components (eslint-plugin-svelte) and Astro pages (eslint-plugin-astro).
// Formatting is Prettier's job (.prettierrc), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

// The layers (docs/architecture.md): each folder may import only the ones below it.
// A folder's rule names what it must not reach; `npm run lint` fails on a crossing.
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message: `${why} (${folder})` })) },
    ],
  },
});
const LAYERS = [
  layer(['src/engine/**'], ['runtime', 'lessons', 'lib', 'remark', 'widgets', 'layouts', 'pages', 'styles'], 'the engine imports nothing'),
  layer(
    ['src/runtime/**'],
    ['lessons', 'lib', 'remark', 'widgets', 'layouts', 'pages', 'styles', 'svelte'],
    'the runtime knows the engine only, and nothing of Svelte or the site',
  ),
  layer(['src/lessons/**'], ['remark', 'widgets', 'layouts', 'pages'], 'lesson content knows nothing of the UI'),
  layer(['src/lib/**'], ['lessons', 'remark', 'widgets', 'layouts', 'pages'], 'the shared helpers sit below the site and its content'),
  layer(['src/remark/**'], ['widgets', 'layouts', 'pages'], 'build-time plugins know nothing of the UI'),
  layer(
    ['src/widgets/**/*.ts', 'src/widgets/**/*.svelte'],
    ['lessons', 'remark', 'layouts', 'pages', 'scripts'],
    'code that runs in the browser carries no build-time code',
  ),
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', '.astro/', 'node_modules/', 'test-results/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (micrograd's `_backward`, `_prev` are not).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.svelte.ts'],
    rules: {
      // The plain Maps here are built whole inside a $derived or are a function's scratch, never
      // state mutated in place; state that is mutated is a SvelteMap (step-session's `flash`).
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // The service worker's template: scripts/postbuild.mjs puts the list of files to cache where this name is.
    files: ['scripts/sw.template.js'],
    languageOptions: { globals: { __PRECACHE__: 'readonly' } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...LAYERS,
);
