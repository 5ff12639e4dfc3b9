import Decimal from 'decimal.js';
import { expect } from 'vitest';
import { db } from '@/db/client';
import { DomainError } from '@/server/errors';
import { verifyLedger } from '@/server/registry/verify';
import { requiredBuyLock } from '@/server/trading/listings';
import type { Actor } from '@/server/identity/actor';
import { createInstrument } from '@/server/trading/instruments';
import { controlClock } from '@/server/schedule/dueWork';
import type { Registry } from './fixtures';

/**
 * Trading fixtures: list instruments with a reference price and move the demo market clock.
 * The clock starts at 09:00 of today's (or the next) trading day; `openMarket` opens the morning
 * session; `toAfternoon` closes it and opens the afternoon (listed and block) session.
 */
export async function listInstrument(reg: Registry, vintage = 2024, referencePrice = '50.00', instrument: 'CEA' | 'CCER' = 'CEA'): Promise<string> {
  return (await createInstrument(reg.exchange, { instrument, vintage, referencePrice })).symbol;
}

export async function openMarket(reg: Registry): Promise<void> {
  await controlClock(reg.exchange, { action: 'open-session' });
}

export async function toAfternoon(reg: Registry): Promise<void> {
  await controlClock(reg.exchange, { action: 'close-session' });
  await controlClock(reg.exchange, { action: 'open-session' });
}

/** Closes the day (15:00 day end) and opens the next trading day's morning session. */
export async function nextDay(reg: Registry): Promise<void> {
  const clock = await db().$queryRaw<{ h: number }[]>`SELECT extract(hour FROM simulated_at AT TIME ZONE 'Asia/Shanghai')::int AS h FROM market_clock`;
  const hour = clock[0]?.h ?? 9;
  if (hour >= 9 && hour < 11) await controlClock(reg.exchange, { action: 'close-session' });
  await controlClock(reg.exchange, { action: 'next-trading-day' });
  await controlClock(reg.exchange, { action: 'open-session' });
}

export async function cashOf(accountId: number): Promise<{ available: string; locked: string }> {
  const c = await db().cashAccount.findFirstOrThrow({ where: { tradingAccount: { registryAccountId: accountId } } });
  return { available: c.available.toFixed(2), locked: c.locked.toFixed(2) };
}

export async function setSettings(data: { feeRate?: string; riskReserveShare?: string; entityPositionLimit?: bigint | null; investorPositionLimit?: bigint | null; largeHolderThreshold?: bigint | null; listAndCancelThreshold?: number }): Promise<void> {
  await db().marketSettings.update({ where: { id: 1 }, data });
}

export type { Actor };

// ---------- refusals and market-wide invariants ----------

/** The stable code of a refusal; anything that is not a DomainError is reported as UNEXPECTED. */
export const codeOf = (e: unknown): string => (e instanceof DomainError ? e.code : `UNEXPECTED: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

/** Awaits a use case expected to be refused, returning the DomainError (fails the test otherwise). */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof DomainError)) throw new Error(e === null ? 'expected a refusal, but the use case succeeded' : `expected a DomainError, got ${codeOf(e)}`);
  return e;
}

/** Expects a refusal with this code (and HTTP status, when given). */
export async function expectRefused(p: Promise<unknown>, code: string, status?: number): Promise<DomainError> {
  const e = await refusal(p);
  expect({ code: e.code, ...(status ? { status: e.status } : {}) }, e.message).toEqual({ code, ...(status ? { status } : {}) });
  return e;
}

export interface MarketTotals {
  /** Participants' holdings (every bucket) per instrument-vintage, e.g. { 'CEA-2024': 1000n }. */
  participantUnits: Record<string, bigint>;
  /** Cash of all participants (available + locked). */
  participantCash: string;
  feeIncome: string;
  riskReserve: string;
  /** Everything deposited from the settlement bank. */
  deposits: string;
  /** Σ buyer and seller fees over every trade. */
  tradeFees: string;
}

export async function marketTotals(): Promise<MarketTotals> {
  const units = await db().$queryRaw<{ asset: string; total: bigint }[]>`
    SELECT h.instrument || '-' || h.vintage AS asset, sum(h.available + h.locked + h.pledged + h.frozen)::bigint AS total
      FROM holding h JOIN registry_account a ON a.id = h.account_id
     WHERE a.type = 'PARTICIPANT' GROUP BY 1 ORDER BY 1`;
  const [cash] = await db().$queryRaw<{ participants: unknown; fees: unknown; reserve: unknown; bank: unknown; trade_fees: unknown }[]>`
    SELECT coalesce(sum(available + locked) FILTER (WHERE type = 'PARTICIPANT'), 0) AS participants,
           coalesce(sum(available + locked) FILTER (WHERE type = 'EXCHANGE_FEES'), 0) AS fees,
           coalesce(sum(available + locked) FILTER (WHERE type = 'RISK_RESERVE'), 0) AS reserve,
           coalesce(sum(available + locked) FILTER (WHERE type = 'EXTERNAL_BANK'), 0) AS bank,
           (SELECT coalesce(sum(buyer_fee + seller_fee), 0) FROM trade) AS trade_fees
      FROM cash_account`;
  const m = (v: unknown) => new Decimal(String(v)).toFixed(2);
  return {
    participantUnits: Object.fromEntries(units.map((u) => [u.asset, u.total])),
    participantCash: m(cash!.participants),
    feeIncome: m(cash!.fees),
    riskReserve: m(cash!.reserve),
    deposits: new Decimal(String(cash!.bank)).neg().toFixed(2),
    tradeFees: m(cash!.trade_fees),
  };
}

/**
 * The invariants of the trading system, market-wide:
 * - the journal reproduces every balance, every entry balances, no bucket is negative, every vintage is conserved;
 * - cash is conserved: participants + fee income + risk reserve = deposits; fee income + risk reserve = Σ trade fees;
 * - every participant's locked units are exactly the remaining quantity of its open SELL listings and pending
 *   SELL block proposals, and its locked cash exactly what its open BUY listings and pending BUY proposals hold;
 * - each open BUY listing holds exactly the value of its remaining quantity plus its outstanding fee.
 */
export async function expectTradingInvariants(): Promise<MarketTotals> {
  const report = await verifyLedger();
  expect({ holdings: report.holdingMismatches, cash: report.cashMismatches, unbalanced: report.unbalancedEntries, negative: report.negativeBalances, ccerLots: report.ccerLotMismatches }).toEqual({
    holdings: [], cash: [], unbalanced: [], negative: 0, ccerLots: [],
  });
  expect(report.vintages.filter((v) => v.net !== '0')).toEqual([]);
  expect(report.ok).toBe(true);

  const totals = await marketTotals();
  expect(new Decimal(totals.participantCash).plus(totals.feeIncome).plus(totals.riskReserve).toFixed(2)).toBe(totals.deposits);
  expect(new Decimal(totals.feeIncome).plus(totals.riskReserve).toFixed(2)).toBe(totals.tradeFees);
  const [negativeCash] = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM cash_account WHERE type <> 'EXTERNAL_BANK' AND (available < 0 OR locked < 0)`;
  expect(negativeCash!.n).toBe(0n);

  const unitLocks = await db().$queryRaw<{ account_id: number; asset: string; locked: bigint; needed: bigint }[]>`
    WITH need AS (
      SELECT l.account_id, i.instrument, i.vintage, l.remaining AS q FROM listing l JOIN trading_instrument i ON i.symbol = l.symbol
       WHERE l.status = 'OPEN' AND l.side = 'SELL'
      UNION ALL
      SELECT p.initiator_account_id, i.instrument, i.vintage, p.quantity FROM block_proposal p JOIN trading_instrument i ON i.symbol = p.symbol
       WHERE p.status = 'PENDING' AND p.side = 'SELL'),
    needed AS (SELECT account_id, instrument, vintage, sum(q) AS q FROM need GROUP BY 1, 2, 3),
    held AS (SELECT h.account_id, h.instrument, h.vintage, h.locked FROM holding h JOIN registry_account a ON a.id = h.account_id WHERE a.type = 'PARTICIPANT')
    SELECT coalesce(h.account_id, n.account_id) AS account_id, coalesce(h.instrument, n.instrument) || '-' || coalesce(h.vintage, n.vintage) AS asset,
           coalesce(h.locked, 0)::bigint AS locked, coalesce(n.q, 0)::bigint AS needed
      FROM held h FULL JOIN needed n ON n.account_id = h.account_id AND n.instrument = h.instrument AND n.vintage = h.vintage
     WHERE coalesce(h.locked, 0) <> coalesce(n.q, 0)`;
  expect(unitLocks).toEqual([]);

  const cashLocks = await db().$queryRaw<{ id: number; locked: string; needed: string }[]>`
    WITH need AS (
      SELECT cash_account_id AS id, locked_cash AS amt FROM listing WHERE status = 'OPEN' AND side = 'BUY'
      UNION ALL
      SELECT c.id, p.locked_cash FROM block_proposal p
        JOIN trading_account t ON t.registry_account_id = p.initiator_account_id JOIN cash_account c ON c.trading_account_id = t.id
       WHERE p.status = 'PENDING' AND p.side = 'BUY'),
    needed AS (SELECT id, sum(amt) AS amt FROM need GROUP BY id)
    SELECT c.id, c.locked::text AS locked, coalesce(n.amt, 0)::text AS needed
      FROM cash_account c LEFT JOIN needed n ON n.id = c.id
     WHERE c.type = 'PARTICIPANT' AND c.locked <> coalesce(n.amt, 0)`;
  expect(cashLocks).toEqual([]);

  const { feeRate } = await db().marketSettings.findUniqueOrThrow({ where: { id: 1 } });
  const buys = await db().listing.findMany({ where: { status: 'OPEN', side: 'BUY' } });
  for (const l of buys) {
    const price = new Decimal(l.price.toString());
    const need = requiredBuyLock(price, l.quantity - l.remaining, l.remaining, new Decimal(feeRate.toString()));
    expect(new Decimal(l.lockedCash.toString()).toFixed(2), `listing ${l.id}`).toBe(need.toFixed(2));
  }
  const finished = await db().listing.count({ where: { status: { not: 'OPEN' }, lockedCash: { not: 0 } } });
  expect(finished, 'listings no longer open hold no cash').toBe(0);
  const decided = await db().blockProposal.count({ where: { status: { not: 'PENDING' }, lockedCash: { not: 0 } } });
  expect(decided, 'decided block proposals hold no cash').toBe(0);
  return totals;
}
