import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { addDays, fromMarketTime, toMarketTime, type MarketTime } from '@/domain/trading/calendar';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { marketState } from '../trading/market';

/**
 * Whose figures a market analysis shows: the national regulator every province (or one it names),
 * a provincial regulator its own province only (naming another: 403). Returns the province code,
 * or null for every province.
 */
export async function analysisProvince(actor: Actor, asked?: string): Promise<string | null> {
  const scope = authorize(actor, 'analysis.read');
  const code = asked?.trim().toUpperCase() || undefined;
  if (code) {
    authorize(actor, 'analysis.read', { provinceCode: code });
    const found = await db().province.findUnique({ where: { code }, select: { code: true } });
    if (!found) throw fail('NOT_FOUND', { what: 'province', id: code });
  }
  return scope === 'all' ? (code ?? null) : (actor.provinceCode ?? '-');
}

/** `AND <column> = province` when scoped to one province, else nothing. */
export const provinceFilter = (column: string, province: string | null) => (province === null ? Prisma.empty : Prisma.sql`AND ${Prisma.raw(column)} = ${province}`);

/**
 * An organisation's group in the analysis: its industry, investors as one group, else OTHER.
 * SQL over the alias `o` of the organisation table.
 */
export const ORG_GROUP = Prisma.sql`coalesce(o.industry, CASE WHEN o.kind = 'INVESTOR' THEN 'INVESTORS' ELSE 'OTHER' END)`;

/** The market clock now (read once per use case, then passed to `measuredAt`). */
export const marketTimeNow = async (): Promise<MarketTime> => (await marketState()).now;

/** The instant a year's figures are measured at: the end of its surrender deadline's day, or now before it. */
export function measuredAt(deadline: string, now: MarketTime): { at: Date; date: string; final: boolean } {
  const end = fromMarketTime({ date: addDays(deadline, 1), minute: 0 });
  const nowInstant = fromMarketTime(now);
  return nowInstant < end ? { at: nowInstant, date: now.date, final: false } : { at: end, date: deadline, final: true };
}

export const marketDayOf = (instant: Date) => toMarketTime(instant).date;
