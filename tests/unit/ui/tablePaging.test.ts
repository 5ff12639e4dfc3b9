import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSortValues, serverPageHref, sortedBy, sortedPage, tablePageRequest, type SortValue, type TablePageRequest } from '@/ui/tablePaging';

interface Item {
  id: number;
  name: string;
  tonnes: number | null;
}

const items: Item[] = [
  { id: 1, name: 'Beta Power', tonnes: 300 },
  { id: 2, name: 'alpha cement', tonnes: null },
  { id: 3, name: 'Gamma Steel', tonnes: 20 },
  { id: 4, name: 'Alpha Cement 2', tonnes: 300 },
  { id: 5, name: 'delta', tonnes: 1_000 },
];
const valueOf = (i: Item, id: string): SortValue => (id === 'name' ? i.name : id === 'tonnes' ? i.tonnes : undefined);
const request = (over: Partial<TablePageRequest>): TablePageRequest => ({ sort: null, page: 1, size: 2, sizes: [2, 4], ...over });

describe('the order of a table', () => {
  it('sorts numbers by value and text by collation (case and digits as people read them)', () => {
    expect(sortedBy(items, valueOf, { id: 'tonnes', dir: 'asc' }).map((i) => i.id)).toEqual([3, 1, 4, 5, 2]);
    expect(sortedBy(items, valueOf, { id: 'name', dir: 'asc' }).map((i) => i.name)).toEqual(['alpha cement', 'Alpha Cement 2', 'Beta Power', 'delta', 'Gamma Steel']);
  });

  it('keeps empty values last in both directions and ties in their original order', () => {
    expect(sortedBy(items, valueOf, { id: 'tonnes', dir: 'desc' }).map((i) => i.id)).toEqual([5, 1, 4, 3, 2]);
  });

  it('is a total order: sorting any values twice, or a shuffled copy, gives the same sequence of values', () => {
    const value = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 3 }), fc.constant(null), fc.constant(''));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.boolean(), (values, desc) => {
        const sort = { id: 'v', dir: desc ? ('desc' as const) : ('asc' as const) };
        const once = sortedBy(values, (v) => v, sort);
        expect(sortedBy(once, (v) => v, sort)).toEqual(once);
        const fromReversed = sortedBy([...values].reverse(), (v) => v, sort);
        expect(fromReversed.map((v, i) => compareSortValues(v, once[i]))).toEqual(once.map(() => 0));
        // Adjacent values are in order.
        for (let i = 1; i < once.length; i++) {
          const [a, b] = [once[i - 1], once[i]];
          const emptyB = b === null || b === '';
          if (!emptyB) expect(Math.sign(compareSortValues(a, b)) * (desc ? -1 : 1)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});

describe('a page of a server-paged table', () => {
  it('cuts the sorted list into pages and counts every row', () => {
    const sort = { id: 'tonnes', dir: 'asc' as const };
    expect(sortedPage(items, valueOf, request({ sort, page: 1 }))).toEqual({ items: [items[2], items[0]], total: 5, page: 1 });
    expect(sortedPage(items, valueOf, request({ sort, page: 3 })).items.map((i) => i.id)).toEqual([2]);
  });

  it('shows the last page for a page past the end, and page 1 of an empty list', () => {
    expect(sortedPage(items, valueOf, request({ page: 9 }))).toMatchObject({ page: 3, total: 5 });
    expect(sortedPage([], valueOf, request({ page: 4 }))).toEqual({ items: [], total: 0, page: 1 });
  });

  it('every row appears on exactly one page', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (values, size) => {
        const rows = values.map((v, id) => ({ id, v }));
        const pages = Math.max(1, Math.ceil(rows.length / size));
        const seen = Array.from({ length: pages }, (_, p) => sortedPage(rows, (r) => r.v, { sort: { id: 'v', dir: 'desc' }, page: p + 1, size, sizes: [size] }).items).flat();
        expect(seen.map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
        expect(seen.map((r) => r.v)).toEqual([...values].sort((a, b) => b - a));
      }),
    );
  });

  it('reads the URL, and falls back to the defaults for what it does not know', () => {
    const opts = { sortable: ['name', 'tonnes'], initialSort: { id: 'name', dir: 'asc' as const }, sizes: [25, 50, 100] };
    expect(tablePageRequest({ sort: 'tonnes', dir: 'desc', page: '3', size: '50' }, opts)).toEqual({ sort: { id: 'tonnes', dir: 'desc' }, page: 3, size: 50, sizes: [25, 50, 100] });
    expect(tablePageRequest({ sort: 'secret', dir: 'sideways', page: '-2', size: '7' }, opts)).toEqual({ sort: { id: 'name', dir: 'asc' }, page: 1, size: 25, sizes: [25, 50, 100] });
    expect(tablePageRequest({ page: 'x', sort: ['name', 'tonnes'] }, { sortable: ['name'] })).toMatchObject({ sort: null, page: 1, size: 25 });
  });

  it('links keep the filters, start a new order or size on page 1, and leave the defaults out', () => {
    const paging = { total: 120, page: 2, size: 25, sizes: [25, 50, 100], sort: { id: 'name', dir: 'asc' as const }, basePath: '/accounts', params: { status: 'ACTIVE', page: '2' } };
    expect(serverPageHref(paging, { page: 3 })).toBe('/accounts?status=ACTIVE&sort=name&dir=asc&page=3');
    expect(serverPageHref(paging, { sort: { id: 'tonnes', dir: 'desc' }, page: 1 })).toBe('/accounts?status=ACTIVE&sort=tonnes&dir=desc');
    expect(serverPageHref({ ...paging, sort: null }, { size: 50, page: 1 })).toBe('/accounts?status=ACTIVE&size=50');
  });
});
