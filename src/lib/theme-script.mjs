// The tiny script in every page's <head> that applies the reader's theme before
// the first paint (no flash of the wrong theme). It always sets data-theme on
// <html> to 'light' or 'dark' (the reader's choice, or the system's when the
// choice is 'system', following system changes); every dark style in src/
// hangs off :root[data-theme='dark']. It is inline, so astro.config.mjs adds
// its sha256 to the Content-Security-Policy: keep it a plain constant.
export const THEME_SCRIPT = `(() => {
  const root = document.documentElement;
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    let pref = 'system';
    try { pref = localStorage.getItem('theme') || 'system'; } catch {}
    if (pref !== 'light' && pref !== 'dark') pref = 'system';
    root.dataset.themePref = pref;
    root.dataset.theme = pref === 'system' ? (dark.matches ? 'dark' : 'light') : pref;
    const picker = document.querySelector('.theme-select');
    if (picker) picker.value = pref;
  };
  apply();
  dark.addEventListener('change', apply);
  addEventListener('storage', (e) => { if (e.key === 'theme') apply(); });
})();`;

// Right after the theme picker in Base.astro: the picker shows the reader's choice
// from its first paint, not "System theme" until the site's module runs (a module
// waits for the whole page to be parsed). Hashed into the CSP like the one above.
export const THEME_PICKER_SCRIPT = `document.querySelector('.theme-select').value = document.documentElement.dataset.themePref || 'system';`;

// First in every page's <head>: a page shown inside another site's frame hides
// itself and tries to take the whole window (clickjacking). Static hosts that
// allow headers also get frame-ancestors 'none' (public/_headers); this is for
// those that do not. Hashed into the CSP like the ones above.
export const FRAME_SCRIPT = `if (window.top !== window.self) { document.documentElement.style.display = 'none'; try { window.top.location.replace(window.self.location.href); } catch {} }`;
