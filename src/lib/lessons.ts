import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'> & {
  /** 1-based position in the chapter list. */
  chapterNumber: number;
};

export const LECTURE_URL = 'https://www.youtube.com/watch?v=VMj-3S1tku0';

/** The lecture video at a time like "8:08" (or "1:02:03"). */
export function lectureAt(time: string): string {
  const seconds = time.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return `${LECTURE_URL}&t=${seconds}s`;
}

// `order` from the frontmatter wins; otherwise the NN- prefix of the file name.
function sortKey(entry: CollectionEntry<'lessons'>): number {
  if (entry.data.order !== undefined) return entry.data.order;
  const file = entry.filePath ?? entry.id;
  const match = /(?:^|\/)(\d+)-[^/]*$/.exec(file);
  if (!match) {
    throw new Error(`${file}: name it NN-slug.mdx or set "order" in its frontmatter`);
  }
  return Number(match[1]);
}

/** All lessons in chapter order, each with its chapter number. */
export async function getLessons(): Promise<Lesson[]> {
  const entries = await getCollection('lessons');
  return entries
    .map((entry) => ({ entry, key: sortKey(entry) }))
    .sort((x, y) => x.key - y.key || x.entry.id.localeCompare(y.entry.id))
    .map(({ entry }, index) => ({ ...entry, chapterNumber: index + 1 }));
}
