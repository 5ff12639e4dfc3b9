import { Prisma } from '@/generated/prisma/client';
import { summariseTrades } from '../analytics/tradeSummary';
import { applyAuctionWindows, auctionWindowsDue } from '../auction/auctions';
import { expireTransitions } from '../compliance/coveredEntities';
import { approvalsDue, expireApprovals } from '../registry/approvals';
import { executeDueTransfers, transfersDue } from '../registry/movements';
import { remindDeadlines } from '../notifications/deadlines';
import { deliverPendingEmails, emailsDue, emptyOutboxReport, type OutboxReport } from '../notifications/outbox';
import { catchUpDayEnd, type DayEndReport, type DayEndStep } from '../trading/dayEnd';
import { clockView, marketState, marketStateWith, moveDemoClock, type ClockView } from '../trading/market';
import { RECENT_CYCLE_ROWS, type CycleRow } from '../compliance/cycle';
import type { Actor } from '../identity/actor';
import { fromMarketTime } from '@/domain/trading/calendar';
import type { ClockCommand } from '@/schemas/trading';

/**
 * The one place where time-driven work runs: what falls due on the market clock. Reads never do
 * it (a GET, a page or a list changes nothing); it runs
 * - before every write use case (the API wrapper and the server-action wrapper call `runDueWork`),
 * - after the exchange operator moves the demo clock (`controlClock`),
 * - on the server's schedule (src/server/schedule/scheduler.ts), for real time passing by.
 * Every step is idempotent and safe with several app processes: the day end takes the day-end lock
 * and re-checks the day it closes; auction windows change with one conditional UPDATE.
 */

/** Steps other contexts run inside the trading day end's transaction (trading imports none of them). */
export const DAY_END_STEPS: readonly DayEndStep[] = [
  // A removed entity's leftover CEA expire at the day end of its transition date, after the day's listings released their locks.
  { name: 'expiredEntities', run: expireTransitions },
  // The day's CEA volumes and traders for the compliance-behaviour analysis (and any day not summarised yet).
  { name: 'tradesSummarised', run: summariseTrades },
];

export interface DueWorkReport {
  dayEnd: DayEndReport | null;
  auctionsChanged: number;
  /** Delayed non-trade transfers whose delay ended (moved, or rejected if the destination can no longer receive). */
  transfersExecuted: number;
  /** Four-eyes requests closed as expired. */
  approvalsExpired: number;
  /** Surrender deadline reminders written (notifications). */
  deadlineReminders: number;
  /** The notification emails' outbox (mailed after the commit of what notified). */
  emails: OutboxReport;
}

/**
 * Runs before every write, so most calls find nothing due: ONE statement reads the clock and asks
 * every step whether it has work (each step's own SQL condition; the deadline reminders' cycles),
 * then only the steps that do run.
 */
export async function runDueWork(): Promise<DueWorkReport> {
  // One read of the clock serves every step (the day end re-checks its day under its lock).
  const { state, extra: due } = await marketStateWith<{ auctions: boolean; transfers: boolean; approvals: boolean; emails: boolean; cycles: CycleRow[] }>(
    Prisma.sql`${auctionWindowsDue(Prisma.sql`market_now()`)} AS auctions, ${transfersDue} AS transfers, ${approvalsDue} AS approvals, ${emailsDue} AS emails,
               ${RECENT_CYCLE_ROWS} AS cycles`,
  );
  const now = fromMarketTime(state.now);
  const dayEnd = await catchUpDayEnd(DAY_END_STEPS, state);
  const auctionsChanged = due.auctions || dayEnd ? await applyAuctionWindows(now) : 0;
  const transfersExecuted = due.transfers ? await executeDueTransfers() : 0;
  const approvalsExpired = due.approvals ? await expireApprovals() : 0;
  const deadlineReminders = await remindDeadlines(state.now.date, due.cycles);
  // Last: the emails of what the steps above (and the use cases before) notified.
  const notified = dayEnd !== null || auctionsChanged + transfersExecuted + approvalsExpired + deadlineReminders > 0;
  const emails = due.emails || notified ? await deliverPendingEmails() : emptyOutboxReport();
  return { dayEnd, auctionsChanged, transfersExecuted, approvalsExpired, deadlineReminders, emails };
}

/**
 * The exchange operator moves the demo clock (open or close a session, next trading day, set a
 * time; never backwards; refused in production), and what falls due by the new time runs: crossing
 * 15:00 runs the day end, an auction window that opens or closes changes the auction's status.
 */
export async function controlClock(actor: Actor, cmd: ClockCommand): Promise<ClockView> {
  await runDueWork();
  await moveDemoClock(actor, cmd);
  await runDueWork();
  return clockView(await marketState());
}
