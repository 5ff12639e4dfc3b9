import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { db } from '@/db/client';
import { sellableQuantity } from '@/domain/trading/t1';
import { breachesPositionLimit } from '@/domain/trading/surveillance';
import { myListings } from '@/server/trading/marketData';
import { placeListing } from '@/server/trading/listings';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused, expectTradingInvariants, listInstrument, openMarket } from '../../support/trading';

/**
 * A listing is placed by one call of the database procedure place_listing (see listings.ts and
 * its migration). What the other trading tests do not show: the T+1 and position-limit rules the
 * procedure applies in SQL say exactly what their TypeScript forms say (which the take batch still
 * uses); an answer given on a state that changed since the app read it writes nothing; a refused
 * listing leaves its Idempotency-Key free; and the listing returned is the one read back.
 */

const SYMBOL = 'CEA-2024';
let reg: Registry;
let seller: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { cea: { 2024: 10_000 }, cash: '1000000.00' });
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

const tonnes = fc.bigInt({ min: 0n, max: 10n ** 12n });

describe('the rules in SQL', () => {
  it('sellable_quantity is the T+1 rule of src/domain/trading/t1.ts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(tonnes, tonnes), { minLength: 1, maxLength: 50 }), async (cases) => {
        const rows = await db().$queryRaw<{ sellable: bigint }[]>`
          SELECT sellable_quantity(a, b) AS sellable FROM unnest(${cases.map((c) => c[0])}::bigint[], ${cases.map((c) => c[1])}::bigint[]) WITH ORDINALITY AS v(a, b, n) ORDER BY n`;
        expect(rows.map((r) => r.sellable)).toEqual(cases.map(([available, today]) => sellableQuantity(available, today)));
      }),
      { numRuns: 30 },
    );
  });

  it('breaches_position_limit is the position-limit rule of src/domain/trading/surveillance.ts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(tonnes, tonnes, tonnes, fc.option(tonnes)), { minLength: 1, maxLength: 50 }), async (cases) => {
        const rows = await db().$queryRaw<{ breach: boolean }[]>`
          SELECT breaches_position_limit(p, o, q, l) AS breach
            FROM unnest(${cases.map((c) => c[0])}::bigint[], ${cases.map((c) => c[1])}::bigint[], ${cases.map((c) => c[2])}::bigint[], ${cases.map((c) => c[3])}::bigint[])
              WITH ORDINALITY AS v(p, o, q, l, n) ORDER BY n`;
        expect(rows.map((r) => r.breach)).toEqual(cases.map(([position, open, quantity, limit]) => breachesPositionLimit(position, open, quantity, limit)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('place_listing', () => {
  it('answers "stale" and writes nothing when the fee rate it was given is no longer in force', async () => {
    const before = await db().$queryRaw<{ listings: bigint; entries: bigint; audits: bigint }[]>`
      SELECT (SELECT count(*) FROM listing) AS listings, (SELECT count(*) FROM journal_entry) AS entries, (SELECT count(*) FROM audit_log) AS audits`;
    const [clock] = await db().$queryRaw<{ closed_through: string; trading_day: string; until: Date }[]>`
      SELECT to_char(closed_through, 'YYYY-MM-DD') AS closed_through, to_char(market_now(), 'YYYY-MM-DD') AS trading_day, market_now() + interval '1 hour' AS until FROM market_clock`;
    const [answer] = await db().$queryRaw<{ answer: unknown }[]>`
      SELECT place_listing(${seller.actor.userId}, ${seller.actor.organisationId}, false, ${SYMBOL}, 'SELL'::"OrderSide", 50.00, 100, ${clock!.trading_day}::date,
                           ${clock!.closed_through}::date, ${clock!.until}::timestamptz, 0.987654, NULL, NULL, 'ENTITY', NULL,
                           'ACTIVE', NULL, 50.00, ARRAY['ACTIVE'], 0, 'memo', NULL, NULL, NULL) AS answer`;
    expect(answer!.answer).toEqual({ stale: true });
    const after = await db().$queryRaw<typeof before>`
      SELECT (SELECT count(*) FROM listing) AS listings, (SELECT count(*) FROM journal_entry) AS entries, (SELECT count(*) FROM audit_log) AS audits`;
    expect(after).toEqual(before);
  });

  it('a refused listing leaves its Idempotency-Key free; the key then places one listing, replayed as placed', async () => {
    const key = 'listing-key-1';
    await expectRefused(placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 20_000 }, { idempotencyKey: key }), 'INSUFFICIENT_HOLDING', 409);
    const cmd = { symbol: SYMBOL, side: 'SELL' as const, price: '50.10', quantity: 300 };
    const placed = await placeListing(seller.actor, cmd, { idempotencyKey: key });
    const replayed = await placeListing(seller.actor, cmd, { idempotencyKey: key });
    expect(replayed).toEqual(placed);
    await expectRefused(placeListing(seller.actor, { ...cmd, quantity: 301 }, { idempotencyKey: key }), 'IDEMPOTENCY_KEY_REUSED', 422);
    expect(await holdingOf(seller.accountId, 2024)).toMatchObject({ available: 9_700, locked: 300 });
    const mine = await myListings(seller.actor, { limit: 50 });
    expect(mine.items.filter((l) => l.price === '50.10')).toEqual([placed]);
    expect(placed).toMatchObject({ symbol: SYMBOL, side: 'SELL', price: '50.10', quantity: 300, remaining: 300, filled: 0, lockedCash: '0.00', status: 'OPEN' });
    await expectTradingInvariants();
  });

  it('a buy listing locks its value plus the fee, and the audit record holds the listing as returned', async () => {
    const buyer = await createParticipant(reg, { cash: '100000.00' });
    const placed = await placeListing(buyer.actor, { symbol: SYMBOL, side: 'BUY', price: '49.99', quantity: 1000 });
    // 49,990.00 plus the fee at the default rate of 0.05 %: 24.995, rounded half-up to 25.00.
    expect(placed.lockedCash).toBe('50015.00');
    const [audit] = await db().$queryRaw<{ after: unknown; actor_org_id: number }[]>`
      SELECT after, actor_org_id FROM audit_log WHERE action = 'listing.place' AND target_id = ${placed.id}`;
    expect(audit).toEqual({ after: placed, actor_org_id: buyer.actor.organisationId });
    await expectRefused(placeListing(buyer.actor, { symbol: SYMBOL, side: 'BUY', price: '49.99', quantity: 1000 }), 'INSUFFICIENT_CASH', 409);
    await expectTradingInvariants();
  });
});
