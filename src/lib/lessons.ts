import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'> & {
  /** 1-based among the chapters; an appendix (frontmatter `appendix: true`) has none. */
  chapterNumber: number | null;
  /** How it is named where a chapter shows its number: "Chapter 3", or "Appendix". */
  place: string;
  /** Its mark in a compact list: "3.", or "Appendix:". */
  mark: string;
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

/** All lessons in chapter order, appendices last, each with its chapter number. */
export async function getLessons(): Promise<Lesson[]> {
  const entries = await getCollection('lessons');
  let chapters = 0;
  return entries
    .map((entry) => ({ entry, key: sortKey(entry), appendix: entry.data.appendix === true }))
    .sort((x, y) => Number(x.appendix) - Number(y.appendix) || x.key - y.key || x.entry.id.localeCompare(y.entry.id))
    .map(({ entry, appendix }) => {
      if (appendix) return { ...entry, chapterNumber: null, place: 'Appendix', mark: 'Appendix:' };
      chapters++;
      return { ...entry, chapterNumber: chapters, place: `Chapter ${chapters}`, mark: `${chapters}.` };
    });
}

/** The playground's number: it comes after the last chapter (appendices take no number). */
export function playgroundNumber(lessons: readonly Lesson[]): number {
  return lessons.filter((l) => l.chapterNumber !== null).length + 1;
}
