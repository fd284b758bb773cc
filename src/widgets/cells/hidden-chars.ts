// Characters that make code read otherwise than it runs, drawn where a reader can see them.
/** Characters that change how code reads without changing how it runs (Trojan Source): bidi controls, zero-width marks. */
export const HIDDEN_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Puts code in the static <pre>, each hidden character drawn as a visible ⟨U+XXXX⟩ mark (the code itself keeps it). */
export function showVisibly(el: Element, code: string): void {
  el.textContent = '';
  appendVisibly(el, code);
}

/** Appends text to `parent`, each hidden character as a visible mark. */
export function appendVisibly(parent: Node & ParentNode, code: string): void {
  const marks = [...code.matchAll(new RegExp(HIDDEN_CHARS.source, 'g'))];
  let at = 0;
  for (const m of marks) {
    parent.append(code.slice(at, m.index));
    const mark = document.createElement('span');
    mark.className = 'hidden-char';
    const hex = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    mark.textContent = `⟨U+${hex}⟩`;
    mark.title = 'An invisible or text-direction character: it changes how the code reads, not how it runs';
    parent.append(mark);
    at = m.index + m[0].length;
  }
  if (at < code.length || code.length === 0) parent.append(code.slice(at));
}
