import { note, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { closingPriceFromTotals } from '@/domain/trading/closingPrice';
import { recordAudit } from '../audit/audit';
import type { Actor } from '../identity/actor';
import { postEntry } from '../registry/ledger';
import { inTransaction, type Tx } from '../tx';
import { allInstruments, bandBase } from './instruments';
import { releaseLegs } from './listings';
import { lockDayEnd, lockInstrument } from './locks';
import { dueDayEnd, type MarketState } from './market';
import { lastEndedTradingDay } from '@/domain/trading/calendar';
import { db } from '@/db/client';

/**
 * Day end (15:00): every open listing and pending block proposal of the day (and of any earlier
 * day) expires and its lock is released exactly; each instrument's closing price is set — the
 * VWAP of the day's LISTED trades, else the previous close — and becomes the next day's previous
 * close; the day's bar is kept for charts. Runs once per trading day, in one transaction.
 */
export interface DayEndReport {
  day: string;
  expiredListings: number;
  expiredProposals: number;
  closes: { symbol: string; close: string; volume: number }[];
  /** What each step of another context did, by the step's name (e.g. entities whose transition expired). */
  steps: Record<string, number>;
}

/**
 * A step another bounded context runs inside the day end's transaction, after the listings' locks
 * are released (compliance: a removed entity's leftover CEA expire at the day end of its transition
 * date). Trading knows no other context: the caller of the day end (src/server/schedule) passes them.
 */
export interface DayEndStep {
  name: string;
  run(tx: Tx, day: string): Promise<number>;
}

interface OpenLock {
  id: bigint | number;
  symbol: string;
  side: 'BUY' | 'SELL';
  account_id: number;
  cash_account_id: number | null;
  qty: bigint;
  locked_cash: { toString(): string };
}

async function releaseAll(tx: Tx, locks: OpenLock[], assets: Map<string, { instrument: 'CEA' | 'CCER'; vintage: number }>, memo: Note): Promise<void> {
  const legs = locks.map((l) =>
    releaseLegs({ side: l.side, accountId: l.account_id, cashAccountId: l.cash_account_id ?? 0 }, assets.get(l.symbol)!, l.qty, new Decimal(l.locked_cash.toString())),
  );
  const units = legs.flatMap((l) => l.units);
  const cash = legs.flatMap((l) => l.cash);
  if (units.length + cash.length > 0) await postEntry(tx, { type: 'UNLOCK', memo, actorUserId: null, units, cash });
}

export async function runDayEnd(actor: Actor | null, day: string, steps: readonly DayEndStep[] = []): Promise<DayEndReport | null> {
  return inTransaction(async (tx) => {
    await lockDayEnd(tx);
    const clock = await tx.$queryRaw<{ closed_through: string | null }[]>`
      SELECT to_char(closed_through, 'YYYY-MM-DD') AS closed_through FROM market_clock WHERE id = 1 FOR UPDATE`;
    const closedThrough = clock[0]?.closed_through ?? null;
    if (closedThrough !== null && closedThrough >= day) return null;

    const instruments = await allInstruments(tx);
    for (const i of instruments) await lockInstrument(tx, i.symbol);
    const assets = new Map(instruments.map((i) => [i.symbol, { instrument: i.instrument, vintage: i.vintage }]));

    const listings = await tx.$queryRaw<OpenLock[]>`
      SELECT id, symbol, side, account_id, cash_account_id, remaining AS qty, locked_cash FROM listing
       WHERE status = 'OPEN' AND trading_day <= ${day}::date ORDER BY id FOR UPDATE`;
    await releaseAll(tx, listings, assets, note('LISTINGS_EXPIRED', { day }));
    if (listings.length) {
      await tx.$executeRaw`UPDATE listing SET status = 'EXPIRED', locked_cash = 0, updated_at = now() WHERE id IN (${Prisma.join(listings.map((l) => l.id))})`;
    }

    const proposals = await tx.$queryRaw<OpenLock[]>`
      SELECT p.id, p.symbol, p.side, p.initiator_account_id AS account_id, c.id AS cash_account_id, p.quantity AS qty, p.locked_cash
        FROM block_proposal p
        LEFT JOIN trading_account t ON t.registry_account_id = p.initiator_account_id
        LEFT JOIN cash_account c ON c.trading_account_id = t.id
       WHERE p.status = 'PENDING' AND p.trading_day <= ${day}::date ORDER BY p.id FOR UPDATE OF p`;
    await releaseAll(tx, proposals, assets, note('BLOCK_PROPOSALS_EXPIRED', { day }));
    if (proposals.length) {
      await tx.$executeRaw`UPDATE block_proposal SET status = 'EXPIRED', locked_cash = 0, decided_at = market_now() WHERE id IN (${Prisma.join(proposals.map((p) => p.id))})`;
    }

    const closes: DayEndReport['closes'] = [];
    for (const i of instruments) {
      let base = bandBase(i);
      if (!base) continue;
      // Every unclosed day with trades, in order (normally just `day`), then `day` itself.
      const days = await tx.$queryRaw<{ d: string }[]>`
        SELECT DISTINCT to_char(trading_day, 'YYYY-MM-DD') AS d FROM trade
         WHERE symbol = ${i.symbol} AND trading_day <= ${day}::date AND (${closedThrough}::date IS NULL OR trading_day > ${closedThrough}::date)
         ORDER BY d`;
      const toClose = [...new Set([...days.map((r) => r.d), day])].sort();
      for (const d of toClose) {
        const agg = await tx.$queryRaw<{ volume: bigint | null; value: { toString(): string } | null; high: unknown; low: unknown; open: unknown; block_volume: bigint | null; block_value: { toString(): string } | null }[]>`
          SELECT sum(quantity) FILTER (WHERE kind = 'LISTED')::bigint AS volume,
                 sum(price * quantity) FILTER (WHERE kind = 'LISTED') AS value,
                 max(price) FILTER (WHERE kind = 'LISTED') AS high, min(price) FILTER (WHERE kind = 'LISTED') AS low,
                 (array_agg(price ORDER BY id) FILTER (WHERE kind = 'LISTED'))[1] AS open,
                 sum(quantity) FILTER (WHERE kind = 'BLOCK')::bigint AS block_volume,
                 sum(amount) FILTER (WHERE kind = 'BLOCK') AS block_value
            FROM trade WHERE symbol = ${i.symbol} AND trading_day = ${d}::date`;
        const a = agg[0]!;
        const volume = a.volume ?? 0n;
        const close = closingPriceFromTotals(new Decimal(a.value?.toString() ?? '0'), volume, base);
        const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
        await tx.$executeRaw`
          INSERT INTO daily_bar (symbol, trading_day, previous_close, open, high, low, close, volume, turnover, block_volume, block_turnover)
          VALUES (${i.symbol}, ${d}::date, ${base.toFixed(2)}::numeric, ${str(a.open)}::numeric, ${str(a.high)}::numeric, ${str(a.low)}::numeric,
                  ${close.toFixed(2)}::numeric, ${volume}, ${new Decimal(a.value?.toString() ?? '0').toFixed(2)}::numeric,
                  ${a.block_volume ?? 0n}, ${new Decimal(a.block_value?.toString() ?? '0').toFixed(2)}::numeric)
          ON CONFLICT (symbol, trading_day) DO UPDATE SET previous_close = EXCLUDED.previous_close, open = EXCLUDED.open, high = EXCLUDED.high,
             low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, turnover = EXCLUDED.turnover,
             block_volume = EXCLUDED.block_volume, block_turnover = EXCLUDED.block_turnover`;
        base = close;
        if (d === day) closes.push({ symbol: i.symbol, close: close.toFixed(2), volume: Number(volume) });
      }
      await tx.$executeRaw`UPDATE trading_instrument SET previous_close = ${base.toFixed(2)}::numeric WHERE symbol = ${i.symbol}`;
    }

    const stepResults: Record<string, number> = {};
    for (const step of steps) stepResults[step.name] = await step.run(tx, day);
    await tx.$executeRaw`UPDATE market_clock SET closed_through = ${day}::date, updated_at = now() WHERE id = 1`;
    const report: DayEndReport = { day, expiredListings: listings.length, expiredProposals: proposals.length, closes, steps: stepResults };
    await recordAudit(tx, actor, { action: 'market.day_end', targetType: 'market_clock', targetId: day, after: report });
    return report;
  });
}

/**
 * Runs the trading day end that is due on the clock, if any (idempotent: the day end takes the
 * day-end lock and checks `closed_through` again, so two processes never run it twice). A fresh
 * market, never closed before, counts the day before its current trading day as closed.
 * Only `runDueWork` calls this, with the other contexts' day-end steps.
 */
export async function catchUpDayEnd(steps: readonly DayEndStep[], state: MarketState): Promise<DayEndReport | null> {
  if (state.closedThrough === null) {
    await db().$executeRaw`UPDATE market_clock SET closed_through = ${lastEndedTradingDay(state.now, state.holidays)}::date WHERE closed_through IS NULL`;
    return null;
  }
  const due = dueDayEnd(state);
  return due ? runDayEnd(null, due, steps) : null;
}
