// A Vite plugin for one Firefox quirk. Vite's preload helper adds a
// <link rel="modulepreload" crossorigin> for each chunk a dynamic import needs;
// Astro's islands load their chunks with import(), and Firefox (ESR 140) fires
// `error` on a crossorigin modulepreload of a module it already loaded that
// way (without the attribute it loads). The site is one origin, so the helper's
// `crossOrigin = ''` is dropped. The build fails if the helper changes shape.

/** @returns {import('vite').Plugin} */
export function sameOriginModulePreload() {
  return {
    name: 'same-origin-modulepreload',
    apply: 'build',
    renderChunk(code) {
      // The helper: the one chunk that asks whether links support modulepreload.
      if (!code.includes('modulepreload') || !code.includes('relList')) return null;
      const out = code.replace(/\b\w+\.crossOrigin\s*=\s*(``|''|"")\s*[;,]/g, '');
      if (out === code) throw new Error("same-origin-modulepreload: the preload helper no longer sets crossOrigin = '' as expected");
      return { code: out, map: null };
    },
  };
}
