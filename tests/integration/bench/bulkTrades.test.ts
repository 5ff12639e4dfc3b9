import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { priceTimesTonnes } from '@/domain/money';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { marketState } from '@/server/trading/market';
import { verifyLedger } from '@/server/registry/verify';
import { sealAuditLog } from '@/server/audit/audit';
import { BulkWriter, type BulkParty, type Settings } from '../../../bench/lib/nation';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, listInstrument, openMarket, setSettings } from '../../support/trading';

/**
 * The national-scale benchmark writes its million trades in bulk (bench/lib/nation.ts). Each must be
 * exactly what the order entry writes for a listing filled by one take: the same journal entries
 * (types, memos and their notes, legal basis, actor), postings, listing, trade and audit records,
 * and the same balance changes. Here the same two trades are made both ways and compared.
 */

let reg: Registry;
let seller: Participant;
let buyer: Participant;

const party = async (p: Participant): Promise<BulkParty> => {
  const cash = await db().cashAccount.findFirstOrThrow({ where: { tradingAccount: { registryAccountId: p.accountId } } });
  return { organisationId: p.organisationId, userId: p.actor.userId, accountId: p.accountId, cashAccountId: cash.id };
};

interface Written {
  entries: unknown[];
  units: unknown[];
  cash: unknown[];
  listing: unknown;
  trade: unknown;
  audit: unknown[];
}

/** What one listing (and the trade filling it) wrote, with ids and times taken out. */
async function written(listingId: bigint): Promise<Written> {
  const trade = await db().trade.findFirstOrThrow({ where: { listingId } });
  const listing = await db().listing.findUniqueOrThrow({ where: { id: listingId } });
  const settlement = await db().journalEntry.findUniqueOrThrow({ where: { id: trade.entryId } });
  // The listing's lock: the LOCK entry of the lister written just before the settlement that names this listing's price.
  const lock = await db().journalEntry.findFirstOrThrow({
    where: { type: 'LOCK', actorUserId: listing.userId, id: { lt: trade.entryId }, memo: { contains: listing.price.toFixed(2) } },
    orderBy: { id: 'desc' },
  });
  const entryIds = [lock.id, settlement.id];
  const entry = (e: typeof lock) => ({ type: e.type, memo: e.memo, memoNote: e.memoNote, legalBasis: e.legalBasis, legalBasisNote: e.legalBasisNote, reference: e.reference, actor: e.actorUserId });
  const units = await db().unitPosting.findMany({ where: { entryId: { in: entryIds } }, orderBy: [{ entryId: 'asc' }, { accountId: 'asc' }, { bucket: 'asc' }] });
  const cash = await db().cashPosting.findMany({ where: { entryId: { in: entryIds } }, orderBy: [{ entryId: 'asc' }, { cashAccountId: 'asc' }, { bucket: 'asc' }] });
  const audits = await db().auditLog.findMany({
    where: { OR: [{ targetType: 'listing', targetId: listingId.toString(), action: 'listing.place' }, { targetType: 'journal_entry', targetId: settlement.id.toString() }] },
    orderBy: { id: 'asc' },
  });
  const withoutIds = (v: unknown): unknown => JSON.parse(JSON.stringify(v), (k: string, x: unknown) => (['id', 'entryId', 'listingId', 'createdAt'].includes(k) ? '(id)' : x));
  return {
    entries: [lock, settlement].map(entry),
    units: units.map((u) => ({ entry: u.entryId === lock.id ? 'lock' : 'settlement', account: u.accountId, instrument: u.instrument, vintage: u.vintage, bucket: u.bucket, quantity: u.quantity.toString() })),
    cash: cash.map((c) => ({ entry: c.entryId === lock.id ? 'lock' : 'settlement', account: c.cashAccountId, bucket: c.bucket, amount: c.amount.toFixed(2) })),
    listing: { symbol: listing.symbol, side: listing.side, accountId: listing.accountId, cashAccountId: listing.cashAccountId, userId: listing.userId, price: listing.price.toFixed(2), quantity: listing.quantity.toString(), remaining: listing.remaining.toString(), lockedCash: listing.lockedCash.toFixed(2), status: listing.status, tradingDay: listing.tradingDay.toISOString() },
    trade: { symbol: trade.symbol, kind: trade.kind, buyer: trade.buyerAccountId, seller: trade.sellerAccountId, side: trade.aggressorSide, price: trade.price.toFixed(2), quantity: trade.quantity.toString(), amount: trade.amount.toFixed(2), buyerFee: trade.buyerFee.toFixed(2), sellerFee: trade.sellerFee.toFixed(2), tradingDay: trade.tradingDay.toISOString() },
    audit: audits.map((a) => ({ action: a.action, targetType: a.targetType, actor: a.actorUserId, org: a.actorOrgId, after: withoutIds(a.after) })),
  };
}

async function balances(): Promise<unknown> {
  return { seller: [await holdingOf(seller.accountId, 2024), await cashOf(seller.accountId)], buyer: [await holdingOf(buyer.accountId, 2024), await cashOf(buyer.accountId)] };
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  await setSettings({ feeRate: '0.0005', riskReserveShare: '0.2' });
  seller = await createParticipant(reg, { cea: { 2024: 100_000 }, cash: '1000000.00' });
  buyer = await createParticipant(reg, { cea: { 2024: 100_000 }, cash: '5000000.00' });
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

describe('bulk trades of the national-scale benchmark', () => {
  it('write what a listing filled by one take writes through the services, for either side listed', async () => {
    const state = await marketState();
    const fees = await db().cashAccount.findMany({ where: { type: { in: ['EXCHANGE_FEES', 'RISK_RESERVE'] } } });
    const settings: Settings = {
      feeRate: new Decimal(state.settings.feeRate), reserveShare: new Decimal(state.settings.riskReserveShare),
      feeAccount: fees.find((f) => f.type === 'EXCHANGE_FEES')!.id, reserveAccount: fees.find((f) => f.type === 'RISK_RESERVE')!.id,
    };
    const cases = [
      { side: 'SELL' as const, price: '51.37', quantity: 1_300 },
      { side: 'BUY' as const, price: '49.91', quantity: 700 },
    ];
    for (const c of cases) {
      // Through the services: the listing, then a take of all of it.
      const before = await balances();
      const lister = c.side === 'SELL' ? seller : buyer;
      const taker = c.side === 'SELL' ? buyer : seller;
      const listed = await placeListing(lister.actor, { symbol: 'CEA-2024', side: c.side, price: c.price, quantity: c.quantity });
      await take(taker.actor, { listingId: listed.id, quantity: c.quantity });
      const afterServices = await balances();

      // In bulk: the same trade.
      const price = new Decimal(c.price);
      const writer = new BulkWriter();
      writer.add({
        day: state.tradingDay, minute: 9 * 60 + 40, symbol: 'CEA-2024', vintage: 2024, seller: await party(seller), buyer: await party(buyer),
        price, quantity: BigInt(c.quantity), amount: priceTimesTonnes(price, BigInt(c.quantity)), listingSide: c.side, settings,
      });
      expect(await writer.write()).toBe(1);
      const afterBulk = await balances();
      const bulkListing = await db().listing.findFirstOrThrow({ orderBy: { id: 'desc' } });

      const real = await written(BigInt(listed.id));
      const bulk = await written(bulkListing.id);
      expect(bulk).toEqual(real);
      expect(real.units.length).toBeGreaterThan(0);
      expect(real.audit.map((a) => (a as { action: string }).action)).toEqual(['listing.place', 'trade.take']);

      // The balances moved by the same amounts both times.
      const delta = (a: unknown, b: unknown) => JSON.stringify([a, b]);
      const step = (from: unknown, to: unknown) => {
        const f = from as { seller: [{ available: number; locked: number }, { available: string; locked: string }]; buyer: [{ available: number; locked: number }, { available: string; locked: string }] };
        const t = to as typeof f;
        return (['seller', 'buyer'] as const).map((k) => [
          t[k][0].available - f[k][0].available, t[k][0].locked - f[k][0].locked,
          new Decimal(t[k][1].available).minus(f[k][1].available).toFixed(2), new Decimal(t[k][1].locked).minus(f[k][1].locked).toFixed(2),
        ]);
      };
      expect(delta(c.side, step(afterServices, afterBulk))).toBe(delta(c.side, step(before, afterServices)));
    }
    await sealAuditLog();
    const ledger = await verifyLedger();
    expect(ledger.ok).toBe(true);
  });
});
