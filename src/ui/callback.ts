/**
 * Where to go after sign-in (`/login?callbackUrl=…`). Only same-origin relative paths are kept:
 * an absolute URL (next-auth may send one of this site) is reduced to its path and query, and
 * anything that would leave the site ("//host", "/\\host") or loop back to /login is dropped.
 * Client-safe: used by the sign-in page and by the redirect of signed-out visitors.
 */
export function safeCallbackPath(value: string | string[] | null | undefined): string | undefined {
  const s = Array.isArray(value) ? value[0] : value;
  if (!s) return undefined;
  try {
    const u = new URL(s, 'http://local');
    const path = `${u.pathname}${u.search}`;
    if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return undefined;
    if (path === '/login' || path.startsWith('/login/') || path.startsWith('/login?')) return undefined;
    return path;
  } catch {
    return undefined;
  }
}

/** The sign-in page, remembering `path` (when it is worth coming back to). */
export function loginHref(path: string | undefined): string {
  const back = safeCallbackPath(path);
  return back && back !== '/' ? `/login?callbackUrl=${encodeURIComponent(back)}` : '/login';
}
