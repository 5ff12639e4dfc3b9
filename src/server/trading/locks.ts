import { Prisma } from '@/generated/prisma/client';
import type { Tx } from '../tx';

/**
 * Lock order of the trading system (after the registry's: accounts → holdings → cash → audit):
 *   day-end lock → instrument lock → listing / proposal rows → registry accounts → holdings → cash → audit.
 *
 * The instrument lock is a transaction-scoped advisory lock per symbol. Every change to EXISTING
 * listings of an instrument (take, amend, cancel, expiry) holds it, so a take sees a stable book
 * and price-time priority holds under concurrency. Placing a listing does not need it: a new
 * listing joins the book at the back of its price level when it commits.
 *
 * Holdings: a take or a block acceptance locks the holdings of ALL its parties in one statement, in
 * account-id order (lockHoldings), before checking the seller's alone; checking the seller's first
 * deadlocked against a block acceptance between the same two parties.
 *
 * The market settings row is read FOR SHARE by the use cases that lock or charge fees
 * (tradingFeeRate) and taken FOR UPDATE only by a settings change, which locks nothing before it.
 */
export const DAY_END_LOCK_KEY = 7302612;

export async function lockInstrument(tx: Tx, symbol: string): Promise<void> {
  await tx.$executeRaw`SELECT ${instrumentLock(symbol)}`;
}

/** The instrument lock as an SQL expression, to take it in a statement that reads something else too. */
export const instrumentLock = (symbol: string): Prisma.Sql => Prisma.sql`pg_advisory_xact_lock(7302613, hashtext(${symbol}))`;

export async function lockDayEnd(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DAY_END_LOCK_KEY})`;
}

// Every use case that places or fills an order holds the day-end lock in SHARED mode for its whole
// transaction (taken by sessionIn in market.ts, in the same statement that reads the clock), so the
// day end (exclusive) runs only between them — an order either commits before the day end, which
// then expires it, or starts after it and finds the session closed.
