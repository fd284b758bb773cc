// The home page's first button: "Start with chapter 1" for a new reader,
// "Continue: chapter N · Title" once they have begun: the first chapter they
// visited and have not finished, else the first they have not visited yet.

import { chapterProgress, type ExerciseKey } from '../runtime/progress.ts';

export function showContinue(): void {
  const link = document.querySelector<HTMLAnchorElement>('a[data-continue]');
  const items = [...document.querySelectorAll<HTMLElement>('#chapters [data-progress]')];
  if (!link || items.length === 0) return;
  const states = items.map((el) => {
    let exercises: ExerciseKey[];
    try {
      exercises = JSON.parse(el.dataset.exercises ?? '[]') as ExerciseKey[];
    } catch {
      exercises = [];
    }
    return { el, ...chapterProgress(el.dataset.progress ?? '', exercises) };
  });
  if (!states.some((s) => s.visited)) return;
  const next = states.find((s) => s.visited && !s.done) ?? states.find((s) => !s.visited);
  const a = next?.el.querySelector<HTMLAnchorElement>('a.chapter-list-title');
  if (!next || !a) return;
  const n = states.indexOf(next) + 1;
  const title = a.firstChild?.textContent?.trim() ?? '';
  link.href = a.href;
  link.textContent = `Continue: chapter ${n} · ${title}`;
}
