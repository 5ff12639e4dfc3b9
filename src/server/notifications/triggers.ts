import type { Auction } from '@/generated/prisma/client';
import type { Tx } from '../tx';
import { notify, notifyOrganisations } from './notify';

/**
 * The notifications the compliance and auction use cases send, each called INSIDE the use case's
 * transaction (so it exists iff the change committed). Who gets what is decided here, beside the
 * other triggers; the registry sends its own (transfers, trusted accounts, four eyes) with `notify`.
 */

/** An entity filed (or filed again) its emission report: the provincial regulators of its province verify it. */
export async function notifyReportFiled(
  tx: Tx,
  report: { id: number; year: number; reportedCo2e: number },
  organisation: { id: number; name: string; nameZh: string; provinceCode: string | null },
  refiled: boolean,
): Promise<number> {
  if (!organisation.provinceCode) return 0;
  return notify(
    tx,
    { permission: 'compliance.verify', provinceCode: organisation.provinceCode, scopes: ['province'] },
    'REPORT_TO_VERIFY',
    { reportId: report.id, year: report.year, organisation: organisation.name, organisationZh: organisation.nameZh, reportedCo2e: report.reportedCo2e, refiled },
    { link: '/compliance/reports' },
  );
}

/** Closing a year imposed penalties: each entity's compliance officers learn of its fine and deduction. */
export async function notifyPenalties(
  tx: Tx,
  penalties: readonly { organisationId: number; year: number; shortfall: number; fine: string; deductionYear: number }[],
): Promise<number> {
  return notifyOrganisations(
    tx,
    'compliance.surrender',
    'PENALTY_IMPOSED',
    penalties.map((p) => ({
      organisationId: p.organisationId,
      params: { year: p.year, shortfall: p.shortfall, fine: p.fine, deductionYear: p.deductionYear },
      dedupeKey: `penalty:${p.year}:${p.organisationId}`,
    })),
    { link: '/compliance' },
  );
}

/**
 * Auctions opened for bids (by their window or by the operator): the users who may bid in each —
 * traders (permission auctions.bid) of organisations the auction's eligibility admits.
 */
export async function notifyAuctionsOpened(tx: Tx, auctionIds: readonly number[]): Promise<number> {
  if (auctionIds.length === 0) return 0;
  const auctions: Auction[] = await tx.auction.findMany({ where: { id: { in: [...auctionIds] } }, orderBy: { id: 'asc' } });
  let written = 0;
  for (const a of auctions) {
    written += await notify(
      tx,
      { permission: 'auctions.bid', ...(a.eligibility === 'COMPLIANCE_ENTITIES' ? { organisationKind: 'COMPLIANCE_ENTITY' as const } : {}) },
      'AUCTION_OPENING',
      {
        auctionId: a.id, title: a.title, titleZh: a.titleZh, instrument: a.instrument, vintage: a.vintage, quantity: Number(a.quantity),
        reservePrice: a.reservePrice === null ? null : a.reservePrice.toFixed(2), closesAt: a.closesAt.toISOString(),
      },
      { link: `/auctions/${a.id}`, dedupeKey: `auction-open:${a.id}` },
    );
  }
  return written;
}
