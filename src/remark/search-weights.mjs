// A term set in bold is where a chapter introduces it ("is called a
// **closure**"), so search should send a reader there first. Pagefind weighs
// an h1 at 7, an h2 at 6 and body text at 1; a chapter whose title only
// mentions a term would otherwise outrank the chapter that teaches it. Bold
// text weighs 10 (data-pagefind-weight), more than any heading.

export const DEFINITION_WEIGHT = '10';

/** @param {any} node */
function walk(node) {
  for (const child of node.children ?? []) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'strong') child.properties = { ...child.properties, dataPagefindWeight: DEFINITION_WEIGHT };
    walk(child);
  }
}

export default function rehypeSearchWeights() {
  /** @param {any} tree */
  return (tree) => walk(tree);
}
