import { beforeAll, describe, expect, it } from 'vitest';
import { cashResponseSchema, holdingsResponseSchema, movementResultSchema, movementsPageSchema } from '@/schemas/api';
import { GET as holdings } from '@/app/api/v1/accounts/[id]/holdings/route';
import { GET as movements } from '@/app/api/v1/accounts/[id]/movements/route';
import { GET as cash } from '@/app/api/v1/accounts/[id]/cash/route';
import { distributeToProvince, issue } from '@/server/registry/movements';
import { POST as allocations } from '@/app/api/v1/registry/allocations/route';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectError, expectNothingChanged } from './helpers';

let reg: Registry;
let gd: Participant;
let gd2: Participant;
let hb: Participant;
const t = {} as Record<'gd' | 'gd2' | 'hb' | 'regGD' | 'regHB' | 'mee' | 'registry' | 'exchange', string>;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gd = await createParticipant(reg, { province: 'GD', cea: { 2023: 500, 2024: 1_000 }, cash: '5000.00' });
  gd2 = await createParticipant(reg, { province: 'GD', cea: { 2024: 10 } });
  hb = await createParticipant(reg, { province: 'HB', cea: { 2024: 300 }, cash: '10.50' });
  t.gd = await tokenFor(gd.actor);
  t.gd2 = await tokenFor(gd2.actor);
  t.hb = await tokenFor(hb.actor);
  t.regGD = await tokenFor(reg.regulators.GD);
  t.regHB = await tokenFor(reg.regulators.HB);
  t.mee = await tokenFor(reg.mee);
  t.registry = await tokenFor(reg.registry);
  t.exchange = await tokenFor(reg.exchange);
});

const get = (handler: typeof holdings, accountId: number, token: string, query = '') =>
  call(handler, { path: `/api/v1/accounts/${accountId}${query ? `?${query}` : ''}`, params: { id: String(accountId) }, token });

describe('the owner', () => {
  it('reads holdings per instrument and vintage', async () => {
    const res = await get(holdings, gd.accountId, t.gd);
    expect(res.status).toBe(200);
    const body = holdingsResponseSchema.parse(res.body);
    expect(body.status).toBe('ACTIVE');
    expect(body.items).toEqual([
      { instrument: 'CEA', vintage: 2023, available: 500, locked: 0, pledged: 0, frozen: 0, total: 500 },
      { instrument: 'CEA', vintage: 2024, available: 1000, locked: 0, pledged: 0, frozen: 0, total: 1000 },
    ]);
  });

  it('reads cash as strings with two decimals', async () => {
    const res = await get(cash, hb.accountId, t.hb);
    expect(res.status).toBe(200);
    expect(cashResponseSchema.parse(res.body)).toMatchObject({ currency: 'CNY', available: '10.50', locked: '0.00', total: '10.50' });
  });

  it('reads its movements, filtered by type and vintage', async () => {
    const all = await get(movements, gd.accountId, t.gd);
    expect(all.status).toBe(200);
    const page = movementsPageSchema.parse(all.body);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((m) => [m.type, m.vintage, m.available])).toEqual([
      ['ALLOCATION', 2024, 1000],
      ['ALLOCATION', 2023, 500],
    ]);
    expect(page.items[0]!.counterparties).toEqual(['SYS-ALLOC-GD']);
    const only2023 = movementsPageSchema.parse((await get(movements, gd.accountId, t.gd, 'vintage=2023&type=ALLOCATION')).body);
    expect(only2023.items).toHaveLength(1);
    const none = movementsPageSchema.parse((await get(movements, gd.accountId, t.gd, 'type=SURRENDER')).body);
    expect(none.items).toEqual([]);
  });
});

describe("another organisation's account", () => {
  it('is 404 to an entity for holdings, movements and cash, as if it did not exist', async () => {
    for (const handler of [holdings, movements, cash]) {
      const error = await expectError(handler, { params: { id: String(gd.accountId) }, token: t.gd2 }, 404, 'NOT_FOUND');
      await expectError(handler, { params: { id: '999999' }, token: t.gd2 }, 404, 'NOT_FOUND');
      expect(error.message).not.toContain(String(gd.accountId));
    }
  });

  it('is 403 to the regulator of another province', async () => {
    for (const handler of [holdings, movements, cash]) {
      await expectError(handler, { params: { id: String(gd.accountId) }, token: t.regHB }, 403, 'FORBIDDEN');
    }
  });
});

describe('provincial scope', () => {
  it('lets a provincial regulator read holdings and movements in its province, but not cash', async () => {
    expect((await get(holdings, gd.accountId, t.regGD)).status).toBe(200);
    expect((await get(movements, gd.accountId, t.regGD)).status).toBe(200);
    await expectError(cash, { params: { id: String(gd.accountId) }, token: t.regGD }, 403, 'FORBIDDEN');
    await expectError(holdings, { params: { id: String(hb.accountId) }, token: t.regGD }, 403, 'FORBIDDEN');
  });

  it('lets the national regulator read holdings and movements of both provinces', async () => {
    for (const p of [gd, hb]) {
      expect((await get(holdings, p.accountId, t.mee)).status).toBe(200);
      expect((await get(movements, p.accountId, t.mee)).status).toBe(200);
    }
  });

  it('lets operators read holdings, movements and cash of any account', async () => {
    for (const token of [t.registry, t.exchange]) {
      for (const handler of [holdings, movements, cash]) expect((await get(handler, hb.accountId, token)).status).toBe(200);
    }
  });

  it('refuses a Hubei regulator allocating to a Guangdong entity (403), allows the Guangdong regulator', async () => {
    const asset = { instrument: 'CEA', vintage: 2025, quantity: 200 };
    // Issuance and distribution are under four eyes (tests/integration/registry/controls.test.ts): carried out here directly.
    await issue(reg.mee, { ...asset, instrument: 'CEA', legalBasis: 'national cap 2025' });
    await distributeToProvince(reg.mee, { provinceCode: 'GD', vintage: 2025, quantity: 200, legalBasis: 'GD share 2025' });
    const allocation = { ...asset, accountId: gd.accountId, legalBasis: 'GD allocation plan 2025' };

    await expectNothingChanged(async () => {
      await expectError(allocations, { body: allocation, token: t.regHB }, 403, 'FORBIDDEN');
      await expectError(allocations, { body: allocation, token: t.gd }, 403, 'FORBIDDEN');
    });
    expect(await holdingOf(gd.accountId, 2025)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 0 });

    const res = await call(allocations, { body: allocation, token: t.regGD });
    expect(res.status).toBe(201);
    expect(movementResultSchema.parse(res.body)).toMatchObject({ type: 'ALLOCATION', quantity: 200, toAccountId: gd.accountId });
    expect((await holdingOf(gd.accountId, 2025)).available).toBe(200);
  });
});

describe('paging /movements', () => {
  it('pages through every item with limit=2, newest first, without duplicates or gaps', async () => {
    const pager = await createParticipant(reg, { province: 'HB', cea: { 2019: 1, 2020: 2, 2021: 3, 2022: 4, 2023: 5 } });
    const token = await tokenFor(pager.actor);
    const everything = movementsPageSchema.parse((await get(movements, pager.accountId, token, 'limit=200')).body);
    expect(everything.items).toHaveLength(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(movements, pager.accountId, token, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = movementsPageSchema.parse(res.body);
      expect(page.items.slice(2)).toEqual([]); // at most 2 per page
      seen.push(...page.items.map((m) => m.entryId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(everything.items.map((m) => m.entryId));
    expect(everything.items.map((m) => m.vintage)).toEqual([2023, 2022, 2021, 2020, 2019]);
  });

  it('refuses a cursor that did not come from a page with 400', async () => {
    for (const cursor of ['abc', '-1', '1.5', '99999999999999999999999']) {
      const error = await expectError(movements, { path: `/api/v1/accounts/${gd.accountId}/movements?cursor=${cursor}`, params: { id: String(gd.accountId) }, token: t.gd }, 400, 'INVALID_INPUT');
      expect(error.fields).toHaveProperty(['query.cursor']);
    }
  });
});
