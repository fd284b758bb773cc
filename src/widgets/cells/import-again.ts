// A lazily loaded module that failed once (offline, a flaky network) must load
// when the reader tries again. Some browsers keep a failed dynamic import
// failed for the page's whole life (Chromium 150 does: the same URL rejects at
// once, without a request), so a retry asks for the file its error names
// under a new query: a fresh request for the same code.

let attempt = 0;

/** Runs `load` (a bundler-visible `() => import('./x.ts')`); if it fails, imports the failed file again under a new query. */
export async function importAgain<T>(
  load: () => Promise<T>,
  importUrl: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url),
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const url = failedUrl(e);
    if (!url) throw e;
    const fresh = new URL(url);
    fresh.searchParams.set('retry', String(++attempt));
    return (await importUrl(fresh.href)) as T;
  }
}

/** The address a failed dynamic import names in its message, if any ("Failed to fetch dynamically imported module: URL"). */
export function failedUrl(e: unknown): string | null {
  const message = e instanceof Error ? e.message : String(e);
  return /(https?:\/\/[^\s'"]+\.m?js)\b/.exec(message)?.[1] ?? null;
}
