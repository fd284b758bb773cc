// Every h2 and h3 of a lesson becomes a link to itself, so a reader can copy
// the address of a section. The ids come from Astro's own rehypeHeadingIds,
// run here first: Astro's later pass keeps ids already set, so the outline,
// the search index and these links agree.
import { rehypeHeadingIds } from '@astrojs/markdown-remark';

const LINKED = new Set(['h2', 'h3']);

/** @param {any} node */
function containsLink(node) {
  return (node.children ?? []).some((c) => (c.type === 'element' && c.tagName === 'a') || containsLink(c));
}

/** @param {any} node */
function walk(node) {
  for (const child of node.children ?? []) {
    if (child.type !== 'element') continue;
    const id = child.properties?.id;
    if (LINKED.has(child.tagName) && typeof id === 'string' && !containsLink(child)) {
      child.children = [
        { type: 'element', tagName: 'a', properties: { href: `#${id}`, className: ['heading-link'] }, children: child.children },
      ];
    } else {
      walk(child);
    }
  }
}

export default function rehypeHeadingLinks() {
  const assignIds = rehypeHeadingIds();
  /** @param {any} tree @param {any} file */
  return (tree, file) => {
    assignIds(tree, file);
    walk(tree);
  };
}
