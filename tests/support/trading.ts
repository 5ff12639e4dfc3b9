import { db } from '@/db/client';
import type { Actor } from '@/server/identity/actor';
import { createInstrument } from '@/server/trading/instruments';
import { controlClock } from '@/server/trading/market';
import type { Registry } from './fixtures';

/**
 * Trading fixtures: list instruments with a reference price and move the demo market clock.
 * The clock starts at 09:00 of today's (or the next) trading day; `openMarket` opens the morning
 * session; `toAfternoon` closes it and opens the afternoon (listed and block) session.
 */
export async function listInstrument(reg: Registry, vintage = 2024, referencePrice = '50.00', instrument: 'CEA' | 'CCER' = 'CEA'): Promise<string> {
  return (await createInstrument(reg.exchange, { instrument, vintage, referencePrice })).symbol;
}

export async function openMarket(reg: Registry): Promise<void> {
  await controlClock(reg.exchange, { action: 'open-session' });
}

export async function toAfternoon(reg: Registry): Promise<void> {
  await controlClock(reg.exchange, { action: 'close-session' });
  await controlClock(reg.exchange, { action: 'open-session' });
}

/** Closes the day (15:00 day end) and opens the next trading day's morning session. */
export async function nextDay(reg: Registry): Promise<void> {
  const clock = await db().$queryRaw<{ h: number }[]>`SELECT extract(hour FROM simulated_at AT TIME ZONE 'Asia/Shanghai')::int AS h FROM market_clock`;
  const hour = clock[0]?.h ?? 9;
  if (hour >= 9 && hour < 11) await controlClock(reg.exchange, { action: 'close-session' });
  await controlClock(reg.exchange, { action: 'next-trading-day' });
  await controlClock(reg.exchange, { action: 'open-session' });
}

export async function cashOf(accountId: number): Promise<{ available: string; locked: string }> {
  const c = await db().cashAccount.findFirstOrThrow({ where: { tradingAccount: { registryAccountId: accountId } } });
  return { available: c.available.toFixed(2), locked: c.locked.toFixed(2) };
}

export async function setSettings(data: { feeRate?: string; riskReserveShare?: string; entityPositionLimit?: bigint | null; investorPositionLimit?: bigint | null; largeHolderThreshold?: bigint | null; listAndCancelThreshold?: number }): Promise<void> {
  await db().marketSettings.update({ where: { id: 1 }, data });
}

export type { Actor };
