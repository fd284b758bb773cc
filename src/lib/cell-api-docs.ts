// The playground's "What cells can use", for the helpers: read at build time
// from the declarations cells see (runtime/cell-api.ts through cellEnvTypes),
// so the list says what the editor's hover says and cannot drift from it.

import ts from 'typescript';
import { cellEnvTypes } from '../runtime/ts-env.ts';

export interface ApiDoc {
  name: string;
  /** How it is called, optional parameters marked: `draw(v, options?)`. */
  call: string;
  /** Its doc comment, as written (`code` in backticks). */
  doc: string;
}

export function cellApiDocs(cellApiSource: string): ApiDoc[] {
  const file = ts.createSourceFile('cell-env.d.ts', cellEnvTypes(cellApiSource), ts.ScriptTarget.ES2022, true);
  const out: ApiDoc[] = [];
  for (const node of file.statements) {
    if (!ts.isFunctionDeclaration(node) || !node.name) continue;
    const params = node.parameters.map((p) => `${p.name.getText(file)}${p.questionToken || p.initializer ? '?' : ''}`);
    const doc = ts
      .getJSDocCommentsAndTags(node)
      .filter(ts.isJSDoc)
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
      .join('\n')
      .replace(/\s+/g, ' ')
      .trim();
    out.push({ name: node.name.text, call: `${node.name.text}(${params.join(', ')})`, doc });
  }
  return out;
}

/** A doc comment as HTML: escaped, with `code` in <code>. */
export function docHtml(doc: string): string {
  const escaped = doc.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}
