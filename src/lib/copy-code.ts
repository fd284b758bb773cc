// Copy buttons. Lessons' static code (the Python versions, listings) gets one
// in its corner; cells have one in their bar (../widgets/cells/page.ts). When
// the clipboard is out of reach (an insecure origin, a refused permission) the
// code is selected instead, so Ctrl+C still does it.

let live: HTMLElement | null = null;

/** Says `message` to screen readers through one polite live region. */
export function announce(message: string): void {
  if (!live) {
    live = document.createElement('p');
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');
    document.body.append(live);
  }
  const region = live;
  // Cleared first so the same message twice is read twice.
  region.textContent = '';
  setTimeout(() => (region.textContent = message), 50);
}

/** Copies `text`; on failure selects `fallback`'s text. The button shows the outcome for a moment. */
export async function copyFrom(button: HTMLButtonElement, text: string, fallback: Node): Promise<boolean> {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    getSelection()?.selectAllChildren(fallback);
  }
  const label = button.dataset.label ?? button.textContent ?? 'Copy';
  button.dataset.label = label;
  button.textContent = ok ? 'Copied' : 'Selected';
  announce(ok ? 'Code copied' : 'Could not reach the clipboard: the code is selected, press Ctrl+C to copy it');
  clearTimeout(Number(button.dataset.timer));
  button.dataset.timer = String(setTimeout(() => (button.textContent = label), 2000));
  return ok;
}

const LANGUAGES: Record<string, string> = {
  python: 'Python',
  ts: 'TypeScript',
  typescript: 'TypeScript',
  js: 'JavaScript',
  text: 'Output',
  sh: 'Shell',
};

/**
 * Gives every static code block under `root` (cells and quoted outputs excepted) a bar above it
 * with its language and a Copy button: the button never sits over the code.
 */
export function addCopyButtons(root: ParentNode): void {
  for (const pre of root.querySelectorAll<HTMLElement>('pre.astro-code')) {
    if (pre.closest('[data-cell], .code-block, .expected-output')) continue;
    const box = document.createElement('div');
    box.className = 'code-block';
    pre.replaceWith(box);
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    const lang = pre.dataset.language ?? '';
    const name = document.createElement('span');
    name.className = 'code-lang';
    name.textContent = LANGUAGES[lang] ?? lang;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-quiet copy-code';
    button.textContent = 'Copy';
    button.addEventListener('click', () => void copyFrom(button, codeText(pre), pre));
    bar.append(name, button);
    box.append(bar, pre);
  }
}

/** The code in `pre`, without the lines a diff shows as removed (src/lessons/diff-marks.mjs). */
function codeText(pre: HTMLElement): string {
  if (!pre.querySelector('[data-not-code]')) return pre.textContent ?? '';
  const copy = pre.cloneNode(true) as HTMLElement;
  for (const el of copy.querySelectorAll('[data-not-code]')) el.remove();
  return copy.textContent ?? '';
}
