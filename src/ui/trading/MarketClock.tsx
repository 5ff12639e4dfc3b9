'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import type { ClockView } from '@/server/trading/market';
import { Badge, type Tone } from '../Badge';
import './trading.css';

const PHASE_TONE: Record<ClockView['phase'], Tone> = {
  MORNING: 'green', AFTERNOON: 'green', PRE_OPEN: 'amber', MIDDAY_BREAK: 'amber', CLOSED: 'gray', NON_TRADING_DAY: 'gray',
};

/** Minutes since midnight of "YYYY-MM-DD HH:MM". */
const minuteOf = (s: string) => Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16));

/** "1 h 05 min" / "4 min 30 s". */
function duration(ms: number, t: { h: string; min: string; s: string }): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} ${t.h} ${String(m).padStart(2, '0')} ${t.min}`;
  return `${m} ${t.min} ${String(s).padStart(2, '0')} ${t.s}`;
}

/**
 * The market clock strip: phase, market time (Beijing), whether the listed and block sessions are
 * open, and the time left in the open session (or when the next one opens). On the real clock it
 * counts down every second and refreshes the page when the session ends; the demo clock stands
 * still until the exchange operator moves it.
 */
export function MarketClock({ clock, testId = 'market-clock' }: { clock: ClockView; testId?: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [elapsed, setElapsed] = useState(0);
  const real = clock.mode === 'real';

  useEffect(() => {
    if (!real) return;
    const started = Date.now();
    const id = setInterval(() => setElapsed(Date.now() - started), 1000);
    return () => clearInterval(id);
  }, [real, clock.at]);

  const nowMinute = minuteOf(clock.marketTime);
  const nowMs = nowMinute * 60_000 + elapsed;
  const endMs = clock.listedSessionEndsAt ? minuteOf(clock.listedSessionEndsAt) * 60_000 : null;
  const left = endMs !== null ? endMs - nowMs : null;

  useEffect(() => {
    if (real && left !== null && left <= 0) router.refresh();
  }, [real, left, router]);

  const nextListed =
    clock.phase === 'PRE_OPEN' ? '09:30' : clock.phase === 'MIDDAY_BREAK' ? '13:00' : clock.listedOpen ? null : `${clock.nextTradingDay} 09:30`;
  const nextBlock = clock.blockOpen ? null : clock.phase === 'PRE_OPEN' || clock.phase === 'MORNING' || clock.phase === 'MIDDAY_BREAK' ? '13:00' : `${clock.nextTradingDay} 13:00`;
  const session = (open: boolean, label: string, next: string | null, test: string) => (
    <span className="item" data-testid={`${testId}-${test}`}>
      {label}
      <Badge tone={open ? 'green' : 'gray'}>{open ? t.clock.open : t.clock.closed}</Badge>
      {!open && next ? <span className="faint">{fmt(t.clock.opensAt, { when: next })}</span> : null}
    </span>
  );
  return (
    <div className="clock" data-testid={testId} role="status">
      <Badge tone={PHASE_TONE[clock.phase]} testId={`${testId}-phase`}>
        {t.clock.phase[clock.phase]}
      </Badge>
      <span className="item">
        {t.clock.marketTime}
        <span className="time" data-testid={`${testId}-time`}>
          {clock.marketTime}
        </span>
      </span>
      {session(clock.listedOpen, t.clock.listed, nextListed, 'listed')}
      {session(clock.blockOpen, t.clock.block, nextBlock, 'block')}
      {left !== null && left > 0 ? (
        <span className="item" data-testid={`${testId}-countdown`}>
          {fmt(t.clock.endsIn, { at: clock.listedSessionEndsAt!.slice(11) })}
          <span className="countdown">{duration(left, t.clock.units)}</span>
        </span>
      ) : null}
      <span className="spacer" />
      {/* The trading day is the market date on trading days; named only when it differs (weekends, holidays). */}
      {clock.tradingDay !== clock.marketTime.slice(0, 10) ? <span className="item faint">{fmt(t.clock.tradingDay, { day: clock.tradingDay })}</span> : null}
      <span title={real ? undefined : t.clock.demoHint}>
        <Badge tone={real ? 'blue' : 'amber'} plain testId={`${testId}-mode`}>
          {real ? t.clock.real : t.clock.demo}
        </Badge>
      </span>
    </div>
  );
}
