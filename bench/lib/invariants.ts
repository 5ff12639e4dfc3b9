import Decimal from 'decimal.js';
import { requiredBuyLock } from '@/server/trading/listings';
import type { LedgerReport } from '@/server/registry/verify';
import { withClient } from './cluster';

/**
 * After the load: the app's own ledger verification (GET /api/v1/registry/verify: balances
 * recomputed from the journal, balanced entries, no negative balance, conservation per vintage,
 * audit chain) plus the trading invariants checked here in SQL. Every figure is a count of
 * violating rows; all must be zero.
 */
export interface InvariantReport {
  violations: number;
  checks: Record<string, number>;
  ledger: Pick<LedgerReport, 'ok' | 'holdingsChecked' | 'negativeBalances' | 'vintages' | 'auditChain'> & {
    holdingMismatches: number;
    cashMismatches: number;
    unbalancedEntries: number;
  };
  database: { trades: number; tradedTonnes: number; openListings: number; listings: number };
}

async function count(c: import('pg').Client, sql: string): Promise<number> {
  const { rows } = await c.query<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

export async function checkInvariants(url: string, ledger: LedgerReport, clientTrades: number): Promise<InvariantReport> {
  return withClient(url, async (c) => {
    const checks: Record<string, number> = {};
    checks.negativeHoldings = await count(c, `SELECT count(*) AS n FROM holding WHERE (available < 0 AND NOT is_source) OR locked < 0 OR pledged < 0 OR frozen < 0`);
    checks.negativeCash = await count(c, `SELECT count(*) AS n FROM cash_account WHERE (available < 0 AND NOT is_source) OR locked < 0`);
    checks.vintagesNotConserved = await count(c, `
      SELECT count(*) AS n FROM (SELECT 1 FROM holding GROUP BY instrument, vintage HAVING sum(available + locked + pledged + frozen) <> 0) v`);
    checks.cashNotConserved = await count(c, `SELECT count(*) AS n FROM (SELECT 1 FROM cash_account HAVING sum(available + locked) <> 0) v`);
    checks.listingRemainingOutOfRange = await count(c, `SELECT count(*) AS n FROM listing WHERE remaining < 0 OR remaining > quantity`);
    checks.listingRemainingNotQuantityMinusTrades = await count(c, `
      SELECT count(*) AS n FROM listing l
        LEFT JOIN (SELECT listing_id, sum(quantity) AS q FROM trade WHERE listing_id IS NOT NULL GROUP BY listing_id) t ON t.listing_id = l.id
       WHERE l.remaining <> l.quantity - coalesce(t.q, 0)`);
    checks.listingStatusInconsistent = await count(c, `
      SELECT count(*) AS n FROM listing WHERE (status = 'OPEN' AND remaining = 0) OR (status = 'FILLED' AND remaining <> 0)`);
    checks.tradesOverListingPrice = await count(c, `
      SELECT count(*) AS n FROM trade t JOIN listing l ON l.id = t.listing_id WHERE t.price <> l.price OR t.amount <> round(t.price * t.quantity, 2)`);

    // Cash a listing keeps locked: exactly what its remaining quantity needs (BUY, open), else nothing.
    const [settings] = (await c.query<{ fee_rate: string }>('SELECT fee_rate::text FROM market_settings WHERE id = 1')).rows;
    const rate = new Decimal(settings?.fee_rate ?? '0');
    const listings = (await c.query<{ side: string; status: string; price: string; quantity: string; remaining: string; locked_cash: string }>(
      'SELECT side::text, status::text, price::text, quantity::text, remaining::text, locked_cash::text FROM listing',
    )).rows;
    checks.listingLockedCashWrong = listings.filter((l) => {
      const locked = new Decimal(l.locked_cash);
      if (l.side !== 'BUY' || l.status !== 'OPEN') return !locked.isZero();
      const remaining = BigInt(l.remaining);
      const needed = requiredBuyLock(new Decimal(l.price), BigInt(l.quantity) - remaining, remaining, rate);
      return !locked.equals(needed);
    }).length;

    // Locked buckets equal what the open listings and pending block proposals need.
    checks.lockedUnitsNotOpenSells = await count(c, `
      WITH need AS (
        SELECT l.account_id, i.instrument, i.vintage, sum(l.remaining) AS q FROM listing l JOIN trading_instrument i ON i.symbol = l.symbol
         WHERE l.side = 'SELL' AND l.status = 'OPEN' GROUP BY 1, 2, 3
        UNION ALL
        SELECT p.initiator_account_id, i.instrument, i.vintage, sum(p.quantity) FROM block_proposal p JOIN trading_instrument i ON i.symbol = p.symbol
         WHERE p.side = 'SELL' AND p.status = 'PENDING' GROUP BY 1, 2, 3),
      per AS (SELECT account_id, instrument, vintage, sum(q) AS q FROM need GROUP BY 1, 2, 3)
      SELECT count(*) AS n FROM holding h FULL OUTER JOIN per p USING (account_id, instrument, vintage)
       WHERE coalesce(h.locked, 0) <> coalesce(p.q, 0)`);
    checks.lockedCashNotOpenBuys = await count(c, `
      WITH need AS (
        SELECT cash_account_id AS id, sum(locked_cash) AS amt FROM listing WHERE side = 'BUY' AND status = 'OPEN' GROUP BY 1
        UNION ALL
        SELECT ca.id, sum(p.locked_cash) FROM block_proposal p
          JOIN trading_account ta ON ta.registry_account_id = p.initiator_account_id JOIN cash_account ca ON ca.trading_account_id = ta.id
         WHERE p.side = 'BUY' AND p.status = 'PENDING' GROUP BY 1),
      per AS (SELECT id, sum(amt) AS amt FROM need GROUP BY 1)
      SELECT count(*) AS n FROM cash_account a FULL OUTER JOIN per p USING (id) WHERE coalesce(a.locked, 0) <> coalesce(p.amt, 0)`);

    const [db] = (await c.query<{ trades: string; tonnes: string | null; open: string; listings: string }>(`
      SELECT (SELECT count(*) FROM trade) AS trades, (SELECT sum(quantity) FROM trade) AS tonnes,
             (SELECT count(*) FROM listing WHERE status = 'OPEN') AS open, (SELECT count(*) FROM listing) AS listings`)).rows;
    const trades = Number(db?.trades ?? 0);
    // Every trade the database holds was reported to a taker, and the other way round.
    checks.tradesNotReportedToClients = Math.abs(trades - clientTrades);

    const ledgerSummary = {
      ok: ledger.ok,
      holdingsChecked: ledger.holdingsChecked,
      holdingMismatches: ledger.holdingMismatches.length,
      cashMismatches: ledger.cashMismatches.length,
      unbalancedEntries: ledger.unbalancedEntries.length,
      negativeBalances: ledger.negativeBalances,
      vintages: ledger.vintages,
      auditChain: ledger.auditChain,
    };
    checks.ledgerVerification =
      ledgerSummary.holdingMismatches + ledgerSummary.cashMismatches + ledgerSummary.unbalancedEntries + ledgerSummary.negativeBalances +
      ledger.vintages.filter((v) => v.net !== '0').length + (ledger.auditChain.ok ? 0 : 1);
    if (!ledger.ok && checks.ledgerVerification === 0) checks.ledgerVerification = 1;

    const violations = Object.values(checks).reduce((s, n) => s + n, 0);
    return {
      violations,
      checks,
      ledger: ledgerSummary,
      database: { trades, tradedTonnes: Number(db?.tonnes ?? 0), openListings: Number(db?.open ?? 0), listings: Number(db?.listings ?? 0) },
    };
  });
}
