import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { CELL_GLOBALS } from './runtime/cell-globals.ts';
import { GRAPH_STAGES } from './runtime/graph/stages.ts';

// LESSONS_DIR lets a test point the collection at a fixture folder (see
// tests/build/bad-frontmatter.test.mjs). Read through globalThis so this file
// does not need Node's types.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const lessonsDir = env?.LESSONS_DIR || './content/lessons';

// "01-derivatives.mdx" -> "derivatives": the NN- prefix only orders chapters.
function lessonSlug(file: string): string {
  const name = file.split('/').pop() ?? file;
  return name.replace(/\.mdx$/, '').replace(/^\d+-/, '');
}

// Strict objects, so a misspelled field is an error rather than silently ignored.
const lessonSchema = z.strictObject({
  title: z.string().trim().min(1),
  description: z.string().trim().min(1),
  // Overrides the NN- filename prefix as the chapter's place in the list.
  order: z.number().int().positive().optional(),
  // An appendix is listed after the chapters and named "Appendix" where a chapter shows its
  // number (header, chapter lists, previous and next, search results); it takes no number.
  appendix: z.boolean().optional(),
  // Where this chapter's material starts in the lecture video, as "m:ss" or "h:mm:ss".
  video: z
    .strictObject({
      start: z.string().regex(/^(\d+:)?\d{1,2}:\d{2}$/, 'expected a time like "8:08" or "1:02:03"'),
    })
    .optional(),
  // For runnable cells: engine names to hide from this chapter's cells, and a run time limit in seconds.
  cells: z
    .strictObject({
      hide: z.array(z.enum(CELL_GLOBALS)).optional(),
      timeout: z.number().positive().max(60).optional(),
    })
    .optional(),
  // What this chapter's graphs let the reader do (src/runtime/graph/stages.ts): 'data' shows
  // numbers only, 'calls' adds single _backward calls, 'ordered' the log, step back and
  // forth and play, 'backward' the whole pass. draw(v, { stage }) and <GraphView stage> override it.
  // `predict: true` turns Predict first on from the start on the chapter's graphs: a new
  // _backward call asks for the grads it will change before it shows them.
  graph: z
    .strictObject({
      stage: z.enum(GRAPH_STAGES).optional(),
      predict: z.boolean().optional(),
      // How this chapter's Value closures pass a grad on: '=' sets it (chapters 3-5, before chapter 6
      // teaches +=), '+=' adds onto it (the engine, the default). Its examples are built with a Value
      // whose closures do the same (src/runtime/graph/assigning-value.ts), and the panel shows those.
      closures: z.enum(['=', '+=']).optional(),
    })
    .optional(),
});

const lessons = defineCollection({
  loader: glob({
    pattern: '*.mdx',
    base: lessonsDir,
    generateId: ({ entry }) => lessonSlug(entry),
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
