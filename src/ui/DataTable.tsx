'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { toCsv } from '@/domain/csv';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { serverPageHref, sortedBy, type ServerPaging, type SortDir, type SortValue } from './tablePaging';

/**
 * The app's table: sort by clicking a header (again to reverse), pages of 10/25/50, an empty
 * state slot. Cells are React nodes, so server components can build rows (formatted on the
 * server, with client components such as action buttons inside) and pass them straight in;
 * sorting uses each row's `sort` values (numbers or strings), else the cell text.
 *
 * Every table offers a CSV download in its toolbar ("Download CSV"): with `csvHref`, the API's CSV
 * of the same list with the page's filters applied (every row, not only those on screen: build it
 * with csvHref() of src/server/http/links.ts); without, the table's own rows as plain values (the
 * numbers of the `sort` values, else the text of the cells), in the current order.
 *
 * A list too long to send whole (thousands of entities or accounts) is sorted and paged by the
 * server (`server`, see tablePaging.ts): the rows are one page, and the sort headers, the page
 * size and the pager are links that ask the server for another.
 */
export interface Column {
  id: string;
  header: ReactNode;
  align?: 'left' | 'right' | 'center';
  /** Default true. */
  sortable?: boolean;
  /** Plain-text name for the sort button's label (defaults to the header if it is a string). */
  label?: string;
  width?: number | string;
  /** In the table's own CSV download (default true; the `actions` column never is). */
  exported?: boolean;
}

export type { SortValue };

export interface Row {
  id: string;
  cells: Record<string, ReactNode>;
  sort?: Record<string, SortValue>;
  testId?: string;
}

type Dir = SortDir;

export interface DataTableProps {
  columns: Column[];
  rows: Row[];
  empty?: ReactNode;
  initialSort?: { id: string; dir: Dir };
  pageSizes?: number[];
  /** Default true; false for tables paged by the server (cursor paging). */
  paginate?: boolean;
  /** Sorted and paged by the server: `rows` is the page `server` describes (needs `csvHref` for a download of every row). */
  server?: ServerPaging;
  footer?: ReactNode;
  testId?: string;
  caption?: string;
  /** The API's CSV of this list with the page's filters (src/server/http/links.ts). */
  csvHref?: string;
  /** File name of the table's own CSV when there is no csvHref (default: the testId); false: no download. */
  csvName?: string | false;
}

function valueOf(row: Row, id: string): SortValue {
  if (row.sort && id in row.sort) return row.sort[id];
  const cell = row.cells[id];
  if (typeof cell === 'string' || typeof cell === 'number') return cell;
  return null;
}

/** The text an element shows, its parts separated as on screen (text of one element joined, elements apart). */
export function domText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  const children = [...node.childNodes];
  const parts = children.map(domText).filter((p) => p.trim() !== '');
  const apart = children.some((c) => c.nodeType === Node.ELEMENT_NODE);
  return (apart ? parts.join(' ') : parts.join('')).replace(/\s+/g, ' ').trim();
}

/** The columns in the table's own CSV: not the action buttons. */
const exportedColumns = (columns: Column[]) => columns.filter((c) => c.exported !== false && c.id !== 'actions');

/** The table's own CSV: the header texts, then per cell its number (the sort value), else its text. */
export function tableCsv(columns: Column[], rows: Row[], header: string[], textOf: (row: number, column: number) => string): string {
  return toCsv(
    header,
    rows.map((row, i) => columns.map((c, j) => {
      const sortValue = row.sort?.[c.id];
      return typeof sortValue === 'number' ? sortValue : textOf(i, j);
    })),
  );
}

function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DataTable({ columns, rows, empty, initialSort, pageSizes = [10, 25, 50], paginate = true, server, footer, testId, caption, csvHref, csvName }: DataTableProps) {
  const { t } = useI18n();
  const router = useRouter();
  const [localSort, setSort] = useState<{ id: string; dir: Dir } | null>(initialSort ?? null);
  const sort = server ? server.sort : localSort;
  const [pageSize, setPageSize] = useState(pageSizes[0] ?? 10);
  const [page, setPage] = useState(0);
  // The table's own CSV renders every row once, hidden, and reads the texts the cells show.
  const [exporting, setExporting] = useState(false);
  const exportTable = useRef<HTMLTableElement>(null);

  // A server page comes sorted.
  const sorted = useMemo(() => (server ? rows : sortedBy(rows, valueOf, sort)), [rows, sort, server]);

  const pages = paginate && !server ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const current = Math.min(page, pages - 1);
  const visible = paginate && !server ? sorted.slice(current * pageSize, current * pageSize + pageSize) : sorted;

  const toggle = (id: string) => {
    const next: { id: string; dir: Dir } = sort?.id === id ? { id, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { id, dir: 'asc' };
    if (server) {
      router.push(serverPageHref(server, { sort: next, page: 1 }));
      return;
    }
    setSort(next);
    setPage(0);
  };

  const alignClass = (c: Column) => (c.align === 'right' ? 'num' : c.align === 'center' ? 'center' : undefined);

  const csvTestId = testId ? `${testId}-csv` : undefined;
  const exported = exportedColumns(columns);
  const downloadOwn = () => {
    flushSync(() => setExporting(true));
    const table = exportTable.current;
    if (table) {
      const header = [...(table.tHead?.rows[0]?.cells ?? [])].map((th, j) => exported[j]!.label ?? (domText(th) || exported[j]!.id));
      const body = [...(table.tBodies[0]?.rows ?? [])].map((tr) => [...tr.cells].map(domText));
      download(tableCsv(exported, sorted, header, (i, j) => body[i]?.[j] ?? ''), `${csvName || testId || 'table'}.csv`);
    }
    setExporting(false);
  };
  // The table's own CSV would hold one server page only: a server-paged table offers the API's.
  const offerCsv = rows.length > 0 && (csvHref !== undefined || (csvName !== false && !server));
  return (
    <div data-testid={testId}>
      {offerCsv ? (
        <div className="table-tools">
          {csvHref ? (
            <a className="btn sm" href={csvHref} download title={t.exports.downloadCsvTitle} data-testid={csvTestId}>
              {t.exports.downloadCsv}
            </a>
          ) : (
            <button type="button" className="btn sm" onClick={downloadOwn} data-testid={csvTestId}>
              {t.exports.downloadCsv}
            </button>
          )}
        </div>
      ) : null}
      {exporting ? (
        <table hidden ref={exportTable}>
          <thead>
            <tr>
              {exported.map((c) => (
                <th key={c.id}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.id}>
                {exported.map((c) => (
                  <td key={c.id}>{row.cells[c.id]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c) => {
                const sortable = c.sortable !== false;
                const active = sort?.id === c.id;
                const label = c.label ?? (typeof c.header === 'string' ? c.header : c.id);
                return (
                  <th
                    key={c.id}
                    className={alignClass(c)}
                    style={c.width ? { width: c.width } : undefined}
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : sortable ? 'none' : undefined}
                    scope="col"
                  >
                    {sortable ? (
                      <button type="button" onClick={() => toggle(c.id)} title={fmt(t.common.sortBy, { col: label })} data-testid={testId ? `${testId}-sort-${c.id}` : undefined}>
                        {c.header}
                        <span className="sort" aria-hidden>
                          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={row.id} data-testid={row.testId}>
                {columns.map((c) => (
                  <td key={c.id} className={alignClass(c)}>
                    {row.cells[c.id] ?? <span className="faint">{t.common.dash}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {footer}
        </table>
      </div>
      {rows.length === 0 ? empty ?? null : null}
      {server ? <ServerPager paging={server} testId={testId} /> : null}
      {paginate && !server && rows.length > (pageSizes[0] ?? 10) ? (
        <div className="table-foot">
          <span>
            {fmt(t.common.rangeOf, { from: current * pageSize + 1, to: Math.min(sorted.length, (current + 1) * pageSize), total: sorted.length })}
          </span>
          <div className="pager">
            <label>
              {t.common.rowsPerPage}{' '}
              <select
                value={pageSize}
                onChange={(e) => {
                  setPageSize(Number(e.target.value));
                  setPage(0);
                }}
                data-testid={testId ? `${testId}-page-size` : undefined}
              >
                {pageSizes.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <span>{fmt(t.common.pageOf, { page: current + 1, pages })}</span>
            <button type="button" className="btn sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
              ‹ {t.common.previous}
            </button>
            <button type="button" className="btn sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              {t.common.next} ›
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The foot of a server-paged table: the rows shown of how many, the page size, and links to the pages before and after. */
function ServerPager({ paging, testId }: { paging: ServerPaging; testId?: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const pages = Math.max(1, Math.ceil(paging.total / paging.size));
  if (paging.total <= (paging.sizes[0] ?? paging.size)) return null;
  const from = (paging.page - 1) * paging.size + 1;
  const to = Math.min(paging.total, paging.page * paging.size);
  const id = (part: string) => (testId ? `${testId}-${part}` : undefined);
  return (
    <div className="table-foot" data-testid={id('pager')}>
      <span>{fmt(t.common.rangeOf, { from, to, total: paging.total })}</span>
      <div className="pager">
        <label>
          {t.common.rowsPerPage}{' '}
          <select value={paging.size} onChange={(e) => router.push(serverPageHref(paging, { size: Number(e.target.value), page: 1 }))} data-testid={id('page-size')}>
            {paging.sizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span>{fmt(t.common.pageOf, { page: paging.page, pages })}</span>
        {paging.page > 1 ? (
          <Link className="btn sm" href={serverPageHref(paging, { page: paging.page - 1 })} data-testid={id('prev')}>
            ‹ {t.common.previous}
          </Link>
        ) : (
          <span className="btn sm" aria-disabled="true">
            ‹ {t.common.previous}
          </span>
        )}
        {paging.page < pages ? (
          <Link className="btn sm" href={serverPageHref(paging, { page: paging.page + 1 })} data-testid={id('next')}>
            {t.common.next} ›
          </Link>
        ) : (
          <span className="btn sm" aria-disabled="true">
            {t.common.next} ›
          </span>
        )}
      </div>
    </div>
  );
}
