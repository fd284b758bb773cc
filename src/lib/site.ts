// The site shell's script (Base.astro): the theme picker, the search dialog and
// the service worker. Kept tiny: it runs on every page before any interaction.
// Pagefind's UI (its JS, CSS and WebAssembly) loads only when search opens.

type ThemePref = 'system' | 'light' | 'dark';

const root = document.documentElement;

function setTheme(pref: ThemePref): void {
  try {
    if (pref === 'system') localStorage.removeItem('theme');
    else localStorage.setItem('theme', pref);
  } catch {
    // Storage unavailable: the choice holds for this page only.
  }
  const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.themePref = pref;
  root.dataset.theme = pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

function setupTheme(): void {
  const select = document.querySelector<HTMLSelectElement>('.theme-select');
  if (!select) return;
  // The picker showed the stored choice from its first paint (THEME_PICKER_SCRIPT); a
  // different value now is a choice made before this module ran: honour it.
  if (select.value !== (root.dataset.themePref ?? 'system')) setTheme(select.value as ThemePref);
  select.addEventListener('change', () => setTheme(select.value as ThemePref));
}

interface PagefindUIOptions {
  element: Element;
  bundlePath: string;
  baseUrl: string;
  showSubResults: boolean;
  showImages: boolean;
  autofocus: boolean;
  resetStyles: boolean;
  /** Pagefind's ranking knobs; metaWeights weighs metadata such as the title. */
  ranking?: { metaWeights?: Record<string, number> };
}
type PagefindUIClass = new (options: PagefindUIOptions) => unknown;

let searchReady: Promise<void> | undefined;

function load(tag: 'script' | 'link', url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const el = document.createElement(tag);
    if (el instanceof HTMLScriptElement) el.src = url;
    else if (el instanceof HTMLLinkElement) {
      el.rel = 'stylesheet';
      el.href = url;
    }
    el.addEventListener('load', () => resolve());
    el.addEventListener('error', () => reject(new Error(`could not load ${url}`)));
    document.head.append(el);
  });
}

function loadSearch(dialog: HTMLDialogElement): Promise<void> {
  const base = dialog.dataset.base ?? '/';
  const bundle = `${base}pagefind/`;
  searchReady ??= Promise.all([load('link', `${bundle}pagefind-ui.css`), load('script', `${bundle}pagefind-ui.js`)]).then(() => {
    const PagefindUI = (window as unknown as { PagefindUI: PagefindUIClass }).PagefindUI;
    new PagefindUI({
      element: dialog.querySelector('#search')!,
      bundlePath: bundle,
      baseUrl: base,
      showSubResults: true,
      showImages: false,
      autofocus: true,
      resetStyles: false,
      // The page title is the h1, already in the body (weighted in Lesson.astro); counted
      // again as metadata it let a title that only names a term outrank the chapter that
      // defines it (src/remark/search-weights.mjs).
      ranking: { metaWeights: { title: 0 } },
    });
    // Pagefind's input has only a placeholder; give it a name.
    dialog.querySelector('input')?.setAttribute('aria-label', 'Search the chapters');
  });
  return searchReady;
}

function setupSearch(): void {
  const dialog = document.querySelector<HTMLDialogElement>('.search-dialog');
  const open = document.querySelector<HTMLButtonElement>('.search-open');
  if (!dialog || !open) return;
  const show = async () => {
    if (!dialog.open) dialog.showModal();
    try {
      await loadSearch(dialog);
    } catch {
      searchReady = undefined;
      dialog.querySelector('#search')!.textContent = 'Search could not load (are you offline?).';
      return;
    }
    dialog.querySelector<HTMLInputElement>('input')?.focus();
  };
  open.addEventListener('click', show);
  dialog.querySelector('.search-close')?.addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it; so does
  // choosing a result, so a heading on this page is not left under the dialog.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog || (e.target as Element).closest('a[href]')) dialog.close();
  });
  // `/` opens search, unless the reader is typing somewhere (a code cell that
  // is still loading its editor takes the key and marks it handled).
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || dialog.open) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    void show();
  });
}

function setupServiceWorker(): void {
  // Production builds only: `npm run dev` never registers it, so it never caches dev modules.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  const register = () => navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch(() => {});
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}

/**
 * A chunk this page needs could not be loaded. If the site says the file is
 * gone (a 404: it was deployed anew since the page loaded, and the old build's
 * files went with it), the page reloads itself, once a minute at most, and
 * gets the new build; the reader's edits are already saved, at each keystroke.
 * A network that failed (offline, a flaky connection) is left to the code
 * that asked, which says so and tries again on the next click.
 */
function reloadOnMissingChunk(): void {
  const KEY = 'micrograd:reloaded-for-chunk';
  addEventListener('vite:preloadError', (e) => {
    const url = /https?:\/\/\S+?\.(?:js|css)\b/.exec(String((e as Event & { payload?: unknown }).payload))?.[0];
    if (!url) return;
    void fetch(url, { method: 'HEAD', cache: 'no-store' }).then(
      (r) => {
        if (r.status !== 404) return;
        try {
          const last = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { path: string; at: number } | null;
          if (last?.path === location.pathname && Date.now() - last.at < 60_000) return;
          sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, at: Date.now() }));
        } catch {
          return; // without a record the reload could repeat: let the error show instead
        }
        location.reload();
      },
      () => undefined, // offline: nothing to learn, nothing to do
    );
  });
}

export function setupSite(): void {
  root.classList.add('js');
  setupTheme();
  setupSearch();
  setupServiceWorker();
  reloadOnMissingChunk();
}
