import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { inPgTransaction } from '@/db/sql';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused, expectTradingInvariants, listInstrument, openMarket } from '../../support/trading';

/**
 * A take batch makes two calls under its instrument lock (take_batch_book, settle_take_batch; see
 * takes.ts and the migration). What the other trading tests do not show: the large-holder rule the
 * database applies as it records trades; a take's answer, its Idempotency-Key's stored answer and
 * its audit record are one and the same (take_result); takes queued together settle as one batch,
 * each its own entry; and a CCER take moves the project lots with the units.
 */

let reg: Registry;
let seller: Participant;
let buyers: Participant[];

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { name: 'Seller', cea: { 2024: 100_000 }, cash: '1000000.00' });
  buyers = await Promise.all([1, 2, 3, 4].map((n) => createParticipant(reg, { name: `Buyer ${n}`, cash: '10000000.00' })));
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

describe('the large-holder rule in SQL (crosses_large_holder_threshold)', () => {
  const crosses = async (cases: [bigint, bigint, bigint | null][]) =>
    (await db().$queryRaw<{ crosses: boolean }[]>`
      SELECT crosses_large_holder_threshold(b, a, t) AS crosses
        FROM unnest(${cases.map((c) => c[0])}::bigint[], ${cases.map((c) => c[1])}::bigint[], ${cases.map((c) => c[2])}::bigint[])
          WITH ORDINALITY AS v(b, a, t, n) ORDER BY n`).map((r) => r.crosses);

  it('reports a holding that reaches or crosses the threshold upwards, and nothing else', async () => {
    expect(await crosses([
      [0n, 100n, 100n], // reaches the threshold
      [99n, 150n, 100n], // crosses it
      [50n, 99n, 100n], // stays below
      [100n, 150n, 100n], // already a large holder: no new report
      [150n, 200n, 100n],
      [150n, 50n, 100n], // going down is no report
      [0n, 10n ** 12n, null], // no threshold configured
    ])).toEqual([true, true, false, false, false, false, false]);
  });

  it('a sequence of holdings raises one report per spell as a large holder', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.bigInt({ min: 0n, max: 1_000n }), { minLength: 1, maxLength: 30 }), fc.bigInt({ min: 1n, max: 1_000n }), async (holdings, threshold) => {
        const reports = (await crosses(holdings.map((h, i) => [i === 0 ? 0n : holdings[i - 1]!, h, threshold]))).filter(Boolean).length;
        // Spells: maximal runs of consecutive holdings at or above the threshold.
        const spells = holdings.map((h) => (h >= threshold ? '1' : '0')).join('').split('0').filter(Boolean).length;
        expect(reports).toBe(spells);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a take batch', () => {
  it('settles takes queued together as one batch, each its own entry, answered, keyed and audited alike', async () => {
    await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.10', quantity: 1_000 });
    await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.20', quantity: 1_000 });
    // Four takes at once: the first starts a batch, the other three queue and run as the next one.
    const results = await Promise.all(buyers.map((b, i) => take(b.actor, { symbol: 'CEA-2024', side: 'BUY', limitPrice: '50.20', quantity: 300 + i * 100 }, { idempotencyKey: `batch-${i}` })));
    expect(results.map((r) => r.filled)).toEqual([300, 400, 500, 600]);
    expect(new Set(results.map((r) => r.entryId)).size).toBe(4);
    // Price-time priority across the batch: 1,000 t at 50.10 first, then 50.20.
    expect(results.flatMap((r) => r.trades.map((t) => t.price))).toEqual(['50.10', '50.10', '50.10', '50.20', '50.20']);
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({ symbol: 'CEA-2024', side: 'BUY', requested: 300 + i * 100 });
      const [key] = await db().$queryRaw<{ response: unknown }[]>`SELECT response FROM idempotency_record WHERE actor_user_id = ${buyers[i]!.actor.userId} AND key = ${`batch-${i}`}`;
      expect(key!.response).toEqual(r);
      const [audit] = await db().$queryRaw<{ after: unknown; actor_org_id: number }[]>`SELECT after, actor_org_id FROM audit_log WHERE action = 'trade.take' AND target_id = ${r.entryId}`;
      expect(audit).toEqual({ after: r, actor_org_id: buyers[i]!.actor.organisationId });
      // A replay answers the stored result without trading again.
      expect(await take(buyers[i]!.actor, { symbol: 'CEA-2024', side: 'BUY', limitPrice: '50.20', quantity: 300 + i * 100 }, { idempotencyKey: `batch-${i}` })).toEqual(r);
    }
    await expectTradingInvariants();
  });

  it('refuses one take of a batch alone and frees its key', async () => {
    await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 500 });
    const poor = await createParticipant(reg, { name: 'Poor buyer', cash: '100.00' });
    const [refused, filled] = await Promise.allSettled([
      take(poor.actor, { symbol: 'CEA-2024', side: 'BUY', limitPrice: '50.00', quantity: 100 }, { idempotencyKey: 'poor-1' }),
      take(buyers[0]!.actor, { symbol: 'CEA-2024', side: 'BUY', limitPrice: '50.00', quantity: 100 }),
    ]);
    expect(refused.status === 'rejected' && (refused.reason as { code?: string }).code).toBe('INSUFFICIENT_CASH');
    expect(filled.status === 'fulfilled' && filled.value.filled).toBe(100);
    expect(await db().$queryRaw`SELECT id FROM idempotency_record WHERE key = 'poor-1'`).toEqual([]);
    await expectTradingInvariants();
  });

  it('moves the CCER lots of the listed project with the units', async () => {
    await listInstrument(reg, 2023, '12.00', 'CCER');
    const holder = await createParticipant(reg, { name: 'Forestry Project', ccer: { 2023: 5_000 } });
    await placeListing(holder.actor, { symbol: 'CCER-2023', side: 'SELL', price: '12.00', quantity: 2_000 });
    const r = await take(buyers[1]!.actor, { symbol: 'CCER-2023', side: 'BUY', limitPrice: '12.00', quantity: 1_500 });
    expect(r.filled).toBe(1_500);
    const lots = await db().$queryRaw<{ account_id: number; project_id: number; quantity: bigint }[]>`
      SELECT account_id, project_id, quantity FROM ccer_lot WHERE vintage = 2023 AND account_id IN (${holder.accountId}, ${buyers[1]!.accountId}) ORDER BY account_id`;
    expect(Object.fromEntries(lots.map((l) => [l.account_id, l.quantity]))).toEqual({ [holder.accountId]: 3_500n, [buyers[1]!.accountId]: 1_500n });
    expect(new Set(lots.map((l) => l.project_id)).size).toBe(1);
    expect(await holdingOf(buyers[1]!.accountId, 2023, 'CCER')).toMatchObject({ available: 1_500 });
    const [posting] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM ccer_lot_posting WHERE entry_id = ${BigInt(r.entryId)}`;
    expect(posting!.n).toBe(2n);
    await expectTradingInvariants();
  });

  it('refuses a take of a listing outside the takeable book', async () => {
    await expectRefused(take(buyers[2]!.actor, { listingId: '999999999', quantity: 1 }), 'NOT_FOUND', 404);
  });
});

describe('a transaction of inPgTransaction', () => {
  const tricky = {
    text: `it's a "quote", a back\\slash \\" and 中文 — \n new line`,
    texts: ['plain', `o'clock`, 'with "quotes"', 'back\\slash', null, '{braces},commas', '', 'NULL'],
    bigints: [1n, null, 9007199254740993n],
    numerics: ['0.01', '-12345678901234.56'],
    json: { a: "b'c", d: ['e"f', 1] },
    day: new Date('2027-03-04T00:00:00Z'),
    flag: true,
  };
  const select = (v: typeof tricky) => Prisma.sql`
    SELECT ${v.text}::text AS text, ${v.texts}::text[] AS texts, ${v.bigints}::bigint[] AS bigints, ${v.numerics}::numeric[] AS numerics,
           ${v.json}::jsonb AS json, ${v.day}::date AS day, ${v.flag}::boolean AS flag, ${null}::int AS nothing`;

  it('sends BEGIN with the first statement and COMMIT with the last, the values inlined exactly as bound', async () => {
    const bound = await inPgTransaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      return tx.$queryRaw(select(tricky));
    });
    const inlined = await inPgTransaction(async (tx) => {
      const first = await tx.$queryRaw(select(tricky)); // sent with BEGIN, inlined
      const last = await tx.$queryRawAndCommit(select(tricky)); // sent with COMMIT, inlined
      expect(last).toEqual(first);
      return first;
    });
    expect(inlined).toEqual(bound);
    expect((inlined as { texts: string[] }[])[0]!.texts).toEqual(tricky.texts);
  });

  it('commits what the last statement wrote, and rolls back when a statement fails', async () => {
    await db().$executeRaw`CREATE TABLE IF NOT EXISTS pg_tx_probe (v text)`;
    await inPgTransaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO pg_tx_probe VALUES ('first')`;
      await tx.$queryRawAndCommit(Prisma.sql`INSERT INTO pg_tx_probe VALUES (${"it's last"}) RETURNING v`);
    });
    await expect(inPgTransaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO pg_tx_probe VALUES ('rolled back')`;
      await tx.$queryRawAndCommit(Prisma.sql`SELECT 1 / 0`);
    })).rejects.toThrow(/division by zero/);
    expect((await db().$queryRaw<{ v: string }[]>`SELECT v FROM pg_tx_probe ORDER BY v`).map((r) => r.v)).toEqual(['first', "it's last"]);
    await db().$executeRaw`DROP TABLE pg_tx_probe`;
  });
});
