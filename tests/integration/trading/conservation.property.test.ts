import Decimal from 'decimal.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { amendListing, cancelListing, placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, codeOf, expectTradingInvariants, listInstrument, nextDay, openMarket } from '../../support/trading';

/**
 * Property: after ANY sequence of listings, takes (by id and by sweep), cancels, amends and day
 * ends by a few traders — each accepted or refused — every vintage and all cash are conserved, no
 * bucket is negative, each participant's locked units and cash are exactly what its open listings
 * need, and each trader's holding and cash are its start plus its trades. A refusal is always one
 * of the market's stable codes, never an unexpected error.
 */

const SYMBOL = 'CEA-2024';
const START_UNITS = 500;
const START_CASH = '25000.00';

type Side = 'BUY' | 'SELL';
type Op =
  | { kind: 'place'; who: number; side: Side; tick: number; qty: number }
  | { kind: 'takeId'; who: number; pick: number; qty: number }
  | { kind: 'sweep'; who: number; side: Side; reach: number; qty: number }
  | { kind: 'cancel'; who: number; owner: boolean; pick: number }
  | { kind: 'amend'; who: number; owner: boolean; pick: number; qty: number }
  | { kind: 'dayEnd' };

const who = fc.integer({ min: 0, max: 2 });
const side = fc.constantFrom<Side>('BUY', 'SELL');
// Listing price = 50.00 + tick × 0.10: mostly inside the ±10 % band (45.00–55.00), sometimes just outside.
const tick = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: -4, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(-51, 51) });
// A sweep's limit reaches `reach` ticks past 50.00 towards the other side (negative: it may find nothing).
const reach = fc.integer({ min: -2, max: 8 });
const qty = fc.integer({ min: 1, max: 400 });
/** Mostly the listing's owner cancels or amends; sometimes someone else tries (404). */
const owner = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const placeArb = fc.record({ kind: fc.constant('place' as const), who, side, tick, qty });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: placeArb },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('takeId' as const), who, pick: fc.nat(), qty }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sweep' as const), who, side, reach, qty }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who, owner, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('amend' as const), who, owner, pick: fc.nat(), qty }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dayEnd' as const }) },
);

/** The refusals a well-formed order may meet. */
const REFUSALS = new Set([
  'INSUFFICIENT_HOLDING', 'INSUFFICIENT_CASH', 'T_PLUS_ONE', 'OUTSIDE_BEST_FIVE_LEVELS', 'NOTHING_TO_TAKE', 'LISTING_NOT_OPEN',
  'AMEND_NOT_DOWN', 'NOT_FOUND', 'PRICE_OUTSIDE_LISTED_BAND',
]);

const price = (t: number) => new Decimal('50.00').plus(new Decimal(t).times('0.10')).toFixed(2);

let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

describe('trading conservation (property-based, real PostgreSQL)', () => {
  it('any sequence of orders keeps allowances, cash and locks exact', async () => {
    await fc.assert(
      // A few listings first, so that most runs have a book to take from.
      fc.asyncProperty(fc.array(placeArb, { minLength: 2, maxLength: 6 }), fc.array(opArb, { minLength: 5, maxLength: 18 }), async (book, rest) => {
        const ops: Op[] = [...book, ...rest];
        const traders: Participant[] = [];
        for (let i = 0; i < 3; i++) traders.push(await createParticipant(reg, { cea: { 2024: START_UNITS }, cash: START_CASH }));
        const listings: { id: string; owner: number }[] = [];
        const refused: string[] = [];
        const attempt = async (run: () => Promise<unknown>) => {
          try {
            return await run();
          } catch (e) {
            refused.push(codeOf(e));
            return null;
          }
        };

        /** A listing of this run: for a take one still open if any, else any (LISTING_NOT_OPEN). */
        const pickListing = async (pick: number, preferOpen: boolean) => {
          if (listings.length === 0) return null;
          const open = preferOpen
            ? (await db().listing.findMany({ where: { id: { in: listings.map((l) => BigInt(l.id)) }, status: 'OPEN' }, select: { id: true } })).map((r) => r.id.toString())
            : [];
          const pool = open.length > 0 ? listings.filter((l) => open.includes(l.id)) : listings;
          return pool[pick % pool.length]!;
        };

        for (const op of ops) {
          const picked = 'pick' in op ? await pickListing(op.pick, op.kind === 'takeId') : null;
          const actorIndex = 'owner' in op && op.owner && picked ? picked.owner : 'who' in op ? op.who : 0;
          const p = traders[actorIndex]!;
          switch (op.kind) {
            case 'place': {
              const l = await attempt(() => placeListing(p.actor, { symbol: SYMBOL, side: op.side, price: price(op.tick), quantity: op.qty }));
              if (l) listings.push({ id: (l as { id: string }).id, owner: op.who });
              break;
            }
            case 'takeId':
              if (picked) await attempt(() => take(p.actor, { listingId: picked.id, quantity: op.qty }));
              break;
            case 'sweep':
              await attempt(() => take(p.actor, { symbol: SYMBOL, side: op.side, limitPrice: price(op.side === 'BUY' ? op.reach : -op.reach), quantity: op.qty }));
              break;
            case 'cancel':
              if (picked) await attempt(() => cancelListing(p.actor, BigInt(picked.id)));
              break;
            case 'amend':
              if (picked) await attempt(() => amendListing(p.actor, BigInt(picked.id), { quantity: op.qty }));
              break;
            case 'dayEnd':
              await nextDay(reg);
              break;
          }
        }
        expect(refused.filter((c) => !REFUSALS.has(c))).toEqual([]);

        // Market-wide: conservation, journal = balances, locks = open orders.
        await expectTradingInvariants();

        // Per trader: start + own trades, exactly; allowances of the three together conserved.
        let units = 0;
        for (const t of traders) {
          const trades = await db().trade.findMany({ where: { OR: [{ buyerAccountId: t.accountId }, { sellerAccountId: t.accountId }] } });
          let held = START_UNITS;
          let cash = new Decimal(START_CASH);
          for (const tr of trades) {
            if (tr.buyerAccountId === t.accountId) { held += Number(tr.quantity); cash = cash.minus(tr.amount.toString()).minus(tr.buyerFee.toString()); }
            if (tr.sellerAccountId === t.accountId) { held -= Number(tr.quantity); cash = cash.plus(tr.amount.toString()).minus(tr.sellerFee.toString()); }
          }
          const h = await holdingOf(t.accountId, 2024);
          const c = await cashOf(t.accountId);
          expect(h.available + h.locked).toBe(held);
          expect(new Decimal(c.available).plus(c.locked).toFixed(2)).toBe(cash.toFixed(2));
          expect(h.available).toBeGreaterThanOrEqual(0);
          expect(new Decimal(c.available).isNegative()).toBe(false);
          units += held;
        }
        expect(units).toBe(3 * START_UNITS);

        // Leave an empty book for the next run.
        for (const l of listings) {
          const row = await db().listing.findUniqueOrThrow({ where: { id: BigInt(l.id) } });
          if (row.status === 'OPEN') await cancelListing(traders[l.owner]!.actor, row.id);
        }
      }),
      { numRuns: 20 },
    );
  });
});
