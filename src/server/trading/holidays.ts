import { db } from '@/db/client';
import { addDays, isTradingDay } from '@/domain/trading/calendar';
import type { HolidayCommand } from '@/schemas/trading';
import { conflict, notFound, ruleViolation } from '../errors';
import { requireRole, type Actor } from '../identity/actor';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { invalidateHolidays, marketState } from './market';

/**
 * The exchange holiday calendar (交易日历): weekdays without trading. The exchange operator adds
 * and removes holidays for dates after today on the market clock — never today or a past day,
 * whose sessions, orders and day end already follow the calendar as it was.
 */
export interface Holiday {
  date: string;
  name: string;
}

export async function listHolidays(q: { from?: string; days: number }): Promise<Holiday[]> {
  const from = q.from ?? (await marketState()).now.date;
  const rows = await db().tradingHoliday.findMany({
    where: { date: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${addDays(from, q.days)}T00:00:00Z`) } },
    orderBy: { date: 'asc' },
  });
  return rows.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name }));
}

async function requireFutureDate(date: string): Promise<string> {
  const today = (await marketState()).now.date;
  if (date <= today) {
    throw ruleViolation('HOLIDAY_NOT_IN_FUTURE', `Only dates after today (${today} on the market clock) can be changed in the calendar.`, { date: `must be after ${today}` });
  }
  return today;
}

export async function addHoliday(actor: Actor, cmd: HolidayCommand): Promise<Holiday> {
  requireRole(actor, 'EXCHANGE_OPERATOR', 'ADMIN');
  await requireFutureDate(cmd.date);
  if (!isTradingDay(cmd.date, new Set())) throw ruleViolation('NOT_A_WEEKDAY', `${cmd.date} is a weekend day: there is no trading anyway.`, { date: 'is a Saturday or Sunday' });
  const created = await inTransaction(async (tx) => {
    const existing = await tx.tradingHoliday.findUnique({ where: { date: new Date(`${cmd.date}T00:00:00Z`) } });
    if (existing) throw conflict('HOLIDAY_EXISTS', `${cmd.date} is already a holiday (${existing.name}).`, { date: 'already a holiday' });
    await tx.tradingHoliday.create({ data: { date: new Date(`${cmd.date}T00:00:00Z`), name: cmd.name } });
    await recordAudit(tx, actor, { action: 'calendar.holiday.add', targetType: 'trading_holiday', targetId: cmd.date, after: cmd });
    return { date: cmd.date, name: cmd.name };
  });
  invalidateHolidays();
  return created;
}

export async function removeHoliday(actor: Actor, date: string): Promise<Holiday> {
  requireRole(actor, 'EXCHANGE_OPERATOR', 'ADMIN');
  await requireFutureDate(date);
  const removed = await inTransaction(async (tx) => {
    const existing = await tx.tradingHoliday.findUnique({ where: { date: new Date(`${date}T00:00:00Z`) } });
    if (!existing) throw notFound(`The holiday on ${date}`);
    await tx.tradingHoliday.delete({ where: { date: existing.date } });
    await recordAudit(tx, actor, { action: 'calendar.holiday.remove', targetType: 'trading_holiday', targetId: date, before: { date, name: existing.name } });
    return { date, name: existing.name };
  });
  invalidateHolidays();
  return removed;
}
