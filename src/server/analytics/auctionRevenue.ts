import Decimal from 'decimal.js';
import { db } from '@/db/client';
import { problem } from '@/domain/problems';
import { earmarkAmounts, sharesTotal, type EarmarkShare, type EarmarkUse } from '@/domain/analysis/earmarks';
import type { EarmarksCommand } from '@/schemas/analytics';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';

/**
 * Auction revenue (DOMAIN §7): the proceeds of every settled auction, per year (of the auction's
 * trading day) and in total, and how each year's revenue is earmarked — the national regulator sets
 * a share per use, the amounts follow (src/domain/analysis/earmarks.ts). Auction results are
 * public, so every regulator sees the national figures.
 */

export async function auctionRevenue(actor: Actor) {
  authorize(actor, 'analysis.read');
  const client = db();
  const rows = await client.$queryRaw<{ id: number; title: string; title_zh: string | null; day: string; vintage: number; quantity_sold: bigint | null; clearing_price: unknown; proceeds: unknown }[]>`
    SELECT id, title, title_zh, to_char(settlement_day, 'YYYY-MM-DD') AS day, vintage, quantity_sold, clearing_price, proceeds
      FROM auction WHERE status = 'SETTLED' ORDER BY settlement_day, id`;
  const auctions = rows.map((a) => ({
    id: a.id, title: a.title, titleZh: a.title_zh, year: Number(a.day.slice(0, 4)), day: a.day, vintage: a.vintage, quantitySold: Number(a.quantity_sold ?? 0n),
    clearingPrice: a.clearing_price === null ? null : new Decimal(String(a.clearing_price)).toFixed(2), proceeds: new Decimal(String(a.proceeds ?? 0)).toFixed(2),
  }));
  const earmarks = await client.revenueEarmark.findMany({ orderBy: [{ year: 'asc' }, { position: 'asc' }] });
  const years = [...new Set([...auctions.map((a) => a.year), ...earmarks.map((e) => e.year)])].sort((a, b) => a - b);
  return {
    total: auctions.reduce((s, a) => s.plus(a.proceeds), new Decimal(0)).toFixed(2),
    auctions,
    years: years.map((year) => {
      const mine = auctions.filter((a) => a.year === year);
      const revenue = mine.reduce((s, a) => s.plus(a.proceeds), new Decimal(0)).toFixed(2);
      const shares: EarmarkShare[] = earmarks.filter((e) => e.year === year).map((e) => ({ use: e.use as EarmarkUse, share: e.share.toString() }));
      const amounts = earmarkAmounts(revenue, shares);
      return { year, revenue, auctions: mine.length, earmarks: amounts.items, unassignedShare: amounts.unassignedShare, unassigned: amounts.unassigned };
    }),
  };
}

/** Replaces a year's earmarks (national regulator), audited with the shares before and after. */
export async function setRevenueEarmarks(actor: Actor, year: number, cmd: EarmarksCommand) {
  authorize(actor, 'analysis.earmarkSet');
  const seen = new Set<string>();
  for (const [i, e] of cmd.earmarks.entries()) {
    if (seen.has(e.use)) throw fail('INVALID_INPUT', {}, { [`earmarks.${i}.use`]: problem('EARMARK_USE_TWICE', { use: e.use }) });
    seen.add(e.use);
  }
  const total = sharesTotal(cmd.earmarks);
  if (total.gt(1)) throw fail('INVALID_INPUT', {}, { earmarks: problem('EARMARK_SHARES_ABOVE_ONE', { total: total.toString() }) });
  await inTransaction(async (tx) => {
    const before = await tx.revenueEarmark.findMany({ where: { year }, orderBy: { position: 'asc' } });
    await tx.revenueEarmark.deleteMany({ where: { year } });
    await tx.revenueEarmark.createMany({ data: cmd.earmarks.map((e, position) => ({ year, use: e.use, share: e.share, position, updatedById: actor.userId })) });
    await recordAudit(tx, actor, {
      action: 'analysis.earmarks', targetType: 'revenue_earmark', targetId: year,
      before: before.map((e) => ({ use: e.use, share: e.share.toString() })), after: cmd.earmarks,
    });
  });
  return (await auctionRevenue(actor)).years.find((y) => y.year === year) ?? null;
}
