// Characters that make code read otherwise than it runs, drawn where a reader can see them.
/** Characters that change how code reads without changing how it runs (Trojan Source): bidi controls, zero-width marks. */
export const HIDDEN_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Puts code in the static <pre>, each hidden character drawn as a visible ⟨U+XXXX⟩ mark (the code itself keeps it). */
export function showVisibly(el: Element, code: string): void {
  const marks = [...code.matchAll(new RegExp(HIDDEN_CHARS.source, 'g'))];
  if (marks.length === 0) {
    el.textContent = code;
    return;
  }
  el.textContent = '';
  let at = 0;
  for (const m of marks) {
    el.append(code.slice(at, m.index));
    const mark = document.createElement('span');
    mark.className = 'hidden-char';
    const hex = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    mark.textContent = `⟨U+${hex}⟩`;
    mark.title = 'An invisible or text-direction character: it changes how the code reads, not how it runs';
    el.append(mark);
    at = m.index + m[0].length;
  }
  el.append(code.slice(at));
}
