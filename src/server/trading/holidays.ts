import { db } from '@/db/client';
import { addDays, isTradingDay } from '@/domain/trading/calendar';
import type { HolidayCommand } from '@/schemas/trading';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { marketState } from './market';

/**
 * The exchange holiday calendar (交易日历): weekdays without trading. The exchange operator adds
 * and removes holidays for dates after today on the market clock — never today or a past day,
 * whose sessions, orders and day end already follow the calendar as it was.
 */
export interface Holiday {
  date: string;
  name: string;
  /** The name in Chinese (null when the operator gave none: readers then see the English name). */
  nameZh: string | null;
}

export async function listHolidays(q: { from?: string; days: number }): Promise<Holiday[]> {
  const from = q.from ?? (await marketState()).now.date;
  const rows = await db().tradingHoliday.findMany({
    where: { date: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${addDays(from, q.days)}T00:00:00Z`) } },
    orderBy: { date: 'asc' },
  });
  return rows.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, nameZh: h.nameZh }));
}

async function requireFutureDate(date: string): Promise<string> {
  const today = (await marketState()).now.date;
  if (date <= today) {
    throw fail('HOLIDAY_NOT_IN_FUTURE', { today }, { date: problem('HOLIDAY_NOT_IN_FUTURE', { today }) });
  }
  return today;
}

export async function addHoliday(actor: Actor, cmd: HolidayCommand): Promise<Holiday> {
  authorize(actor, 'market.operate');
  await requireFutureDate(cmd.date);
  if (!isTradingDay(cmd.date, new Set())) throw fail('NOT_A_WEEKDAY', { date: cmd.date }, { date: problem('NOT_A_WEEKDAY', { date: cmd.date }) });
  return inTransaction(async (tx) => {
    const existing = await tx.tradingHoliday.findUnique({ where: { date: new Date(`${cmd.date}T00:00:00Z`) } });
    if (existing) {
      const params = { date: cmd.date, name: existing.name };
      throw fail('HOLIDAY_EXISTS', params, { date: problem('HOLIDAY_EXISTS', params) });
    }
    await tx.tradingHoliday.create({ data: { date: new Date(`${cmd.date}T00:00:00Z`), name: cmd.name, nameZh: cmd.nameZh ?? null } });
    await recordAudit(tx, actor, { action: 'calendar.holiday.add', targetType: 'trading_holiday', targetId: cmd.date, after: cmd });
    return { date: cmd.date, name: cmd.name, nameZh: cmd.nameZh ?? null };
  });
}

export async function removeHoliday(actor: Actor, date: string): Promise<Holiday> {
  authorize(actor, 'market.operate');
  await requireFutureDate(date);
  return inTransaction(async (tx) => {
    const existing = await tx.tradingHoliday.findUnique({ where: { date: new Date(`${date}T00:00:00Z`) } });
    if (!existing) throw fail('NOT_FOUND', { what: 'holiday', id: date });
    await tx.tradingHoliday.delete({ where: { date: existing.date } });
    await recordAudit(tx, actor, { action: 'calendar.holiday.remove', targetType: 'trading_holiday', targetId: date, before: { date, name: existing.name, nameZh: existing.nameZh } });
    return { date, name: existing.name, nameZh: existing.nameZh };
  });
}
