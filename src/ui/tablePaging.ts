/**
 * The order and the pages of the app's tables, one rule for both places a table is sorted: in the
 * browser (DataTable sorts the rows it was given) and on the server (a list too long to send
 * whole is sorted and cut into pages there; DataTable then shows one page and its sort headers and
 * pager change the URL).
 */

export type SortValue = string | number | null | undefined;
export type SortDir = 'asc' | 'desc';
export interface TableSort {
  id: string;
  dir: SortDir;
}

const collator = new Intl.Collator(['zh-Hans-CN', 'en'], { numeric: true, sensitivity: 'base' });

const isEmpty = (v: SortValue) => v === null || v === undefined || v === '';

/** Ascending order of two cell values: numbers by value, text by the collation of both languages, empty values last. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  const an = isEmpty(a);
  const bn = isEmpty(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** The items in the order of a sort: empty values stay last in both directions; ties keep their order. */
export function sortedBy<T>(items: readonly T[], valueOf: (item: T, id: string) => SortValue, sort: TableSort | null): T[] {
  if (!sort) return [...items];
  const factor = sort.dir === 'asc' ? 1 : -1;
  return items
    .map((item, index) => ({ item, index, value: valueOf(item, sort.id) }))
    .sort((x, y) => {
      const c = compareSortValues(x.value, y.value);
      return (isEmpty(x.value) || isEmpty(y.value) ? c : c * factor) || x.index - y.index;
    })
    .map((x) => x.item);
}

/** A page of a server-paged table, as its URL asks (?sort=&dir=&page=&size=; page from 1). */
export interface TablePageRequest {
  sort: TableSort | null;
  page: number;
  size: number;
  sizes: readonly number[];
}

export const SERVER_PAGE_SIZES = [25, 50, 100] as const;

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * What page the URL asks for, of a table whose sortable columns are `sortable`: an unknown column,
 * direction, size or page falls back to the default rather than failing (a link is only a view).
 */
export function tablePageRequest(sp: SearchParams, opts: { sortable: readonly string[]; initialSort?: TableSort; sizes?: readonly number[] }): TablePageRequest {
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : undefined);
  const sizes = opts.sizes ?? SERVER_PAGE_SIZES;
  const id = one('sort');
  const dir = one('dir') === 'desc' ? 'desc' : 'asc';
  const sort = id && opts.sortable.includes(id) ? { id, dir: dir as SortDir } : (opts.initialSort ?? null);
  const size = sizes.find((n) => String(n) === one('size')) ?? sizes[0] ?? 25;
  const page = Math.max(1, Math.min(1_000_000, Math.trunc(Number(one('page'))) || 1));
  return { sort, page, size, sizes };
}

/** One page of the items in the order asked (a page past the end shows the last), with the count of all. */
export function sortedPage<T>(items: readonly T[], valueOf: (item: T, id: string) => SortValue, req: TablePageRequest): { items: T[]; total: number; page: number } {
  const pages = Math.max(1, Math.ceil(items.length / req.size));
  const page = Math.min(req.page, pages);
  const from = (page - 1) * req.size;
  return { items: sortedBy(items, valueOf, req.sort).slice(from, from + req.size), total: items.length, page };
}

/** What DataTable needs to show a server page: its place in the list and how to link to others. */
export interface ServerPaging {
  total: number;
  page: number;
  size: number;
  sizes: readonly number[];
  sort: TableSort | null;
  /** The page's path and its other search params (filters), kept by every link. */
  basePath: string;
  params: Record<string, string>;
}

/** The link to another page, size or order of a server-paged table (page 1, default size and no sort are left out). */
export function serverPageHref(p: ServerPaging, change: { page?: number; size?: number; sort?: TableSort | null }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p.params)) if (v && !['sort', 'dir', 'page', 'size'].includes(k)) q.set(k, v);
  const sort = change.sort === undefined ? p.sort : change.sort;
  const size = change.size ?? p.size;
  const page = change.page ?? p.page;
  if (sort) {
    q.set('sort', sort.id);
    q.set('dir', sort.dir);
  }
  if (size !== p.sizes[0]) q.set('size', String(size));
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${p.basePath}?${s}` : p.basePath;
}
