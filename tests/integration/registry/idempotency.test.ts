import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@/server/errors';
import { cancelVoluntarily } from '@/server/registry/movements';
import { db } from '@/db/client';
import { bootstrapRegistry, createParticipant, holdingOf, type Registry } from '../../support/fixtures';

let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
});

const countCancellations = (accountId: number) =>
  db().unitPosting.count({ where: { accountId, entry: { type: 'VOLUNTARY_CANCELLATION' } } });

describe('idempotency keys', () => {
  it('a repeated request with the same key returns the first result and moves nothing again', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 500 } });
    const cmd = { instrument: 'CEA' as const, vintage: 2024, quantity: 40, reason: 'offset event' };
    const first = await cancelVoluntarily(p.actor, cmd, { idempotencyKey: 'k-1' });
    const second = await cancelVoluntarily(p.actor, cmd, { idempotencyKey: 'k-1' });
    expect(second).toEqual(first);
    expect((await holdingOf(p.accountId, 2024)).available).toBe(460);
    expect(await countCancellations(p.accountId)).toBe(1);
  });

  it('concurrent duplicates with one key produce exactly one movement', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 500 } });
    const cmd = { instrument: 'CEA' as const, vintage: 2024, quantity: 10, reason: 'retry storm' };
    const results = await Promise.all(Array.from({ length: 12 }, () => cancelVoluntarily(p.actor, cmd, { idempotencyKey: 'storm' })));
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    expect((await holdingOf(p.accountId, 2024)).available).toBe(490);
  });

  it('reusing a key for a different request is refused and changes nothing', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 500 } });
    await cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2024, quantity: 5, reason: 'first use' }, { idempotencyKey: 'reuse' });
    const err = await cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2024, quantity: 6, reason: 'first use' }, { idempotencyKey: 'reuse' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await holdingOf(p.accountId, 2024)).available).toBe(495);
  });

  it('a failed request does not burn its key', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 5 } });
    const cmd = { instrument: 'CEA' as const, vintage: 2024, quantity: 10, reason: 'too much' };
    await expect(cancelVoluntarily(p.actor, cmd, { idempotencyKey: 'fails' })).rejects.toMatchObject({ code: 'INSUFFICIENT_HOLDING' });
    expect(await db().idempotencyRecord.count({ where: { actorUserId: p.actor.userId } })).toBe(0);
  });

  it('keys are per user: another user may use the same key', async () => {
    const a = await createParticipant(reg, { cea: { 2024: 100 } });
    const b = await createParticipant(reg, { cea: { 2024: 100 } });
    const cmd = { instrument: 'CEA' as const, vintage: 2024, quantity: 1, reason: 'shared key' };
    const ra = await cancelVoluntarily(a.actor, cmd, { idempotencyKey: 'same' });
    const rb = await cancelVoluntarily(b.actor, cmd, { idempotencyKey: 'same' });
    expect(ra.entryId).not.toBe(rb.entryId);
  });
});
