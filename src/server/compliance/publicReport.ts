import { db } from '@/db/client';
import { complianceStatus, type ComplianceStatus } from '@/domain/compliance/status';
import { listAuctions } from '../auction/auctions';
import { cycleOf, marketDate } from './cycle';
import { industryRank, yearAllocations, yearEntities } from './overview';
import { closedProvinces } from './penalties';

/**
 * The public compliance report of a year (DOMAIN §7b, like the EU Union Registry's public data):
 * no sign-in. Published per province once the year is closed there (compliance_year_closing);
 * the other provinces are named as not closed yet.
 *
 * Per compliance entity of a published province, counted as the compliance overview counts them
 * (covered in the year, or with a report or a surrender for it): names in both languages,
 * province, industry, the allocation of the year as the overview computes it (confirmed
 * allocation runs: free = what moved, paid = the paid share set aside for auction), the verified
 * emissions, the units credited against the obligation (CEA, CCER; a voluntary cancellation
 * beyond it is not counted) and the compliance status now (a correction after the close shows).
 * Totals per province, per industry and overall are sums of those rows. Also the settled auctions
 * of the year's CEA vintage (paid allocation) with their published results. Read-only.
 */

export interface PublicFigures {
  entities: number;
  freeAllocation: number;
  paidAllocation: number;
  allocation: number;
  verifiedEmissions: number;
  surrenderedCea: number;
  surrenderedCcer: number;
  /** Entities that surrendered at least their obligation. */
  compliant: number;
}

export interface PublicEntity {
  organisationId: number;
  name: string;
  nameZh: string;
  provinceCode: string;
  provinceName: string;
  provinceNameZh: string;
  industry: string;
  freeAllocation: number;
  paidAllocation: number;
  allocation: number;
  verifiedEmissions: number | null;
  surrenderedCea: number;
  surrenderedCcer: number;
  status: ComplianceStatus;
}

export interface PublicAuctionResult {
  id: number;
  title: string;
  titleZh: string | null;
  vintage: number;
  quantity: number;
  reservePrice: string | null;
  pricing: 'UNIFORM' | 'PAY_AS_BID';
  clearingPrice: string | null;
  quantitySold: number;
  coverageRatio: string;
  bidders: number;
  winners: number;
  proceeds: string;
  settledAt: string;
}

export interface PublicComplianceReport {
  year: number;
  surrenderDeadline: string;
  published: { provinceCode: string; name: string; nameZh: string; closedAt: string }[];
  notYetClosed: { provinceCode: string; name: string; nameZh: string }[];
  entities: PublicEntity[];
  byProvince: ({ provinceCode: string; name: string; nameZh: string } & PublicFigures)[];
  byIndustry: ({ industry: string } & PublicFigures)[];
  totals: PublicFigures;
  auctions: PublicAuctionResult[];
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

function figuresOf(rows: PublicEntity[]): PublicFigures {
  const sum = (f: (e: PublicEntity) => number) => rows.reduce((s, e) => s + f(e), 0);
  return {
    entities: rows.length,
    freeAllocation: sum((e) => e.freeAllocation),
    paidAllocation: sum((e) => e.paidAllocation),
    allocation: sum((e) => e.allocation),
    verifiedEmissions: sum((e) => e.verifiedEmissions ?? 0),
    surrenderedCea: sum((e) => e.surrenderedCea),
    surrenderedCcer: sum((e) => e.surrenderedCcer),
    compliant: rows.filter((e) => e.status === 'COMPLIANT').length,
  };
}

export async function publicComplianceReport(year: number): Promise<PublicComplianceReport> {
  const client = db();
  const provinces = await client.province.findMany({ orderBy: { code: 'asc' } });
  const closed = new Map((await closedProvinces(client, year)).map((c) => [c.provinceCode, c.closedAt]));
  const published = provinces.filter((p) => closed.has(p.code));

  const cycle = await cycleOf(client, year);
  let entities: PublicEntity[] = [];
  if (published.length) {
    const deadlinePassed = (await marketDate()) > cycle.surrenderDeadline;
    const rows = (await yearEntities(client, year, null)).filter((e) => closed.has(e.province_code));
    const allocated = new Map((await yearAllocations(client, year, null)).map((a) => [a.organisation_id, a]));
    const province = new Map(provinces.map((p) => [p.code, p]));
    entities = rows.map((e) => {
      const a = allocated.get(e.id);
      const free = num(a?.free);
      const paid = num(a?.paid);
      const obligation = e.obligation === null ? null : num(e.obligation);
      return {
        organisationId: e.id, name: e.name, nameZh: e.name_zh, provinceCode: e.province_code,
        provinceName: province.get(e.province_code)?.name ?? e.province_code, provinceNameZh: province.get(e.province_code)?.nameZh ?? e.province_code,
        industry: e.industry, freeAllocation: free, paidAllocation: paid, allocation: free + paid, verifiedEmissions: obligation,
        surrenderedCea: num(e.cea), surrenderedCcer: num(e.offsets), status: complianceStatus(obligation, num(e.cea) + num(e.offsets), deadlinePassed),
      };
    });
  }

  const industries = [...new Set(entities.map((e) => e.industry))].sort((a, b) => industryRank(a) - industryRank(b) || a.localeCompare(b));
  const auctions = (await listAuctions(null, { status: 'SETTLED' }))
    .filter((a) => a.instrument === 'CEA' && a.vintage === year && a.result)
    .sort((a, b) => a.result!.settledAt.localeCompare(b.result!.settledAt))
    .map((a) => ({
      id: a.id, title: a.title, titleZh: a.titleZh, vintage: a.vintage, quantity: a.quantity, reservePrice: a.reservePrice, pricing: a.pricing,
      clearingPrice: a.result!.clearingPrice, quantitySold: a.result!.quantitySold, coverageRatio: a.result!.coverageRatio, bidders: a.result!.bidders,
      winners: a.result!.winners, proceeds: a.result!.proceeds, settledAt: a.result!.settledAt,
    }));

  return {
    year,
    surrenderDeadline: cycle.surrenderDeadline,
    published: published.map((p) => ({ provinceCode: p.code, name: p.name, nameZh: p.nameZh, closedAt: closed.get(p.code)! })),
    notYetClosed: provinces.filter((p) => !closed.has(p.code)).map((p) => ({ provinceCode: p.code, name: p.name, nameZh: p.nameZh })),
    entities,
    byProvince: published.map((p) => ({ provinceCode: p.code, name: p.name, nameZh: p.nameZh, ...figuresOf(entities.filter((e) => e.provinceCode === p.code)) })),
    byIndustry: industries.map((industry) => ({ industry, ...figuresOf(entities.filter((e) => e.industry === industry)) })),
    totals: figuresOf(entities),
    auctions,
  };
}

/** The years some province has closed, newest first: the years the public report has figures for. */
export async function publishedYears(): Promise<number[]> {
  const rows = await db().complianceYearClosing.groupBy({ by: ['year'], orderBy: { year: 'desc' } });
  return rows.map((r) => r.year);
}
