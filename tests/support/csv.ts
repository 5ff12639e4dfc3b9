import { expect } from 'vitest';

/** Reads a CSV text back as RFC 4180 records (quoted cells, doubled quotes, CRLF records), for the export tests. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** A downloaded CSV file as records keyed by its header, after checking its UTF-8 byte order mark and that every record has the header's width. */
export function csvRecords(bytes: Uint8Array): { header: string[]; rows: Record<string, string>[] } {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header = [], ...body] = parseCsv(Buffer.from(bytes.subarray(3)).toString('utf8'));
  for (const r of body) expect(r).toHaveLength(header.length);
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}
