import { beforeAll, describe, expect, it } from 'vitest';
import { nextTradingDay } from '@/domain/trading/calendar';
import { addHoliday, listHolidays, removeHoliday } from '@/server/trading/holidays';
import { getClock } from '@/server/trading/market';
import { controlClock } from '@/server/schedule/dueWork';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused, listInstrument, openMarket } from '../../support/trading';

/** The exchange operator keeps the holiday calendar; the market clock and sessions follow it. */
let reg: Registry;
let entity: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { cea: { 2024: 1_000 } });
  await listInstrument(reg);
  await openMarket(reg);
});

describe('holiday calendar', () => {
  it('adds a holiday on the next trading day: the clock skips it, and it is listed publicly', async () => {
    const clock = await getClock();
    const holiday = nextTradingDay(clock.marketTime.slice(0, 10), new Set());
    await addHoliday(reg.exchange, { date: holiday, name: 'Extra holiday', nameZh: '临时休市' });
    expect(await listHolidays({ days: 30 })).toContainEqual({ date: holiday, name: 'Extra holiday', nameZh: '临时休市' });
    expect((await getClock()).nextTradingDay).not.toBe(holiday);

    await controlClock(reg.exchange, { action: 'close-session' });
    const moved = await controlClock(reg.exchange, { action: 'next-trading-day' });
    expect(moved.marketTime.slice(0, 10) > holiday).toBe(true);
    expect(moved.phase).toBe('PRE_OPEN');
  });

  it('refuses today, past days, weekends and duplicates; removes a future holiday', async () => {
    const today = (await getClock()).marketTime.slice(0, 10);
    await expectRefused(addHoliday(reg.exchange, { date: today, name: 'Too late' }), 'HOLIDAY_NOT_IN_FUTURE', 422);
    await expectRefused(addHoliday(reg.exchange, { date: '2020-01-02', name: 'Past' }), 'HOLIDAY_NOT_IN_FUTURE', 422);
    await expectRefused(addHoliday(reg.exchange, { date: '2099-06-06', name: 'A Saturday' }), 'NOT_A_WEEKDAY', 422);
    await addHoliday(reg.exchange, { date: '2099-06-05', name: 'Far away' });
    await expectRefused(addHoliday(reg.exchange, { date: '2099-06-05', name: 'Again' }), 'HOLIDAY_EXISTS', 409);
    expect(await removeHoliday(reg.exchange, '2099-06-05')).toEqual({ date: '2099-06-05', name: 'Far away', nameZh: null });
    await expectRefused(removeHoliday(reg.exchange, '2099-06-05'), 'NOT_FOUND', 404);
  });

  it('is the exchange operator’s: an entity is refused', async () => {
    await expectRefused(addHoliday(entity.actor, { date: '2099-06-05', name: 'Mine' }), 'FORBIDDEN', 403);
  });
});
