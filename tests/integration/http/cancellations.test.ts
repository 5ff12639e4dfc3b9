import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { freezeResultSchema, movementResultSchema, movementsPageSchema, pledgeResultSchema } from '@/schemas/api';
import { POST as cancel } from '@/app/api/v1/cancellations/route';
import { GET as movements } from '@/app/api/v1/accounts/[id]/movements/route';
import { POST as freezes } from '@/app/api/v1/registry/freezes/route';
import { POST as releaseFreeze } from '@/app/api/v1/registry/freezes/[id]/release/route';
import { POST as pledges } from '@/app/api/v1/registry/pledges/route';
import { POST as releasePledge } from '@/app/api/v1/registry/pledges/[id]/release/route';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { approvedBy, expectError, expectNothingChanged, key } from './helpers';

let reg: Registry;
let registryToken: string;
let registry2Token: string;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  registryToken = await tokenFor(reg.registry);
  registry2Token = await tokenFor(reg.registry2);
});

async function holder(cea: Record<number, number>, opts: { kind?: 'INVESTOR'; ccer?: Record<number, number> } = {}): Promise<Participant & { token: string }> {
  const p = await createParticipant(reg, { province: 'GD', cea, ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.ccer ? { ccer: opts.ccer } : {}) });
  return { ...p, token: await tokenFor(p.actor) };
}

const body = (quantity: number, extra: Record<string, unknown> = {}) => ({ instrument: 'CEA', vintage: 2024, quantity, reason: 'Offsetting our 2024 conference', ...extra });
const cancelledTotal = async () => {
  const acc = await db().registryAccount.findFirstOrThrow({ where: { type: 'CANCELLATION' } });
  return (await holdingOf(acc.id, 2024)).available;
};

describe('POST /api/v1/cancellations', () => {
  it('retires available units: 201, available drops, the movement is listed as VOLUNTARY_CANCELLATION', async () => {
    const p = await holder({ 2024: 1_000 });
    const retiredBefore = await cancelledTotal();
    const res = await call(cancel, { body: body(250), token: p.token });
    expect(res.status).toBe(201);
    const result = movementResultSchema.parse(res.body);
    expect(result).toMatchObject({ type: 'VOLUNTARY_CANCELLATION', instrument: 'CEA', vintage: 2024, quantity: 250, fromAccountId: p.accountId });
    expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 750, locked: 0, pledged: 0, frozen: 0 });
    expect(await cancelledTotal()).toBe(retiredBefore + 250);

    const list = movementsPageSchema.parse((await call(movements, { path: '/api/v1/accounts/x/movements', params: { id: String(p.accountId) }, token: p.token })).body);
    expect(list.items[0]).toMatchObject({ entryId: result.entryId, type: 'VOLUNTARY_CANCELLATION', available: -250, memo: 'Offsetting our 2024 conference', counterparties: ['SYS-CANCELLATION'] });
  });

  it('works for investors and for CCER', async () => {
    const p = await holder({ 2024: 10 }, { kind: 'INVESTOR', ccer: { 2022: 40 } });
    const res = await call(cancel, { body: body(15, { instrument: 'CCER', vintage: 2022 }), token: p.token });
    expect(res.status).toBe(201);
    expect((await holdingOf(p.accountId, 2022, 'CCER')).available).toBe(25);
  });

  it('replays the first result for a repeated Idempotency-Key and moves nothing twice', async () => {
    const p = await holder({ 2024: 100 });
    const k = key('cancel');
    const first = await call(cancel, { body: body(30), token: p.token, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    const again = await expectNothingChanged(() => call(cancel, { body: body(30), token: p.token, headers: { 'idempotency-key': k } }));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await holdingOf(p.accountId, 2024)).available).toBe(70);

    // Without a key, the same body is a new cancellation.
    expect((await call(cancel, { body: body(30), token: p.token })).status).toBe(201);
    expect((await holdingOf(p.accountId, 2024)).available).toBe(40);
  });

  it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, nothing moved', async () => {
    const p = await holder({ 2024: 100 });
    const k = key('cancel');
    expect((await call(cancel, { body: body(10), token: p.token, headers: { 'idempotency-key': k } })).status).toBe(201);
    await expectNothingChanged(async () => {
      const error = await expectError(cancel, { body: body(11), token: p.token, headers: { 'idempotency-key': k } }, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(error.fields).toHaveProperty(['Idempotency-Key']);
    });
    expect((await holdingOf(p.accountId, 2024)).available).toBe(90);
  });

  it('keeps keys per user: another holder may use the same key', async () => {
    const a = await holder({ 2024: 10 });
    const b = await holder({ 2024: 10 });
    const k = key('shared');
    expect((await call(cancel, { body: body(1), token: a.token, headers: { 'idempotency-key': k } })).status).toBe(201);
    expect((await call(cancel, { body: body(2), token: b.token, headers: { 'idempotency-key': k } })).status).toBe(201);
    expect((await holdingOf(a.accountId, 2024)).available).toBe(9);
    expect((await holdingOf(b.accountId, 2024)).available).toBe(8);
  });

  it('moves once when the same keyed request arrives many times at once', async () => {
    const p = await holder({ 2024: 100 });
    const k = key('burst');
    const results = await Promise.all(Array.from({ length: 6 }, () => call(cancel, { body: body(7), token: p.token, headers: { 'idempotency-key': k } })));
    for (const r of results) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(results[0]!.body);
    }
    expect((await holdingOf(p.accountId, 2024)).available).toBe(93);
  });

  it('never retires more than is available under parallel requests', async () => {
    const p = await holder({ 2024: 500 });
    const results = await Promise.all(Array.from({ length: 10 }, () => call(cancel, { body: body(100), token: p.token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).map((r) => (r.body as { error: { code: string } }).error.code)).toEqual(Array(5).fill('INSUFFICIENT_HOLDING'));
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 0 });
  });

  it('answers 409 INSUFFICIENT_HOLDING when available is short, moving nothing', async () => {
    const p = await holder({ 2024: 100 });
    await expectNothingChanged(async () => {
      await expectError(cancel, { body: body(101), token: p.token }, 409, 'INSUFFICIENT_HOLDING');
      await expectError(cancel, { body: body(1, { vintage: 2019 }), token: p.token }, 409, 'INSUFFICIENT_HOLDING');
    });
  });

  it("refuses another organisation's account (403) and non-holders (403)", async () => {
    const p = await holder({ 2024: 100 });
    const other = await holder({ 2024: 100 });
    const regulator = await tokenFor(reg.regulators.GD);
    await expectNothingChanged(async () => {
      await expectError(cancel, { body: body(1, { accountId: other.accountId }), token: p.token }, 403, 'FORBIDDEN');
      await expectError(cancel, { body: body(1, { accountId: other.accountId }), token: regulator }, 403, 'FORBIDDEN');
    });
    expect((await call(cancel, { body: body(1, { accountId: p.accountId }), token: p.token })).status).toBe(201);
  });
});

describe('frozen and pledged units cannot be cancelled', () => {
  it('frozen: 409 until the freeze is released', async () => {
    const p = await holder({ 2024: 100 });
    const res = await call(freezes, {
      body: { accountId: p.accountId, instrument: 'CEA', vintage: 2024, quantity: 100, authority: 'Shenzhen Intermediate Court', orderReference: '(2024) Yue 03 Zhi 123', reason: 'Judicial freeze' },
      token: registryToken,
    });
    const frozen = freezeResultSchema.parse(await approvedBy(res, registry2Token));
    expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 100 });

    await expectNothingChanged(() => expectError(cancel, { body: body(1), token: p.token }, 409, 'INSUFFICIENT_HOLDING'));

    const released = await approvedBy(await call(releaseFreeze, { params: { id: String(frozen.freezeId) }, body: { reason: 'Order lifted' }, token: registryToken }), registry2Token);
    expect(released).toMatchObject({ freezeId: frozen.freezeId, type: 'UNFREEZE', quantity: 100 });
    await expectNothingChanged(() =>
      expectError(releaseFreeze, { params: { id: String(frozen.freezeId) }, body: { reason: 'Order lifted' }, token: registryToken }, 409, 'ALREADY_RELEASED'),
    );
    expect((await call(cancel, { body: body(1), token: p.token })).status).toBe(201);
  });

  it('pledged: 409 until the pledge is released', async () => {
    const p = await holder({ 2024: 100 });
    const res = await call(pledges, {
      body: { accountId: p.accountId, instrument: 'CEA', vintage: 2024, quantity: 60, pledgee: 'Bank of Guangzhou', securedAmount: '3000.00', contractReference: 'PL-2024-7' },
      token: registryToken,
    });
    const pledged = pledgeResultSchema.parse(await approvedBy(res, registry2Token));
    expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 40, locked: 0, pledged: 60, frozen: 0 });

    await expectNothingChanged(() => expectError(cancel, { body: body(41), token: p.token }, 409, 'INSUFFICIENT_HOLDING'));

    await approvedBy(await call(releasePledge, { params: { id: String(pledged.pledgeId) }, body: { reason: 'Loan repaid' }, token: registryToken }), registry2Token);
    expect((await call(cancel, { body: body(100), token: p.token })).status).toBe(201);
    expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 0 });
  });

  it('unknown freeze or pledge ids are 404', async () => {
    await expectNothingChanged(async () => {
      await expectError(releaseFreeze, { params: { id: '999999' }, body: { reason: 'Order lifted' }, token: registryToken }, 404, 'NOT_FOUND');
      await expectError(releasePledge, { params: { id: '999999' }, body: { reason: 'Loan repaid' }, token: registryToken }, 404, 'NOT_FOUND');
    });
  });
});
