// Prefix a site path with the configured base (BASE_PATH), so the build works
// when deployed under a sub-path. withBase('/lessons/x/') -> '/repo/lessons/x/'.
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL;
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return prefix + path.replace(/^\/+/, '');
}

export function lessonUrl(slug: string): string {
  return withBase(`/lessons/${slug}/`);
}
