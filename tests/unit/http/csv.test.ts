import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import fc from 'fast-check';
import { pageQuerySchema } from '@/schemas/registry';
import { parseCsv } from '../../support/csv';
import {
  BOM, CSV_PAGE_SIZE, cellsOf, columnsOf, csvCell, csvFilename, csvHeaders, csvLine, csvOfPages, csvStream, marketInstant, plainValue, rowsOf, toCsv, wantsCsv,
} from '@/server/http/csv';

async function readStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await new Response(stream).arrayBuffer()));
}

describe('csvCell: RFC 4180 escaping', () => {
  it('leaves plain text alone and quotes a comma, a quote or a line break, doubling quotes', () => {
    expect(csvCell('CEA-2024')).toBe('CEA-2024');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes empty cells for null and undefined, numbers and booleans as they are', () => {
    expect([csvCell(null), csvCell(undefined), csvCell(0), csvCell(-25), csvCell(12n), csvCell(true), csvCell(false)]).toEqual(['', '', '0', '-25', '12', 'true', 'false']);
  });

  it('keeps Chinese text as it is', () => {
    expect(csvCell('广东华能电力有限公司')).toBe('广东华能电力有限公司');
    expect(csvCell('交易变更，券款对付')).toBe('交易变更，券款对付'); // a full-width comma is not a separator
    expect(csvCell('甲,乙')).toBe('"甲,乙"');
  });
});

describe('csvCell: formula injection guard', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1:A2)', '\tTAB', '\rCR', '=HYPERLINK("http://x","y")'])('prefixes %j with a quote', (v) => {
    const cell = csvCell(v);
    const [[read]] = parseCsv(`${cell}\r\n`) as [[string]];
    expect(read).toBe(`'${v}`);
  });

  it('keeps negative numbers (numbers and strings) as numbers', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('-1234.50')).toBe('-1234.50');
    expect(csvCell('-1e3')).toBe('-1e3');
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('-5 t')).toBe("'-5 t");
  });

  it('never lets any text start with a formula character, and reads back to what was written (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', 'a', '1', '.', '中', ' ') }), (s) => {
        const [[read = '']] = parseCsv(csvLine([s])) as [[string?]];
        if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) expect(read).toBe(s);
        else if (/^[=+\-@\t\r]/.test(s)) expect(read).toBe(`'${s}`);
        else expect(read).toBe(s);
      }),
    );
  });
});

describe('toCsv', () => {
  it('starts with the UTF-8 byte order mark and a header row, CRLF line ends', () => {
    const text = toCsv(['name', 'quantity'], [['华能', 100], ['a "b"', -5]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.slice(1)).toBe('name,quantity\r\n华能,100\r\n"a ""b""",-5\r\n');
    expect(parseCsv(text.slice(1))).toEqual([['name', 'quantity'], ['华能', '100'], ['a "b"', '-5']]);
  });
});

describe('csvStream', () => {
  it('writes the header, then each batch as it comes, and stops the source when the reader cancels', async () => {
    async function* batches() {
      yield [['1', '甲']];
      yield [];
      yield [['2', '乙'], ['3', '=x']];
    }
    const text = await readStream(csvStream(['id', 'name'], batches()));
    expect(text).toBe(`${BOM}id,name\r\n1,甲\r\n2,乙\r\n3,'=x\r\n`);

    let closed = false;
    const endless = (async function* () {
      try {
        for (let i = 0; ; i++) yield [[i]];
      } finally {
        closed = true;
      }
    })();
    const reader = csvStream(['n'], endless).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
  });
});

describe('asking for CSV', () => {
  it('format wins; else Accept naming text/csv above JSON', () => {
    expect(wantsCsv('csv', null)).toBe(true);
    expect(wantsCsv('json', 'text/csv')).toBe(false);
    expect(wantsCsv(undefined, 'text/csv')).toBe(true);
    expect(wantsCsv(undefined, 'text/csv;q=0.9, application/json;q=0.5')).toBe(true);
    expect(wantsCsv(undefined, 'application/json, text/csv;q=0.5')).toBe(false);
    expect(wantsCsv(undefined, 'text/html,application/xhtml+xml,*/*;q=0.8')).toBe(false);
    expect(wantsCsv(undefined, null)).toBe(false);
  });

  it('answers with the CSV media type and an attachment with a safe file name', () => {
    expect(csvHeaders('accounts/12/movements')).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="accounts-12-movements.csv"',
    });
    expect(csvFilename('instruments/CEA-2024/trades')).toBe('instruments-CEA-2024-trades.csv');
    expect(csvFilename('"evil"\r\nname')).toBe('evil-name.csv');
    expect(csvFilename('')).toBe('export.csv');
  });

  it('pages as large as the list queries allow', () => {
    expect(pageQuerySchema.safeParse({ limit: String(CSV_PAGE_SIZE) }).success).toBe(true);
    expect(pageQuerySchema.safeParse({ limit: String(CSV_PAGE_SIZE + 1) }).success).toBe(false);
  });
});

describe('rows and columns of an answer', () => {
  const line = z.object({ id: z.string(), band: z.object({ low: z.string(), high: z.string() }).nullable(), tags: z.array(z.string()), at: z.string() });
  const page = z.object({ items: z.array(line), nextCursor: z.string().nullable() });

  it('takes the rows from an array answer, its items, a named field, or the object itself', () => {
    expect(rowsOf({}, [1, 2])).toEqual([1, 2]);
    expect(rowsOf({}, { items: [1], nextCursor: null })).toEqual([1]);
    expect(rowsOf({ rows: 'budgets' }, { budgets: [3] })).toEqual([3]);
    expect(rowsOf({}, { year: 2024 })).toEqual([{ year: 2024 }]);
    expect(rowsOf({ rows: (r) => [(r as { a: number }).a] }, { a: 7 })).toEqual([7]);
  });

  it('names the columns after the row schema, nested objects flattened, omitted and computed columns applied', () => {
    expect(columnsOf({}, page, undefined)).toEqual(['id', 'band.low', 'band.high', 'tags', 'at']);
    expect(columnsOf({ omit: ['band'], values: { extra: () => 1, id: () => 'x' } }, page, undefined)).toEqual(['id', 'tags', 'at', 'extra']);
    const loose = z.array(z.looseObject({ id: z.number() }));
    expect(columnsOf({}, loose, { id: 1, name: '甲', owner: { id: 2 } })).toEqual(['id', 'name', 'owner.id']);
    expect(columnsOf({}, undefined, { a: 1, b: { c: 2 } })).toEqual(['a', 'b.c']);
  });

  it('writes instants in market time, lists joined, nested data as JSON', () => {
    expect(marketInstant(new Date('2025-06-03T02:00:00Z'))).toBe('2025-06-03T10:00:00+08:00');
    expect(marketInstant(new Date('2025-06-03T17:30:00.250Z'))).toBe('2025-06-04T01:30:00.250+08:00');
    expect(plainValue('2025-06-03T02:00:00.000Z')).toBe('2025-06-03T10:00:00+08:00');
    expect(plainValue('2025-06-03')).toBe('2025-06-03');
    expect(plainValue(['GD-1', 'GD-2'])).toBe('GD-1; GD-2');
    expect(plainValue([{ a: 1 }])).toBe('[{"a":1}]');
    const header = columnsOf({}, page, undefined);
    expect(cellsOf({}, header, { id: '9', band: null, tags: ['x'], at: '2025-01-01T00:00:00.000Z' }, { lang: 'en' })).toEqual(['9', null, null, 'x', '2025-01-01T08:00:00+08:00']);
  });
});

describe('csvOfPages', () => {
  it('follows nextCursor through every page and writes each row once', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: String(i + 1), band: null, tags: [], at: '2025-01-01T00:00:00.000Z' }));
    const pageOf = (from: number) => ({ items: all.slice(from, from + 3), nextCursor: from + 3 < all.length ? String(from + 3) : null });
    const asked: string[] = [];
    const text = await readStream(
      csvOfPages({}, z.object({ items: z.array(z.object({ id: z.string() })), nextCursor: z.string().nullable() }), pageOf(0), async (cursor) => {
        asked.push(cursor);
        return pageOf(Number(cursor));
      }, { lang: 'zh' }),
    );
    expect(asked).toEqual(['3', '6']);
    expect(parseCsv(text.slice(1))).toEqual([['id'], ...all.map((r) => [r.id])]);
  });

  it('stops with an error instead of looping when a cursor comes back', async () => {
    const stuck = { items: [{ id: 1 }], nextCursor: '1' };
    await expect(readStream(csvOfPages({}, undefined, stuck, async () => stuck, { lang: 'en' }))).rejects.toThrow(/came back twice/);
  });
});
