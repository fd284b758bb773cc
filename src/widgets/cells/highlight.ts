// The reader's own code in colour where the editor is not open: a saved edit
// after a reload, a shared link's code, an added cell. The lesson's code is
// coloured by Shiki at build time; the reader's cannot be, so it is parsed
// here with the editor's own TypeScript grammar (@lezer/javascript, which the
// editor loads anyway) and given the editor's token classes (classHighlighter:
// `tok-keyword`…, coloured for light and dark in cells.css). Loaded only when
// such code is shown, never with the page.

import { parser } from '@lezer/javascript';
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { appendVisibly } from './hidden-chars.ts';

const ts = parser.configure({ dialect: 'ts' });

/** The code cut into runs of text, each with the token classes it gets ('' for none); lines end in '\n'. */
export function highlightRuns(code: string): [text: string, classes: string][] {
  const runs: [string, string][] = [];
  highlightCode(
    code,
    ts.parse(code),
    classHighlighter,
    (text, classes) => runs.push([text, classes]),
    () => runs.push(['\n', '']),
  );
  return runs;
}

/** Puts the code in `el` in colour, each hidden character drawn as a visible mark (hidden-chars.ts). */
export function showHighlighted(el: Element, code: string): void {
  const frag = document.createDocumentFragment();
  for (const [text, classes] of highlightRuns(code)) {
    if (!classes) {
      appendVisibly(frag, text);
      continue;
    }
    const span = document.createElement('span');
    span.className = classes;
    appendVisibly(span, text);
    frag.append(span);
  }
  el.replaceChildren(frag);
}
