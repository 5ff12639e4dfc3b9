import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderProblem } from '@/i18n/problems';
import {
  addDays,
  AFTERNOON_CLOSE,
  AFTERNOON_OPEN,
  clockMove,
  currentTradingDay,
  formatMarketTime,
  fromMarketTime,
  isSessionOpen,
  isTradingDay,
  lastEndedTradingDay,
  marketPhase,
  MORNING_CLOSE,
  MORNING_OPEN,
  nextTradingDay,
  PRE_OPEN_MINUTE,
  previousTradingDay,
  sessionEnd,
  toMarketTime,
  type ClockAction,
  type ClockMove,
  type MarketTime,
} from '../../../src/domain/trading/calendar';

/** "HH:MM" -> minutes since midnight. */
const hm = (s: string) => {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
};
const at = (date: string, time: string): MarketTime => ({ date, minute: hm(time) });

const NONE: ReadonlySet<string> = new Set();
// 2025: Qingming Friday 4 April; Labour Day 1–5 May; National Day 1–8 October.
const HOLIDAYS: ReadonlySet<string> = new Set([
  '2025-04-04',
  '2025-05-01',
  '2025-05-02',
  '2025-05-05',
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-06',
  '2025-10-07',
  '2025-10-08',
]);

const FRI = '2025-03-14';
const SAT = '2025-03-15';
const SUN = '2025-03-16';
const MON = '2025-03-17';
const THU = '2025-03-13';

/** The destination of a successful move, or the refusal code. */
const outcome = (m: ClockMove) => (m.ok ? formatMarketTime(m.to) : m.code);

describe('session constants', () => {
  it('listed trades 09:30–11:30 and 13:00–15:00; the clock pre-opens at 09:00', () => {
    expect([MORNING_OPEN, MORNING_CLOSE, AFTERNOON_OPEN, AFTERNOON_CLOSE, PRE_OPEN_MINUTE]).toEqual([
      hm('09:30'),
      hm('11:30'),
      hm('13:00'),
      hm('15:00'),
      hm('09:00'),
    ]);
  });
});

describe('Beijing time conversion', () => {
  it.each([
    ['2025-03-14T01:30:00Z', '2025-03-14 09:30'],
    ['2025-03-14T07:00:00Z', '2025-03-14 15:00'],
    ['2025-03-13T16:00:00Z', '2025-03-14 00:00'], // UTC evening is the next Beijing day
    ['2025-03-13T15:59:59Z', '2025-03-13 23:59'],
    ['2025-03-14T01:29:59.999Z', '2025-03-14 09:29'], // seconds are dropped, never rounded up
    ['2024-12-31T16:00:00Z', '2025-01-01 00:00'],
    ['2024-02-28T16:30:00Z', '2024-02-29 00:30'],
    ['2025-07-01T02:00:00Z', '2025-07-01 10:00'], // no daylight saving in summer
  ])('%s is %s in Beijing', (iso, expected) => {
    expect(formatMarketTime(toMarketTime(new Date(iso)))).toBe(expected);
  });

  it('fromMarketTime gives the UTC instant of a Beijing time', () => {
    expect(fromMarketTime(at(FRI, '09:30')).toISOString()).toBe('2025-03-14T01:30:00.000Z');
    expect(fromMarketTime(at(FRI, '00:00')).toISOString()).toBe('2025-03-13T16:00:00.000Z');
    expect(fromMarketTime(at(FRI, '15:00')).toISOString()).toBe('2025-03-14T07:00:00.000Z');
  });

  it('round-trips every minute of any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 1_439 }), (dayOffset, minute) => {
        const t: MarketTime = { date: addDays('2000-01-01', dayOffset), minute };
        expect(toMarketTime(fromMarketTime(t))).toEqual(t);
      }),
    );
  });

  it('an instant and its market time differ by exactly eight hours', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const t = toMarketTime(instant);
        expect(t.minute).toBeGreaterThanOrEqual(0);
        expect(t.minute).toBeLessThan(1_440);
        const back = fromMarketTime(t).getTime();
        expect(instant.getTime() - back).toBeGreaterThanOrEqual(0);
        expect(instant.getTime() - back).toBeLessThan(60_000);
      }),
    );
  });

  it('formats with zero-padded hours and minutes', () => {
    expect(formatMarketTime(at('2025-01-02', '09:05'))).toBe('2025-01-02 09:05');
    expect(formatMarketTime({ date: '2025-01-02', minute: 0 })).toBe('2025-01-02 00:00');
    expect(formatMarketTime({ date: '2025-01-02', minute: 1_439 })).toBe('2025-01-02 23:59');
  });
});

describe('addDays', () => {
  it.each([
    ['2025-03-14', 1, '2025-03-15'],
    ['2025-03-14', -1, '2025-03-13'],
    ['2024-02-28', 1, '2024-02-29'], // leap year
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-14', 0, '2025-03-14'],
    ['2025-03-14', 365, '2026-03-14'],
  ])('%s %+d days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });
});

describe('isTradingDay', () => {
  it.each([
    [THU, NONE, true],
    [FRI, NONE, true],
    [SAT, NONE, false],
    [SUN, NONE, false],
    [MON, NONE, true],
    ['2025-04-04', HOLIDAYS, false], // Qingming, a Friday
    ['2025-04-04', NONE, true], // the same Friday without the holiday
    ['2025-04-03', HOLIDAYS, true],
    ['2025-10-08', HOLIDAYS, false], // a Wednesday in Golden Week
    ['2025-10-09', HOLIDAYS, true],
  ])('%s: %s', (date, holidays, expected) => {
    expect(isTradingDay(date, holidays as ReadonlySet<string>)).toBe(expected);
  });
});

describe('nextTradingDay / previousTradingDay', () => {
  it.each([
    [THU, NONE, FRI],
    [FRI, NONE, MON], // skips the weekend
    [SAT, NONE, MON],
    [SUN, NONE, MON],
    ['2025-04-03', HOLIDAYS, '2025-04-07'], // skips the Qingming Friday and the weekend
    ['2025-04-30', HOLIDAYS, '2025-05-06'], // Labour Day holidays and the weekend
    ['2025-09-30', HOLIDAYS, '2025-10-09'], // Golden Week
  ])('the trading day after %s is %s', (date, holidays, expected) => {
    expect(nextTradingDay(date, holidays as ReadonlySet<string>)).toBe(expected);
  });

  it.each([
    [FRI, NONE, THU],
    [MON, NONE, FRI],
    [SUN, NONE, FRI],
    ['2025-04-07', HOLIDAYS, '2025-04-03'],
    ['2025-10-09', HOLIDAYS, '2025-09-30'],
  ])('the trading day before %s is %s', (date, holidays, expected) => {
    expect(previousTradingDay(date, holidays as ReadonlySet<string>)).toBe(expected);
  });

  it('next is strictly after, previous strictly before, and both are trading days with none skipped in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), (offset) => {
        const date = addDays('2024-06-01', offset);
        const next = nextTradingDay(date, HOLIDAYS);
        const prev = previousTradingDay(date, HOLIDAYS);
        expect(next > date && prev < date).toBe(true);
        expect(isTradingDay(next, HOLIDAYS) && isTradingDay(prev, HOLIDAYS)).toBe(true);
        for (let day = addDays(date, 1); day < next; day = addDays(day, 1)) expect(isTradingDay(day, HOLIDAYS)).toBe(false);
        for (let day = addDays(prev, 1); day < date; day = addDays(day, 1)) expect(isTradingDay(day, HOLIDAYS)).toBe(false);
        // On a trading day, previous(next(d)) is d itself.
        if (isTradingDay(date, HOLIDAYS)) expect(previousTradingDay(next, HOLIDAYS)).toBe(date);
      }),
    );
  });
});

describe('marketPhase', () => {
  it.each([
    ['00:00', 'PRE_OPEN'],
    ['09:00', 'PRE_OPEN'],
    ['09:29', 'PRE_OPEN'],
    ['09:30', 'MORNING'],
    ['11:29', 'MORNING'],
    ['11:30', 'MIDDAY_BREAK'],
    ['12:59', 'MIDDAY_BREAK'],
    ['13:00', 'AFTERNOON'],
    ['14:59', 'AFTERNOON'],
    ['15:00', 'CLOSED'],
    ['23:59', 'CLOSED'],
  ])('a trading day at %s is %s', (time, phase) => {
    expect(marketPhase(at(FRI, time), NONE)).toBe(phase);
  });

  it.each([
    [SAT, NONE],
    [SUN, NONE],
    ['2025-04-04', HOLIDAYS],
  ])('%s is a non-trading day at any time', (date, holidays) => {
    for (const time of ['09:00', '10:00', '13:30', '15:00']) {
      expect(marketPhase(at(date, time), holidays as ReadonlySet<string>)).toBe('NON_TRADING_DAY');
    }
  });
});

describe('isSessionOpen / sessionEnd', () => {
  // time, listed open, block open, listed session end, block session end
  it.each([
    ['09:29', false, false, null, null],
    ['09:30', true, false, '11:30', null],
    ['10:45', true, false, '11:30', null],
    ['11:29', true, false, '11:30', null],
    ['11:30', false, false, null, null],
    ['12:59', false, false, null, null],
    ['13:00', true, true, '15:00', '15:00'],
    ['14:59', true, true, '15:00', '15:00'],
    ['15:00', false, false, null, null],
  ] as const)('at %s: listed %s, block %s', (time, listed, block, listedEnd, blockEnd) => {
    const t = at(FRI, time);
    expect(isSessionOpen(t, 'LISTED', NONE)).toBe(listed);
    expect(isSessionOpen(t, 'BLOCK', NONE)).toBe(block);
    expect(sessionEnd(t, 'LISTED', NONE)).toBe(listedEnd === null ? null : hm(listedEnd));
    expect(sessionEnd(t, 'BLOCK', NONE)).toBe(blockEnd === null ? null : hm(blockEnd));
  });

  it('no session opens on a weekend or a holiday', () => {
    for (const [date, holidays] of [
      [SAT, NONE],
      ['2025-04-04', HOLIDAYS],
    ] as const) {
      for (const method of ['LISTED', 'BLOCK'] as const) {
        expect(isSessionOpen(at(date, '10:00'), method, holidays)).toBe(false);
        expect(isSessionOpen(at(date, '13:30'), method, holidays)).toBe(false);
        expect(sessionEnd(at(date, '13:30'), method, holidays)).toBeNull();
      }
    }
  });

  it('agrees with the market phase for every minute of a trading day', () => {
    for (let minute = 0; minute < 1_440; minute++) {
      const t: MarketTime = { date: FRI, minute };
      const phase = marketPhase(t, NONE);
      expect(isSessionOpen(t, 'LISTED', NONE)).toBe(phase === 'MORNING' || phase === 'AFTERNOON');
      expect(isSessionOpen(t, 'BLOCK', NONE)).toBe(phase === 'AFTERNOON');
    }
  });
});

describe('currentTradingDay / lastEndedTradingDay', () => {
  it.each([
    [at(FRI, '08:00'), NONE, FRI],
    [at(FRI, '16:00'), NONE, FRI],
    [at(SAT, '10:00'), NONE, FRI],
    [at(SUN, '23:59'), NONE, FRI],
    [at('2025-04-05', '10:00'), HOLIDAYS, '2025-04-03'],
  ])('current trading day at %j is %s', (t, holidays, expected) => {
    expect(currentTradingDay(t, holidays as ReadonlySet<string>)).toBe(expected);
  });

  it.each([
    [at(FRI, '09:00'), NONE, THU],
    [at(FRI, '14:59'), NONE, THU], // today has not ended yet
    [at(FRI, '15:00'), NONE, FRI], // 15:00 ends the trading day
    [at(FRI, '23:59'), NONE, FRI],
    [at(SAT, '10:00'), NONE, FRI],
    [at(MON, '09:00'), NONE, FRI],
    [at(MON, '15:00'), NONE, MON],
    [at('2025-04-07', '10:00'), HOLIDAYS, '2025-04-03'],
    [at('2025-04-04', '16:00'), HOLIDAYS, '2025-04-03'], // a holiday never ends as a trading day
  ])('last ended trading day at %j is %s', (t, holidays, expected) => {
    expect(lastEndedTradingDay(t, holidays as ReadonlySet<string>)).toBe(expected);
  });
});

describe('clockMove', () => {
  describe('open-session', () => {
    it.each([
      [at(FRI, '09:00'), '2025-03-14 09:30'],
      [at(FRI, '00:00'), '2025-03-14 09:30'],
      [at(FRI, '09:29'), '2025-03-14 09:30'],
      [at(FRI, '11:30'), '2025-03-14 13:00'],
      [at(FRI, '12:59'), '2025-03-14 13:00'],
    ])('from %j opens the next session at %s', (now, expected) => {
      expect(outcome(clockMove(now, 'open-session', NONE))).toBe(expected);
    });

    it.each([at(FRI, '09:30'), at(FRI, '11:29'), at(FRI, '13:00'), at(FRI, '14:59')])('refuses when a session is open (%j)', (now) => {
      const move = clockMove(now, 'open-session', NONE);
      expect(outcome(move)).toBe('SESSION_ALREADY_OPEN');
      // The refusal is data ({ code, params }); its text, rendered at the edge in either language, names the market time.
      if (move.ok) throw new Error('expected a refusal');
      for (const lang of ['en', 'zh'] as const) expect(renderProblem(move, lang)).toContain(formatMarketTime(now));
    });

    it.each([
      [at(FRI, '15:00'), NONE],
      [at(FRI, '18:00'), NONE],
      [at(SAT, '09:00'), NONE],
      [at('2025-04-04', '09:00'), HOLIDAYS],
    ])('refuses after 15:00 or on a non-trading day (%j)', (now, holidays) => {
      expect(outcome(clockMove(now, 'open-session', holidays as ReadonlySet<string>))).toBe('TRADING_DAY_OVER');
    });
  });

  describe('close-session', () => {
    it.each([
      [at(FRI, '09:30'), '2025-03-14 11:30'],
      [at(FRI, '11:29'), '2025-03-14 11:30'],
      [at(FRI, '13:00'), '2025-03-14 15:00'],
      [at(FRI, '14:59'), '2025-03-14 15:00'],
    ])('from %j closes the session at %s', (now, expected) => {
      expect(outcome(clockMove(now, 'close-session', NONE))).toBe(expected);
    });

    it.each([
      [at(FRI, '09:00'), NONE],
      [at(FRI, '11:30'), NONE],
      [at(FRI, '12:59'), NONE],
      [at(FRI, '15:00'), NONE],
      [at(SAT, '10:00'), NONE],
      [at('2025-04-04', '10:00'), HOLIDAYS],
    ])('refuses when no session is open (%j)', (now, holidays) => {
      expect(outcome(clockMove(now, 'close-session', holidays as ReadonlySet<string>))).toBe('NO_OPEN_SESSION');
    });
  });

  describe('next-trading-day', () => {
    it.each([
      [at(THU, '15:00'), NONE, '2025-03-14 09:00'],
      [at(FRI, '15:00'), NONE, '2025-03-17 09:00'], // over the weekend
      [at(FRI, '10:00'), NONE, '2025-03-17 09:00'], // also mid-session
      [at(SAT, '12:00'), NONE, '2025-03-17 09:00'],
      [at('2025-04-03', '15:00'), HOLIDAYS, '2025-04-07 09:00'], // over the Qingming holiday and the weekend
      [at('2025-09-30', '15:00'), HOLIDAYS, '2025-10-09 09:00'], // over Golden Week
    ])('from %j goes to %s', (now, holidays, expected) => {
      expect(outcome(clockMove(now, 'next-trading-day', holidays as ReadonlySet<string>))).toBe(expected);
    });
  });

  describe('set', () => {
    it.each([
      [at(FRI, '10:00'), at(FRI, '10:01'), '2025-03-14 10:01'],
      [at(FRI, '10:00'), at(FRI, '10:00'), '2025-03-14 10:00'], // standing still is not going back
      [at(FRI, '15:00'), at(MON, '08:00'), '2025-03-17 08:00'], // a later day at an earlier hour
      [at(FRI, '10:00'), at('2026-01-01', '00:00'), '2026-01-01 00:00'],
    ])('from %j to %j', (now, target, expected) => {
      expect(outcome(clockMove(now, 'set', NONE, target))).toBe(expected);
    });

    it.each([
      [at(FRI, '10:00'), at(FRI, '09:59')],
      [at(FRI, '10:00'), at(THU, '16:00')], // an earlier day at a later hour
      [at(MON, '09:00'), at(FRI, '23:59')],
    ])('refuses to go back from %j to %j', (now, target) => {
      expect(outcome(clockMove(now, 'set', NONE, target))).toBe('CLOCK_CANNOT_GO_BACK');
    });

    it('needs a target time', () => {
      expect(outcome(clockMove(at(FRI, '10:00'), 'set', NONE))).toBe('INVALID_INPUT');
    });
  });

  it('walks a whole trading day with the demo controls', () => {
    let now = at(FRI, '09:00');
    const step = (action: ClockAction) => {
      const move = clockMove(now, action, NONE);
      if (move.ok) now = move.to;
      return outcome(move);
    };
    expect(step('close-session')).toBe('NO_OPEN_SESSION');
    expect(step('open-session')).toBe('2025-03-14 09:30');
    expect(isSessionOpen(now, 'LISTED', NONE) && !isSessionOpen(now, 'BLOCK', NONE)).toBe(true);
    expect(step('open-session')).toBe('SESSION_ALREADY_OPEN');
    expect(step('close-session')).toBe('2025-03-14 11:30');
    expect(step('open-session')).toBe('2025-03-14 13:00');
    expect(isSessionOpen(now, 'BLOCK', NONE)).toBe(true);
    expect(step('close-session')).toBe('2025-03-14 15:00');
    expect(lastEndedTradingDay(now, NONE)).toBe(FRI);
    expect(step('open-session')).toBe('TRADING_DAY_OVER');
    expect(step('close-session')).toBe('NO_OPEN_SESSION');
    expect(step('next-trading-day')).toBe('2025-03-17 09:00');
    expect(marketPhase(now, NONE)).toBe('PRE_OPEN');
  });

  it('a successful move never takes the clock backwards', () => {
    const time = fc.record({ date: fc.integer({ min: 0, max: 60 }).map((n) => addDays('2025-03-01', n)), minute: fc.integer({ min: 0, max: 1_439 }) });
    fc.assert(
      fc.property(time, fc.constantFrom<ClockAction>('open-session', 'close-session', 'next-trading-day', 'set'), time, (now, action, target) => {
        const move = clockMove(now, action, HOLIDAYS, target);
        if (!move.ok) return;
        expect(fromMarketTime(move.to).getTime()).toBeGreaterThanOrEqual(fromMarketTime(now).getTime());
        if (action !== 'set') expect(move.to.date === now.date || isTradingDay(move.to.date, HOLIDAYS)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
