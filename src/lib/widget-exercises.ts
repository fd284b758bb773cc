// Widgets that are exercises (the topological sort), by their
// name in a lesson, with the ids their progress is kept under: the widgets
// (src/widgets/progress.ts) and the chapter lists (src/lessons/exercises.ts)
// both read them here.

export const WIDGET_EXERCISES = { TopoOrder: 'topo-order' } as const;
