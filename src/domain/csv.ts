/**
 * How exports are written (RFC 4180, as spreadsheet programs read it): cells separated by commas,
 * records ended by CRLF, a cell with a comma, quote or line break quoted with its quotes doubled,
 * and a UTF-8 byte order mark first so that Chinese text opens right. A text that a spreadsheet
 * would run as a formula (= + - @, tab, CR first: "CSV injection") gets a leading quote, except a
 * number, so that -12.50 stays a negative number. Used by the API's CSV answers
 * (src/server/http/csv.ts) and by the tables' own downloads (src/ui/DataTable.tsx).
 */

/** The UTF-8 byte order mark: without it, spreadsheet programs read UTF-8 Chinese as mojibake. */
export const BOM = '\uFEFF';

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** What spreadsheet programs take as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, escaped (see above); null and undefined are empty cells. */
export function csvCell(value: unknown): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (typeof value === 'boolean') return value ? 'true' : 'false';
  else s = String(value);
  if (FORMULA_START.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record: cells joined by commas, ended by CRLF. */
export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A whole CSV document: byte order mark, header row, rows. */
export const toCsv = (header: readonly string[], rows: Iterable<readonly unknown[]>): string => {
  let out = BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
};
