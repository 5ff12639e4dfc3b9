import { readdirSync } from 'node:fs';
import path from 'node:path';
import { endpoints, type EndpointSpec } from '@/server/http/openapi';
import { tokenFor } from './load';
import { summarise } from './stats';

/**
 * Server time of every page and every GET list/analysis endpoint, per role, against a running app.
 *
 * Pages come from the file tree (every page file under src/app; route groups `(x)` and parallel
 * slots `@x` drop out of the URL, private folders `_x` are no routes). A `[year]` segment gets the
 * given year; another dynamic segment gets the first id of the GET list named like the page's
 * folder (`/auctions/[id]` → GET /api/v1/auctions, `/allocation/runs/[id]` → GET
 * /api/v1/allocation/{year}/runs), read with the role's own token; else the page is skipped.
 * Endpoints come from the app's endpoint table (src/server/http/openapi.ts): every GET whose only
 * path parameter is `{year}` and whose required query (if any) is `year`, plus its CSV export
 * (`?format=csv`, all pages) where it has one; the others are skipped.
 *
 * Pages are read with a next-auth session cookie, endpoints with a bearer token (both of the role's
 * user, signed in just before its turn: regulators' sessions end after 10 idle minutes). Each path:
 * one warm-up request, then `repeats` requests one after another, each timed to the last byte of
 * the body, redirects not followed (a 307 to /login or /security counts with its status). Where the
 * app sends a Server-Timing header (`total`, else its longest metric) that is the figure.
 */

export interface Login {
  role: string;
  email: string;
  password: string;
}

export interface PageTiming {
  role: string;
  kind: 'page' | 'api';
  /** The path requested (ids and year filled in); the route itself when skipped. */
  path: string;
  /** The route as discovered: `/auctions/[id]`, `/api/v1/compliance/{year}/status`. */
  route: string;
  /** HTTP status of the last sample; 0 when skipped. */
  status: number;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Why it was not measured. */
  skipped?: string;
  /** Where a redirect (3xx) pointed: `/login?callbackUrl=…`, `/security`. */
  location?: string;
  /** A page that answered with the no-access state (HTTP 200) instead of its content. */
  noAccess?: boolean;
  /** Server-Timing header of the app, else the client's time to the full body. */
  source?: 'server-timing' | 'fetch';
}

export interface PagesRun {
  baseUrl: string;
  logins: readonly Login[];
  year: number;
  /** Counted requests per path (after one warm-up). */
  repeats: number;
  say?: (line: string) => void;
  /** Default: src/app under the current directory (the repository root). */
  appDir?: string;
  /** Per request; default 300 s. */
  timeoutMs?: number;
  /** Only the paths this matches (default: every one). */
  only?: RegExp;
}

/** A path to time, or a route that is not timed and why. */
export type Target = { route: string; path: string } | { route: string; skipped: string };

const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx)$/;

/** The URL templates of the app's pages (`/`, `/auctions/[id]`), sorted. */
export function discoverPages(appDir = path.join(process.cwd(), 'src/app')): string[] {
  const found = new Set<string>();
  const walk = (dir: string, url: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const name = entry.name;
      if (entry.isFile() && PAGE_FILE.test(name)) found.add(`/${url.join('/')}`);
      if (!entry.isDirectory() || name.startsWith('_') || name.startsWith('(.')) continue;
      const dropped = (name.startsWith('(') && name.endsWith(')')) || name.startsWith('@');
      walk(path.join(dir, name), dropped ? url : [...url, name]);
    }
  };
  walk(appDir, []);
  return [...found].sort();
}

const GETS = (Object.values(endpoints) as EndpointSpec[]).filter((e) => e.method === 'GET');
const pathParams = (p: string) => [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** The GET endpoints to time (year filled in, CSV exports beside their lists), and those skipped with why. */
export function discoverApi(year: number): Target[] {
  const out: Target[] = [];
  for (const e of GETS) {
    const other = pathParams(e.path).filter((p) => p !== 'year');
    if (other.length) {
      out.push({ route: e.path, skipped: `path parameter ${other.map((p) => `{${p}}`).join(', ')}` });
      continue;
    }
    const filled = e.path.replaceAll('{year}', String(year));
    let query = '';
    const bare = e.query?.safeParse({});
    if (e.query && bare?.error) {
      if (!e.query.safeParse({ year: String(year) }).success) {
        out.push({ route: e.path, skipped: `required query ${bare.error.issues.map((i) => i.path.join('.')).join(', ')}` });
        continue;
      }
      query = `?year=${year}`;
    }
    out.push({ route: e.path, path: `${filled}${query}` });
    if (e.csv) out.push({ route: `${e.path} (csv)`, path: `${filled}${query ? `${query}&` : '?'}format=csv` });
  }
  return out;
}

/** The GET lists a page's dynamic segment may take its id from (no path parameter but `{year}`). */
const LISTS = GETS.map((e) => e.path).filter((p) => pathParams(p).every((x) => x === 'year'));

/** The list named like the page's folder: its path, with `{year}` segments left out, ends with the folder's path (else its last segment). */
function listFor(folder: string): string | undefined {
  if (!folder) return undefined;
  const bare = (p: string) => p.replaceAll('/{year}', '');
  const last = folder.slice(folder.lastIndexOf('/'));
  return LISTS.find((p) => bare(p).endsWith(folder)) ?? LISTS.find((p) => bare(p).endsWith(last));
}

function firstId(body: unknown): unknown {
  const items: unknown = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items[0] as { id?: unknown } | undefined)?.id : undefined;
}

/** The page's URL for a role: `[year]` → year, one other dynamic segment → the first id the role's list shows. */
async function pageTarget(route: string, year: number, get: (path: string) => Promise<{ status: number; body: unknown }>): Promise<Target> {
  const segments = route.split('/');
  const dynamic = segments.map((s, i) => ({ s, i })).filter(({ s }) => s.startsWith('[') && s !== '[year]');
  const withYear = segments.map((s) => (s === '[year]' ? String(year) : s));
  if (dynamic.length === 0) return { route, path: withYear.join('/') || '/' };
  const [only] = dynamic;
  if (dynamic.length > 1 || !only || only.s.startsWith('[...') || only.s.startsWith('[[')) return { route, skipped: 'more than one dynamic segment, or a catch-all' };
  const folder = withYear.slice(0, only.i).join('/');
  const list = listFor(folder);
  if (!list) return { route, skipped: `no GET list named like ${folder} to take ${only.s} from` };
  const listPath = list.replaceAll('{year}', String(year));
  const answer = await get(listPath);
  const id = answer.status === 200 ? firstId(answer.body) : undefined;
  if (typeof id !== 'number' && typeof id !== 'string') {
    return { route, skipped: answer.status === 200 ? `GET ${listPath} lists no ${only.s}` : `GET ${listPath} answered ${answer.status}` };
  }
  withYear[only.i] = encodeURIComponent(String(id));
  return { route, path: withYear.join('/') };
}

/** Signs in through next-auth's credentials provider (CSRF token, then the form post) and returns the Cookie header. */
export async function sessionCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf: ${csrf.status}, no csrfToken`);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, otp: '', callbackUrl: `${baseUrl}/`, json: 'true' }),
  });
  keep(res);
  const answer = await res.text();
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`sign-in of ${email}: ${res.status} ${res.headers.get('location') ?? answer.slice(0, 200)}`);
  return cookie();
}

/** The `total` metric of a Server-Timing header, else its longest; undefined without durations. */
function serverTiming(header: string | null): number | undefined {
  if (!header) return undefined;
  const metrics = header.split(',').map((m) => ({ name: m.split(';')[0]?.trim(), dur: Number(/;\s*dur=([\d.]+)/.exec(m)?.[1] ?? NaN) })).filter((m) => Number.isFinite(m.dur));
  if (!metrics.length) return undefined;
  return metrics.find((m) => m.name === 'total')?.dur ?? Math.max(...metrics.map((m) => m.dur));
}

async function measure(url: string, headers: Record<string, string>, repeats: number, timeoutMs: number) {
  const fetchMs: number[] = [];
  const serverMs: number[] = [];
  let status = 0;
  let body = '';
  let location: string | null = null;
  for (let i = 0; i <= repeats; i += 1) {
    const t0 = performance.now();
    const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const bytes = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (i === 0) continue; // warm-up
    status = res.status;
    location = res.headers.get('location');
    fetchMs.push(ms);
    const st = serverTiming(res.headers.get('server-timing'));
    if (st !== undefined) serverMs.push(st);
    if (i === repeats) body = new TextDecoder().decode(bytes);
  }
  const fromServer = serverMs.length === fetchMs.length && serverMs.length > 0;
  const s = summarise(fromServer ? serverMs : fetchMs);
  return { status, body, location, samples: s.count, p50Ms: s.p50, p95Ms: s.p95, maxMs: s.max, source: fromServer ? ('server-timing' as const) : ('fetch' as const) };
}

async function timeTargets(role: string, kind: 'page' | 'api', targets: Target[], baseUrl: string, headers: Record<string, string>, repeats: number, timeoutMs: number): Promise<PageTiming[]> {
  const rows: PageTiming[] = [];
  for (const t of targets) {
    const empty = { role, kind, route: t.route, status: 0, samples: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
    if ('skipped' in t) {
      rows.push({ ...empty, path: t.route, skipped: t.skipped });
      continue;
    }
    try {
      const { body, location, ...m } = await measure(`${baseUrl}${t.path}`, headers, repeats, timeoutMs);
      const noAccess = kind === 'page' && body.includes('data-testid="no-access"');
      rows.push({ ...empty, path: t.path, ...m, ...(location ? { location: location.replace(baseUrl, '') } : {}), ...(noAccess ? { noAccess } : {}) });
    } catch (e) {
      rows.push({ ...empty, path: t.path, skipped: `request failed: ${(e as Error).name} ${(e as Error).message}` });
    }
  }
  return rows;
}

/** Times every page and GET endpoint for each login in turn (sequentially, nothing in parallel). */
export async function measurePages(run: PagesRun): Promise<PageTiming[]> {
  const baseUrl = run.baseUrl.replace(/\/+$/, '');
  const say = run.say ?? (() => undefined);
  const timeoutMs = run.timeoutMs ?? 300_000;
  const wanted = (path: string) => !run.only || run.only.test(path);
  const pages = discoverPages(run.appDir).filter((route) => wanted(route));
  const apis = discoverApi(run.year).filter((t) => wanted('path' in t ? t.path : t.route));
  const rows: PageTiming[] = [];
  for (const [index, login] of run.logins.entries()) {
    const started = performance.now();
    const token = await tokenFor(baseUrl, login.email, login.password, index);
    const cookie = await sessionCookie(baseUrl, login.email, login.password);
    const bearer = { authorization: `Bearer ${token}` };
    const get = async (p: string) => {
      const res = await fetch(`${baseUrl}${p}`, { headers: bearer, signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return { status: res.status, body: text };
      }
    };
    const pageTargets: Target[] = [];
    for (const route of pages) pageTargets.push(await pageTarget(route, run.year, get));
    const timed = [
      ...(await timeTargets(login.role, 'page', pageTargets, baseUrl, { cookie, accept: 'text/html' }, run.repeats, timeoutMs)),
      ...(await timeTargets(login.role, 'api', apis, baseUrl, bearer, run.repeats, timeoutMs)),
    ];
    rows.push(...timed);
    const measured = timed.filter((r) => !r.skipped);
    const slowest = measured.reduce<PageTiming | undefined>((a, r) => (!a || r.p95Ms > a.p95Ms ? r : a), undefined);
    say(
      `${login.role}: ${measured.length} paths timed, ${timed.length - measured.length} skipped, in ${((performance.now() - started) / 1000).toFixed(1)} s` +
        (slowest ? `; slowest ${slowest.path} p95 ${slowest.p95Ms} ms` : ''),
    );
  }
  return rows;
}
