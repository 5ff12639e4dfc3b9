import { addDays, fromMarketTime, isTradingDay, toMarketTime } from '@/domain/trading/calendar';

/**
 * The registries' delays (DOMAIN §7b; EU Union Registry, UK ETS Registry):
 * - an account added to a trusted account list is trusted only after a delay counted in business
 *   hours — hours of working days (Monday to Friday except holidays, Beijing time); the EU uses
 *   4 working days;
 * - a non-trade transfer to an account not on the list waits a delay in hours (the EU: 26 hours),
 *   during which either side or the registry operator may cancel it; to a trusted account it
 *   proceeds at once after approval.
 * Both are settings (TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS, TRANSFER_DELAY_HOURS); these are the defaults.
 */
export const DEFAULT_TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS = 4 * 24;
export const DEFAULT_TRANSFER_DELAY_HOURS = 26;

const MINUTES_PER_DAY = 24 * 60;

/**
 * The instant `hours` business hours after `start`: only time on working days counts. Starting on
 * a weekend or holiday, the count begins at the next working day's midnight.
 */
export function addBusinessHours(start: Date, hours: number, holidays: ReadonlySet<string>): Date {
  let t = toMarketTime(start);
  let remaining = Math.round(hours * 60);
  for (let guard = 0; guard < 3660; guard++) {
    if (!isTradingDay(t.date, holidays)) {
      t = { date: addDays(t.date, 1), minute: 0 };
      continue;
    }
    const left = MINUTES_PER_DAY - t.minute;
    if (remaining <= left) return fromMarketTime({ date: t.date, minute: t.minute + remaining });
    remaining -= left;
    t = { date: addDays(t.date, 1), minute: 0 };
  }
  throw new Error('addBusinessHours: no working day within ten years');
}

/** When a transfer to an untrusted account, approved at `approvedAt`, moves. */
export function delayedTransferExecutesAt(approvedAt: Date, delayHours: number): Date {
  return new Date(approvedAt.getTime() + delayHours * 3_600_000);
}

export type TrustedAccountState = 'PENDING_APPROVAL' | 'PENDING_ACTIVATION' | 'TRUSTED' | 'REJECTED' | 'REMOVED';

/** A trusted-account entry's state now: an approved entry is trusted from `activeFrom` on. */
export function trustedAccountState(status: string, activeFrom: Date | null, now: Date): TrustedAccountState {
  if (status === 'APPROVED') return activeFrom !== null && activeFrom.getTime() <= now.getTime() ? 'TRUSTED' : 'PENDING_ACTIVATION';
  return status as TrustedAccountState;
}

/** A delayed transfer may be cancelled only while its delay runs; once due it moves. */
export function delayedTransferCancellable(executesAt: Date, now: Date): boolean {
  return now.getTime() < executesAt.getTime();
}
