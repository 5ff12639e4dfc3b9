import { marketClockMode } from '@/config/env';
import { db } from '@/db/client';
import { sealAuditLog } from '../audit/audit';
import { takeSupplySnapshots } from '../analytics/supplySnapshot';
import { CHECKPOINT_EVERY_ENTRIES, takeLedgerCheckpoint } from '../registry/verify';
import { runDueWork } from './dueWork';

/**
 * The server process's schedule: runs the due time-driven work (`runDueWork`) every few seconds,
 * so that a day end, an auction window or an expiry happens when real time reaches it even if
 * nobody writes; then seals the audit records committed since into the hash chain (`sealAuditLog`),
 * takes a ledger checkpoint every CHECKPOINT_EVERY_ENTRIES journal entries (verification starts there),
 * and fixes the supply figures of a compliance year once its deadline has passed (the analysis reads them).
 * One tick at a time per process; several processes are safe (every step is idempotent and takes
 * its own locks). Started once by src/instrumentation.ts.
 */
export const SCHEDULE_INTERVAL_MS = 5_000;

export function startScheduler(intervalMs = SCHEDULE_INTERVAL_MS): () => void {
  // In production the market runs on real Beijing time: the database stamps business events with
  // market_now(), which is real time only while no demo clock is set.
  const ready = marketClockMode() === 'real' ? db().$executeRaw`UPDATE market_clock SET simulated_at = NULL WHERE simulated_at IS NOT NULL`.then(() => undefined) : Promise.resolve();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueWork();
    } catch (error) {
      console.error('[schedule] the due work failed; it is tried again at the next tick', error);
    }
    try {
      await sealAuditLog();
    } catch (error) {
      console.error('[schedule] sealing the audit log failed; it is tried again at the next tick', error);
    }
    try {
      await takeLedgerCheckpoint({ minEntries: CHECKPOINT_EVERY_ENTRIES });
    } catch (error) {
      console.error('[schedule] taking a ledger checkpoint failed; it is tried again at the next tick', error);
    }
    try {
      await takeSupplySnapshots();
    } catch (error) {
      console.error('[schedule] taking the supply snapshots failed; they are tried again at the next tick', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void ready.then(tick, (error: unknown) => console.error('[schedule] could not set the market clock to real time', error));
  return () => clearInterval(timer);
}
