import { describe, expect, it } from 'vitest';
import { movementFilterQuery } from '@/app/(app)/movements/filterQuery';
import { en } from '@/i18n/en';
import { zh } from '@/i18n/zh';

/** The movements page's filters from the URL: a bad value gets a plain message per field, in the reader's language. */
describe('movement filters from the URL', () => {
  it('takes good filters as they are', () => {
    expect(movementFilterQuery({ vintage: '2024', from: '2026-01-01', instrument: 'CEA' }, en)).toEqual({
      query: { vintage: 2024, from: '2026-01-01', instrument: 'CEA', limit: 25 },
      problems: [],
    });
  });

  it('names the field and what to enter, never the schema’s wording (“expected number, received NaN”)', () => {
    const r = movementFilterQuery({ vintage: 'abc', from: 'xyz' }, en);
    expect(r.problems).toEqual(['Vintage: enter a year such as 2024', 'From: enter a date such as 2026-01-31']);
    expect(r.problems.join(' ')).not.toMatch(/NaN|expected|Invalid/);
  });

  it('leaves the bad filter out and keeps the good ones', () => {
    expect(movementFilterQuery({ vintage: 'abc', instrument: 'CCER', to: '2026-05-31', limit: '10' }, en).query).toEqual({
      instrument: 'CCER', to: '2026-05-31', limit: 10,
    });
    expect(movementFilterQuery({ limit: 'many', type: 'NOPE' }, en)).toEqual({
      query: { limit: 25 },
      problems: ['Type: choose a type from the list', 'Per page: choose how many rows to show, such as 25'],
    });
  });

  it('speaks Chinese to a Chinese reader', () => {
    expect(movementFilterQuery({ vintage: 'abc', to: '2026-13-45' }, zh).problems).toEqual(['年度：请输入年份，如 2024', '截止日期：请输入日期，如 2026-12-31']);
  });
});
